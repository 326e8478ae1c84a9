#include "study/studyform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

#include "recommend/ranker_spec.h"
#include "theme/headerlabel.h"
#include "theme/theme.h"

namespace vitrine {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QPlainTextEdit* textBox(const char* name, int lines, QWidget* parent) {
  auto* t = new QPlainTextEdit(parent);
  t->setObjectName(QLatin1String(name));
  t->setTabChangesFocus(true);
  t->setFixedHeight(t->fontMetrics().lineSpacing() * lines + 14);
  return t;
}

// A human label for a ranker spec the combo does not list already.
QString specLabel(const std::string& spec) {
  try {
    const RankerSpec r = RankerSpec::parse(spec);
    if (r.kind == RankerSpec::Kind::CuratorNet)
      return QObject::tr("CuratorNet \u00b7 %1 (not in this catalog)").arg(q(r.model));
    if (r.kind == RankerSpec::Kind::Random) return QObject::tr("Random (control) \u00b7 %1").arg(q(spec));
    return QObject::tr("VisRank \u00b7 %1").arg(q(toString(r.visrank)));
  } catch (const std::exception&) {
    return QObject::tr("%1 (not understood)").arg(q(spec));
  }
}

}  // namespace

StudyForm::StudyForm(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("studyForm"));
  auto* form = new QFormLayout(this);
  m_layout = form;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setRowWrapPolicy(QFormLayout::DontWrapRows);
  form->setLabelAlignment(Qt::AlignRight);

  m_name = new QLineEdit(this);
  m_name->setObjectName(QStringLiteral("studyNameEdit"));
  m_name->setPlaceholderText(tr("e.g. pilot-2026"));
  m_nameError = errorLabel("studyNameError");
  form->addRow(tr("&Name:"), m_name);
  form->addRow(QString(), m_nameError);

  m_systemA = new QComboBox(this);
  m_systemA->setObjectName(QStringLiteral("studySystemACombo"));
  m_systemB = new QComboBox(this);
  m_systemB->setObjectName(QStringLiteral("studySystemBCombo"));
  for (QComboBox* c : {m_systemA, m_systemB}) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(24);
    connect(c, &QComboBox::currentIndexChanged, this, [this] { updateSystemHints(); });
  }
  m_systemsError = errorLabel("studySystemsError");
  form->addRow(tr("System &A:"), m_systemA);
  form->addRow(tr("System &B:"), m_systemB);
  form->addRow(QString(), m_systemsError);

  m_embedding = new QComboBox(this);
  m_embedding->setObjectName(QStringLiteral("studyEmbeddingCombo"));
  m_embedding->setToolTip(tr("The image features both systems rank with"));
  connect(m_embedding, &QComboBox::currentIndexChanged, this, [this] { updateSystemHints(); });
  m_embeddingError = errorLabel("studyEmbeddingError");
  form->addRow(tr("&Embedding:"), m_embedding);
  form->addRow(QString(), m_embeddingError);

  m_listLength = new QSpinBox(this);
  m_listLength->setObjectName(QStringLiteral("studyListLengthSpin"));
  m_listLength->setRange(1, 100);
  m_listLength->setSuffix(tr(" artworks per list"));
  form->addRow(tr("&List length:"), m_listLength);

  m_blinded =
      new QCheckBox(tr("Blinded: label the lists \u201cList A\u201d and \u201cList B\u201d, not by system"), this);
  m_blinded->setObjectName(QStringLiteral("studyBlindedCheck"));
  form->addRow(tr("Blinding:"), m_blinded);

  m_seed = new QLineEdit(this);
  m_seed->setObjectName(QStringLiteral("studySeedEdit"));
  m_seed->setPlaceholderText(QStringLiteral("0"));
  m_seed->setToolTip(tr("Decides each participant's left/right order, grid order and the random control"));
  m_seedError = errorLabel("studySeedError");
  form->addRow(tr("&Seed:"), m_seed);
  form->addRow(QString(), m_seedError);

  m_minProfile = new QSpinBox(this);
  m_minProfile->setObjectName(QStringLiteral("studyMinProfileSpin"));
  m_minProfile->setRange(1, 1000);
  m_minProfile->setSuffix(tr(" artworks picked before the lists"));
  form->addRow(tr("Minimum &profile:"), m_minProfile);

  m_scale = new QSpinBox(this);
  m_scale->setObjectName(QStringLiteral("studyScaleSpin"));
  m_scale->setRange(2, 10);
  m_scale->setPrefix(tr("1 to "));
  form->addRow(tr("Rating s&cale:"), m_scale);

  m_askPreference = new QCheckBox(tr("Ask \u201cWhich list did you prefer?\u201d"), this);
  m_askPreference->setObjectName(QStringLiteral("studyAskPreferenceCheck"));
  form->addRow(tr("Preference:"), m_askPreference);

  m_questions = textBox("studyQuestionsEdit", 3, this);
  m_questions->setPlaceholderText(tr("One free-text question per line (none: leave empty)"));
  form->addRow(tr("&Questions:"), m_questions);

  m_instructions = textBox("studyInstructionsEdit", 4, this);
  m_instructions->setPlaceholderText(
      tr("Shown on the first page (empty: the built-in text, which names the "
         "minimum profile and the scale)"));
  form->addRow(tr("&Instructions:"), m_instructions);

  m_shuffleGrid = new QCheckBox(tr("Shuffle the profile grid per participant (else by id)"), this);
  m_shuffleGrid->setObjectName(QStringLiteral("studyShuffleGridCheck"));
  form->addRow(tr("Grid:"), m_shuffleGrid);

  m_addProfiles = new QCheckBox(tr("Allow export to add the finished participants' profiles to the interactions "
                                   "(for retraining)"),
                                this);
  m_addProfiles->setObjectName(QStringLiteral("studyAddProfilesCheck"));
  form->addRow(tr("Retraining:"), m_addProfiles);

  // Disabled check and combo boxes keep the enabled colours: a read-only study must stay legible
  // (the theme's disabled colours nearly hide an unticked box); the banner above says why.
  for (QWidget* box : std::initializer_list<QWidget*>{m_blinded, m_askPreference, m_shuffleGrid, m_addProfiles,
                                                      m_systemA, m_systemB, m_embedding}) {
    QPalette p = box->palette();
    for (int role = 0; role < QPalette::NColorRoles; ++role)
      p.setColor(QPalette::Disabled, QPalette::ColorRole(role), p.color(QPalette::Active, QPalette::ColorRole(role)));
    box->setPalette(p);
  }
  m_formError = errorLabel("studyFormError");
  form->addRow(m_formError);
  for (QLabel* l : {m_nameError, m_systemsError, m_embeddingError, m_seedError, m_formError})
    form->setRowVisible(l, false);
  // A message goes as soon as its field is changed (Save checks everything again).
  connect(m_name, &QLineEdit::textEdited, this, [this] { setError(m_nameError, QString()); });
  connect(m_seed, &QLineEdit::textEdited, this, [this] { setError(m_seedError, QString()); });
  setDefinition(StudyDefinition{});
}

QLabel* StudyForm::errorLabel(const char* objectName) {
  auto* l = new QLabel(this);
  l->setObjectName(QLatin1String(objectName));
  // Field messages are one short line (a wrapping label takes extra height in a form row); the
  // form's own message (core's refusals) wraps.
  l->setWordWrap(qstrcmp(objectName, "studyFormError") == 0);
  l->setStyleSheet(theme::css(theme::error()));
  l->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return l;
}

void StudyForm::setError(QLabel* label, const QString& message) {
  // The whole row goes when there is no message, so the form has no gaps.
  label->setText(message);
  m_layout->setRowVisible(label, !message.isEmpty());
}

void StudyForm::showFormError(const QString& message) { setError(m_formError, message); }

void StudyForm::clearErrors() {
  for (QLabel* l : {m_nameError, m_seedError, m_embeddingError, m_formError}) setError(l, QString());
  updateSystemHints();
}

void StudyForm::setChoices(const std::map<std::string, std::string>& models,
                           const std::vector<std::pair<std::string, std::string>>& embeddings) {
  m_modelEmbedding = models;
  for (QComboBox* c : {m_systemA, m_systemB}) {
    const QSignalBlocker block(c);
    c->clear();
    c->addItem(tr("VisRank \u00b7 maximum similarity"), QStringLiteral("visrank:maximum"));
    c->addItem(tr("VisRank \u00b7 average similarity"), QStringLiteral("visrank:average"));
    for (int k : {2, 3, 5})
      c->addItem(tr("VisRank \u00b7 average of the top %1").arg(k), QStringLiteral("visrank:average_top_k:%1").arg(k));
    for (const auto& [name, embedding] : models)
      c->addItem(tr("CuratorNet \u00b7 %1 (on %2)").arg(q(name), q(embedding)), q("curatornet:" + name));
    c->addItem(tr("Random (control)"), QStringLiteral("random"));
  }
  const QSignalBlocker block(m_embedding);
  m_embedding->clear();
  m_embedding->addItem(tr("Automatic (the CuratorNet model's, else the catalog's default)"), QString());
  for (const auto& [name, description] : embeddings)
    m_embedding->addItem(QStringLiteral("%1 \u2014 %2").arg(q(name), q(description)), q(name));
  if (models.empty())
    m_systemA->setToolTip(tr("No CuratorNet model in this catalog yet: train one with Models \u2192 Train"));
  updateSystemHints();
}

void StudyForm::selectSpec(QComboBox* combo, const QString& spec) {
  int i = combo->findData(spec);
  if (i < 0) {
    combo->addItem(specLabel(spec.toStdString()), spec);
    i = combo->count() - 1;
  }
  combo->setCurrentIndex(i);
}

void StudyForm::setDefinition(const StudyDefinition& d) {
  clearErrors();
  m_name->setText(q(d.name));
  if (d.systemA.empty() && d.systemB.empty()) {
    // A new study: what Vitrine is for, the catalog's CuratorNet against VisRank; without a model,
    // VisRank against the random control.
    const QString model = m_modelEmbedding.empty() ? QString() : q("curatornet:" + m_modelEmbedding.begin()->first);
    selectSpec(m_systemA, model.isEmpty() ? QStringLiteral("visrank:maximum") : model);
    selectSpec(m_systemB, model.isEmpty() ? QStringLiteral("random") : QStringLiteral("visrank:maximum"));
  } else {
    selectSpec(m_systemA, q(d.systemA));
    selectSpec(m_systemB, q(d.systemB));
  }
  int e = m_embedding->findData(q(d.embedding));
  if (e < 0) {
    m_embedding->addItem(tr("%1 (not in this catalog)").arg(q(d.embedding)), q(d.embedding));
    e = m_embedding->count() - 1;
  }
  m_embedding->setCurrentIndex(e);
  m_listLength->setValue(d.listLength);
  m_blinded->setChecked(d.blinded);
  m_seed->setText(QString::number(d.seed));
  m_minProfile->setValue(d.minProfile);
  m_scale->setValue(d.scale);
  m_askPreference->setChecked(d.askPreference);
  QStringList questions;
  for (const auto& question : d.questions) questions << q(question);
  m_questions->setPlainText(questions.join(QLatin1Char('\n')));
  m_instructions->setPlainText(q(d.instructions));
  m_shuffleGrid->setChecked(d.shuffleGrid);
  m_addProfiles->setChecked(d.addProfilesToInteractions);
  updateSystemHints();
}

void StudyForm::updateSystemHints() {
  // What core would refuse (studyEmbedding) said next to the fields, before Save.
  QString systems, embedding;
  const QString a = m_systemA->currentData().toString(), b = m_systemB->currentData().toString();
  std::vector<std::pair<QString, std::string>> curatorEmbeddings;  // model -> its embedding
  for (const QString& spec : {a, b})
    if (spec.startsWith(QLatin1String("curatornet:"))) {
      const std::string model = spec.mid(11).toStdString();
      auto it = m_modelEmbedding.find(model);
      if (it != m_modelEmbedding.end()) curatorEmbeddings.emplace_back(q(model), it->second);
    }
  if (!a.isEmpty() && a == b)
    systems = tr("A and B are the same system: both lists will be the same.");
  else if (curatorEmbeddings.size() == 2 && curatorEmbeddings[0].second != curatorEmbeddings[1].second)
    systems = tr("The two CuratorNet models were trained on different embeddings (%1, %2); a study ranks with one.")
                  .arg(q(curatorEmbeddings[0].second), q(curatorEmbeddings[1].second));
  const QString chosen = m_embedding->currentData().toString();
  if (!chosen.isEmpty())
    for (const auto& [model, modelEmbedding] : curatorEmbeddings)
      if (q(modelEmbedding) != chosen)
        embedding = tr("CuratorNet model %1 was trained on %2: choose %2 or Automatic.").arg(model, q(modelEmbedding));
  setError(m_systemsError, systems);
  setError(m_embeddingError, embedding);
}

std::optional<StudyDefinition> StudyForm::definition() {
  clearErrors();
  bool ok = true;
  StudyDefinition d;
  d.name = m_name->text().trimmed().toStdString();
  if (d.name.empty()) {
    setError(m_nameError, tr("Give the study a name."));
    ok = false;
  } else if (std::find(m_taken.begin(), m_taken.end(), d.name) != m_taken.end()) {
    setError(m_nameError, tr("Another study of this catalog is named \u201c%1\u201d.").arg(q(d.name)));
    ok = false;
  }
  d.systemA = m_systemA->currentData().toString().toStdString();
  d.systemB = m_systemB->currentData().toString().toStdString();
  // updateSystemHints (run by clearErrors) already said what is wrong with the systems.
  if (!m_systemsError->text().isEmpty() || !m_embeddingError->text().isEmpty()) ok = false;
  if (d.systemA.empty() || d.systemB.empty()) {
    setError(m_systemsError, tr("Choose both systems."));
    ok = false;
  }
  d.embedding = m_embedding->currentData().toString().toStdString();
  d.listLength = m_listLength->value();
  d.blinded = m_blinded->isChecked();
  const QString seed = m_seed->text().trimmed();
  bool seedOk = true;
  d.seed = seed.isEmpty() ? 0 : seed.toULongLong(&seedOk);
  if (!seedOk) {
    setError(m_seedError, tr("The seed is a whole number from 0 to 18446744073709551615."));
    ok = false;
  }
  d.minProfile = m_minProfile->value();
  d.scale = m_scale->value();
  d.askPreference = m_askPreference->isChecked();
  d.questions.clear();
  for (const QString& line : m_questions->toPlainText().split(QLatin1Char('\n')))
    if (!line.trimmed().isEmpty()) d.questions.push_back(line.trimmed().toStdString());
  d.instructions = m_instructions->toPlainText().trimmed().toStdString();
  d.shuffleGrid = m_shuffleGrid->isChecked();
  d.addProfilesToInteractions = m_addProfiles->isChecked();
  if (!ok) return std::nullopt;
  try {
    d.validate();
  } catch (const std::exception& e) {
    showFormError(QString::fromUtf8(e.what()));
    return std::nullopt;
  }
  return d;
}

void StudyForm::setEditable(bool editable) {
  // Read-only fields keep their normal look (a disabled check box or spin box is hard to read on
  // the dark theme): text fields and spin boxes turn read-only; check boxes are disabled but drawn
  // with the enabled colours (see the constructor); combo boxes are disabled.
  m_editable = editable;
  m_name->setReadOnly(!editable);
  m_seed->setReadOnly(!editable);
  m_questions->setReadOnly(!editable);
  m_instructions->setReadOnly(!editable);
  for (QSpinBox* spin : {m_listLength, m_minProfile, m_scale}) {
    spin->setReadOnly(!editable);
    spin->setButtonSymbols(editable ? QAbstractSpinBox::UpDownArrows : QAbstractSpinBox::NoButtons);
  }
  for (QCheckBox* box : {m_blinded, m_askPreference, m_shuffleGrid, m_addProfiles}) box->setEnabled(editable);
  for (QComboBox* combo : {m_systemA, m_systemB, m_embedding}) combo->setEnabled(editable);
}

}  // namespace vitrine
