#include "embeddings/embeddingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <vector>

#include "catalog/catalog.h"
#include "embeddings/cnn_extractor.h"
#include "embeddings/embed.h"
#include "recommend/embedding_choice.h"
#include "embeddings/embedding_admin.h"
#include "ingest/dataset_import.h"
#include "services/backgroundjob.h"
#include "services/catalogwatcher.h"
#include "theme/theme.h"

namespace vitrine {

namespace {

struct Listing {
  std::vector<EmbeddingInfo> embeddings;
  int64_t artworks = 0;
  QString defaultName;
  QString error;
};

// What a piece of work in the dialog reports back to the GUI thread.
struct WorkResult {
  QString status;  // one line for the status label
  QString report;  // the report text (CLI lines), may be empty
  bool changed = false;
  bool estimate = false;
  QString estimateText;
};

QString duration(double seconds) {
  if (seconds < 90) return QObject::tr("%1 s").arg(std::max(1, static_cast<int>(std::lround(seconds))));
  if (seconds < 90 * 60) return QObject::tr("%1 min").arg(std::lround(seconds / 60));
  return QObject::tr("%1 h").arg(seconds / 3600, 0, 'f', 1);
}

QLineEdit* fileEdit(const QString& name, const QString& placeholder) {
  auto* e = new QLineEdit;
  e->setObjectName(name);
  e->setPlaceholderText(placeholder);
  return e;
}

}  // namespace

EmbeddingsDialog::EmbeddingsDialog(QWidget* parent)
    : QDialog(parent),
      m_listJob(new BackgroundJob(this)),
      m_workJob(new BackgroundJob(this, BackgroundJob::Thread::Own)),
      m_table(new QTableWidget(0, 5, this)),
      m_setDefault(new QPushButton(tr("Set as &Default"), this)),
      m_delete(new QPushButton(tr("&Delete\u2026"), this)),
      m_extractor(new QComboBox(this)),
      m_layer(new QLineEdit(this)),
      m_estimate(new QPushButton(tr("&Estimate Time"), this)),
      m_estimateLabel(new QLabel(this)),
      m_compute(new QPushButton(tr("&Compute"), this)),
      m_progress(new QProgressBar(this)),
      m_status(new QLabel(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_npy(fileEdit(QStringLiteral("npyEdit"), tr("vectors.npy (rows x dimension)"))),
      m_ids(fileEdit(QStringLiteral("idsEdit"), tr("ids.txt (one id per line, row order)"))),
      m_name(fileEdit(QStringLiteral("nameEdit"), tr("name, e.g. resnet50"))),
      m_createItems(new QCheckBox(tr("Create artworks for unknown ids"), this)),
      m_importEmbedding(new QPushButton(tr("&Import Embedding"), this)),
      m_interactions(fileEdit(QStringLiteral("interactionsEdit"),
                              tr("interactions.csv (user_id,item_id,timestamp[,evaluation])"))),
      m_importInteractions(new QPushButton(tr("Import &Interactions"), this)),
      m_report(new QPlainTextEdit(this)) {
  setObjectName(QStringLiteral("embeddingsDialog"));
  setWindowTitle(tr("Embeddings"));
  m_table->setObjectName(QStringLiteral("embeddingsTable"));
  m_table->setHorizontalHeaderLabels({tr("Embedding"), tr("Dimension"), tr("Coverage"), tr("Version"), tr("Default")});
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->verticalHeader()->setVisible(false);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
  m_table->setWordWrap(false);  // long CNN versions are elided (full text in the tooltip)
  m_table->setMinimumHeight(120);
  m_setDefault->setObjectName(QStringLiteral("setDefaultButton"));
  m_delete->setObjectName(QStringLiteral("deleteButton"));
  m_extractor->setObjectName(QStringLiteral("extractorCombo"));
  m_extractor->addItem(QStringLiteral("handcrafted"));
  for (const CnnSpec& spec : builtinCnns()) m_extractor->addItem(QString::fromStdString(spec.model));
  m_layer->setObjectName(QStringLiteral("layerEdit"));
  m_estimate->setObjectName(QStringLiteral("estimateButton"));
  m_estimateLabel->setObjectName(QStringLiteral("estimateLabel"));
  m_estimateLabel->setWordWrap(true);
  m_estimateLabel->setStyleSheet(theme::css(theme::textDim()));
  m_compute->setObjectName(QStringLiteral("computeButton"));
  m_progress->setObjectName(QStringLiteral("embeddingProgress"));
  m_progress->setTextVisible(false);
  m_progress->setMaximumHeight(10);
  m_progress->setRange(0, 1);
  m_status->setObjectName(QStringLiteral("embeddingStatus"));
  m_status->setWordWrap(true);
  m_cancel->setObjectName(QStringLiteral("embeddingCancel"));
  m_cancel->setToolTip(tr("Stop at the next batch; what was computed is kept and the next run continues."));
  m_createItems->setObjectName(QStringLiteral("createItemsCheck"));
  m_importEmbedding->setObjectName(QStringLiteral("importEmbeddingButton"));
  m_importInteractions->setObjectName(QStringLiteral("importInteractionsButton"));
  m_report->setObjectName(QStringLiteral("reportView"));
  m_report->setReadOnly(true);
  m_report->setPlaceholderText(tr("Reports of computations and imports appear here."));
  m_report->setMaximumHeight(120);

  auto* listButtons = new QHBoxLayout;
  listButtons->addWidget(m_setDefault);
  listButtons->addWidget(m_delete);
  listButtons->addStretch(1);

  auto* computeBox = new QGroupBox(tr("Compute an embedding"), this);
  {
    auto* form = new QFormLayout;
    form->addRow(tr("Extractor:"), m_extractor);
    form->addRow(tr("Layer:"), m_layer);
    auto* row = new QHBoxLayout;
    row->addWidget(m_estimate);
    row->addWidget(m_compute);
    row->addStretch(1);
    row->addWidget(m_cancel);
    auto* l = new QVBoxLayout(computeBox);
    l->addLayout(form);
    l->addWidget(m_estimateLabel);
    l->addLayout(row);
    l->addWidget(m_progress);
    l->addWidget(m_status);
  }
  auto browse = [this](QLineEdit* edit, const QString& filter) {
    auto* b = new QPushButton(tr("\u2026"), this);
    b->setObjectName(edit->objectName() + QStringLiteral("Browse"));
    b->setToolTip(tr("Choose the file"));
    b->setMaximumWidth(32);
    connect(b, &QPushButton::clicked, this, [this, edit, filter] {
      const QString f = QFileDialog::getOpenFileName(this, tr("Choose a File"), edit->text(), filter);
      if (!f.isEmpty()) edit->setText(QDir::toNativeSeparators(f));
    });
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(b);
    return row;
  };
  auto* importBox = new QGroupBox(tr("Import"), this);
  {
    auto* form = new QFormLayout(importBox);
    form->addRow(tr("Vectors (.npy):"), browse(m_npy, tr("NumPy arrays (*.npy);;All files (*)")));
    form->addRow(tr("Ids file:"), browse(m_ids, tr("Text files (*.txt);;All files (*)")));
    auto* nameRow = new QHBoxLayout;
    nameRow->addWidget(m_name, 1);
    nameRow->addWidget(m_createItems);
    form->addRow(tr("Name:"), nameRow);
    auto* embRow = new QHBoxLayout;
    embRow->addStretch(1);
    embRow->addWidget(m_importEmbedding);
    form->addRow(embRow);
    form->addRow(tr("Interactions CSV:"), browse(m_interactions, tr("CSV files (*.csv);;All files (*)")));
    auto* intRow = new QHBoxLayout;
    intRow->addStretch(1);
    intRow->addWidget(m_importInteractions);
    form->addRow(intRow);
  }
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* l = new QVBoxLayout(this);
  l->addWidget(m_table, 1);
  l->addLayout(listButtons);
  l->addWidget(computeBox);
  l->addWidget(importBox);
  l->addWidget(m_report);
  l->addWidget(buttons);
  resize(720, 700);

  connect(m_table, &QTableWidget::itemSelectionChanged, this, &EmbeddingsDialog::updateButtons);
  connect(m_setDefault, &QPushButton::clicked, this, &EmbeddingsDialog::setDefault);
  connect(m_delete, &QPushButton::clicked, this, &EmbeddingsDialog::deleteSelected);
  connect(m_estimate, &QPushButton::clicked, this, &EmbeddingsDialog::estimate);
  connect(m_compute, &QPushButton::clicked, this, &EmbeddingsDialog::compute);
  connect(m_cancel, &QPushButton::clicked, this, [this] {
    m_workJob->stop();
    m_cancel->setEnabled(false);
    m_status->setText(tr("Cancelling\u2026"));
  });
  connect(m_importEmbedding, &QPushButton::clicked, this, &EmbeddingsDialog::importEmbedding);
  connect(m_importInteractions, &QPushButton::clicked, this, &EmbeddingsDialog::importInteractions);
  connect(m_extractor, &QComboBox::currentIndexChanged, this, [this] {
    const QString model = m_extractor->currentText();
    QString layer;
    for (const CnnSpec& spec : builtinCnns())
      if (QString::fromStdString(spec.model) == model) layer = QString::fromStdString(spec.defaultLayer);
    m_layer->clear();
    m_layer->setEnabled(!layer.isEmpty());
    m_layer->setPlaceholderText(layer.isEmpty() ? tr("(no layers)") : tr("default: %1").arg(layer));
    m_estimateLabel->clear();
  });
  Q_EMIT m_extractor->currentIndexChanged(0);
  for (QLineEdit* e : {m_npy, m_ids, m_name, m_interactions})
    connect(e, &QLineEdit::textChanged, this, &EmbeddingsDialog::updateButtons);
  connect(m_workJob, &BackgroundJob::progress, this, [this](qint64 done, qint64 total, const QString& message) {
    if (total > 0) {
      m_progress->setRange(0, 1000);
      m_progress->setValue(static_cast<int>(1000 * std::min(done, total) / total));
    }
    if (m_cancel->isEnabled())
      m_status->setText(total > 0 ? tr("%1 of %2 %3").arg(done).arg(total).arg(message) : message);
  });
  m_cancel->hide();
  updateButtons();
}

EmbeddingsDialog::~EmbeddingsDialog() = default;

bool EmbeddingsDialog::isBusy() const { return m_working; }

QString EmbeddingsDialog::reportText() const { return m_report->toPlainText(); }

void EmbeddingsDialog::setCatalogPath(const QString& path, bool readOnly) {
  if (!m_watcher) {
    // The list follows the catalog's commits (this dialog's work, the pipeline, other panels).
    m_watcher = new CatalogWatcher(this);
    connect(m_watcher, &CatalogWatcher::changed, this, [this](const CatalogChange& change) {
      if (!change.any(CatalogFamily::Embeddings | CatalogFamily::Settings | CatalogFamily::Artworks |
                      CatalogFamily::Models | CatalogFamily::Clusterings))
        return;
      if (m_working)
        m_stale = true;  // once, when the work ends (an embedding run commits often)
      else
        reload();
    });
  }
  m_watcher->setCatalogPath(path);
  m_path = path;
  m_readOnly = readOnly;
  setWindowTitle(tr("Embeddings \u2014 %1").arg(QFileInfo(path).completeBaseName()));
  reload();
}

void EmbeddingsDialog::reload() {
  m_listLoaded = false;
  const std::string path = m_path.toStdString();
  m_listJob->start(
      [path](const JobContext&) {
        Listing out;
        try {
          const Catalog c = Catalog::open(path, true);
          out.embeddings = c.embeddings();
          out.artworks = c.artworkCount();
          out.defaultName = QString::fromStdString(defaultEmbeddingName(c));
        } catch (const std::exception& e) {
          out.error = QString::fromStdString(e.what());
        }
        return out;
      },
      [this](const Listing& list) {
        const QString keep = selectedName();
        m_table->setRowCount(0);
        for (const EmbeddingInfo& e : list.embeddings) {
          const int row = m_table->rowCount();
          m_table->insertRow(row);
          const QString name = QString::fromStdString(e.name);
          const double share =
              list.artworks > 0 ? 100.0 * static_cast<double>(e.count) / static_cast<double>(list.artworks) : 0;
          const QStringList cells = {name, QString::number(e.dimension),
                                     tr("%1 / %2 (%3 %)").arg(e.count).arg(list.artworks).arg(share, 0, 'f', 0),
                                     QString::fromStdString(e.version),
                                     name == list.defaultName ? tr("\u2605 default") : QString()};
          for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == 1 || c == 2) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setToolTip(
                c == 2 ? tr("%1 of the catalog's %2 artworks hold this embedding").arg(e.count).arg(list.artworks)
                       : cells[c]);
            m_table->setItem(row, c, item);
          }
          if (name == keep) m_table->selectRow(row);
        }
        if (!list.error.isEmpty()) m_status->setText(list.error);
        m_listLoaded = true;
        updateButtons();
        Q_EMIT listLoaded();
      });
}

QString EmbeddingsDialog::selectedName() const {
  const auto rows = m_table->selectionModel() ? m_table->selectionModel()->selectedRows() : QModelIndexList();
  if (rows.isEmpty()) return {};
  const QTableWidgetItem* item = m_table->item(rows.first().row(), 0);
  return item ? item->text() : QString();
}

QString EmbeddingsDialog::extractorSpec() const {
  const QString layer = m_layer->text().trimmed();
  return layer.isEmpty() ? m_extractor->currentText() : m_extractor->currentText() + QLatin1Char(':') + layer;
}

void EmbeddingsDialog::updateButtons() {
  const bool idle = !m_working && !m_path.isEmpty();
  const bool writable = idle && !m_readOnly;
  const bool selected = !selectedName().isEmpty();
  m_setDefault->setEnabled(writable && selected);
  m_delete->setEnabled(writable && selected);
  m_estimate->setEnabled(idle);
  m_compute->setEnabled(writable);
  m_importEmbedding->setEnabled(writable && !m_npy->text().trimmed().isEmpty() && !m_ids->text().trimmed().isEmpty() &&
                                !m_name->text().trimmed().isEmpty());
  m_importInteractions->setEnabled(writable && !m_interactions->text().trimmed().isEmpty());
  m_extractor->setEnabled(!m_working);
}

void EmbeddingsDialog::setDefault() {
  const QString name = selectedName();
  if (name.isEmpty()) return;
  try {
    Catalog c = Catalog::open(m_path.toStdString());
    setDefaultEmbeddingName(c, name.toStdString());
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Set Default Embedding"), QString::fromStdString(e.what()));
    return;
  }
  m_status->setText(tr("\u201c%1\u201d is the default embedding.").arg(name));
  Q_EMIT catalogChanged();  // the list followed the commit (m_watcher)
}

void EmbeddingsDialog::deleteSelected() {
  const QString name = selectedName();
  if (name.isEmpty()) return;
  EmbeddingDependents d;
  try {
    d = embeddingDependents(Catalog::open(m_path.toStdString(), true), name.toStdString());
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Delete Embedding"), QString::fromStdString(e.what()));
    return;
  }
  QStringList also;
  if (d.clusterings > 0) also << tr("%n clustering(s)", nullptr, static_cast<int>(d.clusterings));
  if (d.layouts > 0) also << tr("%n map(s)", nullptr, static_cast<int>(d.layouts));
  for (const std::string& m : d.models) also << tr("CuratorNet model \u201c%1\u201d").arg(QString::fromStdString(m));
  QString text =
      tr("Delete the embedding \u201c%1\u201d (%n vector(s))?", nullptr, static_cast<int>(d.vectors)).arg(name);
  if (!also.isEmpty())
    text += QLatin1Char('\n') + tr("Computed from it and deleted with it: %1.").arg(also.join(QStringLiteral(", ")));
  if (QMessageBox::question(this, tr("Delete Embedding"), text, QMessageBox::Yes | QMessageBox::Cancel,
                            QMessageBox::Cancel) != QMessageBox::Yes)
    return;
  startWork(tr("Deleting \u201c%1\u201d\u2026").arg(name));
  const std::string path = m_path.toStdString(), n = name.toStdString();
  m_workJob->start(
      [path, n](const JobContext&) {
        WorkResult r;
        try {
          Catalog c = Catalog::open(path);
          const EmbeddingDependents gone = deleteEmbeddingAndDependents(c, n);
          r.status = QObject::tr("Deleted \u201c%1\u201d: %2 vectors, %3 clusterings, %4 maps, %5 models.")
                         .arg(QString::fromStdString(n))
                         .arg(gone.vectors)
                         .arg(gone.clusterings)
                         .arg(gone.layouts)
                         .arg(gone.models.size());
          r.changed = true;
        } catch (const std::exception& e) {
          r.status = QString::fromStdString(e.what());
        }
        return r;
      },
      [this](const WorkResult& r) { endWork(r.status, r.report, r.changed); });
}

void EmbeddingsDialog::estimate() {
  const QString spec = extractorSpec();
  startWork(tr("Measuring %1 on a few artworks\u2026").arg(spec));
  const std::string path = m_path.toStdString(), s = spec.toStdString();
  m_workJob->start(
      [path, s](const JobContext&) {
        WorkResult r;
        r.estimate = true;
        try {
          const Catalog c = Catalog::open(path, true);
          const auto extractor = makeExtractor(s);
          const EmbedEstimate e = estimateEmbedding(c, *extractor);
          if (e.remaining == 0)
            r.estimateText =
                QObject::tr("Every artwork already holds %1.").arg(QString::fromStdString(extractor->name()));
          else if (e.sampled == 0)
            r.estimateText = QObject::tr("%1 artworks to compute; none of the first ones has an image to measure on.")
                                 .arg(e.remaining);
          else
            r.estimateText =
                QObject::tr("About %1 for %2 artworks (measured on %3: %4 s each, first-batch warm-up included).")
                    .arg(duration(e.estimatedSeconds))
                    .arg(e.remaining)
                    .arg(e.sampled)
                    .arg(e.secondsPerArtwork, 0, 'f', 2);
          r.status = QObject::tr("Measured.");
        } catch (const std::exception& e) {
          r.estimateText = QString::fromStdString(e.what());
          r.status = QObject::tr("Cannot estimate: %1").arg(r.estimateText);
        }
        return r;
      },
      [this](const WorkResult& r) {
        m_estimateLabel->setText(r.estimateText);
        endWork(r.status, r.report, false);
      });
}

void EmbeddingsDialog::compute() {
  const QString spec = extractorSpec();
  startWork(tr("Computing %1\u2026").arg(spec));
  m_cancel->show();
  const std::string path = m_path.toStdString(), s = spec.toStdString();
  m_workJob->start(
      [path, s](const JobContext& job) {
        WorkResult r;
        try {
          Catalog c = Catalog::open(path);
          const auto extractor = makeExtractor(s);
          const EmbedReport e = computeEmbeddings(c, *extractor, 0, job.progressCallback());
          // The lines of `vitrine-cli embed`.
          QString line =
              QObject::tr("computed %1 for %2 artworks").arg(QString::fromStdString(extractor->name())).arg(e.computed);
          if (e.alreadyPresent) line += QObject::tr("; %1 already had it").arg(e.alreadyPresent);
          if (e.withoutImage) line += QObject::tr("; %1 have no image").arg(e.withoutImage);
          if (e.cancelled) line += QObject::tr("; cancelled (Compute again continues)");
          r.report = line;
          for (const std::string& p : e.problems) r.report += QLatin1Char('\n') + QString::fromStdString(p);
          r.status = line;
          r.changed = e.computed > 0 || e.cancelled;
        } catch (const std::exception& e) {
          r.status = QString::fromStdString(e.what());
          r.report = r.status;
        }
        return r;
      },
      [this](const WorkResult& r) { endWork(r.status, r.report, r.changed); });
}

void EmbeddingsDialog::importEmbedding() {
  const std::string path = m_path.toStdString();
  const std::string npy = QDir::fromNativeSeparators(m_npy->text().trimmed()).toStdString();
  const std::string ids = QDir::fromNativeSeparators(m_ids->text().trimmed()).toStdString();
  const std::string name = m_name->text().trimmed().toStdString();
  const bool create = m_createItems->isChecked();
  startWork(tr("Importing %1\u2026").arg(m_npy->text().trimmed()));
  m_workJob->start(
      [path, npy, ids, name, create](const JobContext&) {
        WorkResult r;
        try {
          Catalog c = Catalog::open(path);
          const EmbeddingImportResult result = vitrine::importEmbeddings(c, name, {EmbeddingFiles{npy, ids}}, create);
          r.report = QString::fromStdString(result.summary(name));
          r.status = r.report;
          r.changed = true;
        } catch (const std::exception& e) {
          r.report = QString::fromStdString(e.what());
          r.status = QObject::tr("Nothing was imported.");
        }
        return r;
      },
      [this](const WorkResult& r) { endWork(r.status, r.report, r.changed); });
}

void EmbeddingsDialog::importInteractions() {
  const std::string path = m_path.toStdString();
  const std::string csv = QDir::fromNativeSeparators(m_interactions->text().trimmed()).toStdString();
  startWork(tr("Importing %1\u2026").arg(m_interactions->text().trimmed()));
  m_workJob->start(
      [path, csv](const JobContext&) {
        WorkResult r;
        try {
          Catalog c = Catalog::open(path);
          const InteractionImportResult result = vitrine::importInteractions(c, csv);
          // `vitrine-cli import-interactions`: the summary, then the notes on merged rows.
          r.report = QString::fromStdString(result.summary());
          for (const std::string& note : result.notes) r.report += QLatin1Char('\n') + QString::fromStdString(note);
          r.status = QString::fromStdString(result.summary());
          r.changed = result.stored > 0;
        } catch (const std::exception& e) {
          r.report = QString::fromStdString(e.what());
          r.status = QObject::tr("Nothing was imported.");
        }
        return r;
      },
      [this](const WorkResult& r) { endWork(r.status, r.report, r.changed); });
}

void EmbeddingsDialog::startWork(const QString& status) {
  m_working = true;
  m_progress->setRange(0, 0);
  m_status->setStyleSheet(theme::css(theme::link()));
  m_status->setText(status);
  m_cancel->setEnabled(true);
  updateButtons();
}

void EmbeddingsDialog::endWork(const QString& status, const QString& report, bool changed) {
  m_working = false;
  m_progress->setRange(0, 1);
  m_progress->setValue(1);
  m_cancel->hide();
  m_status->setStyleSheet(QString());
  m_status->setText(status);
  if (!report.isEmpty()) m_report->setPlainText(report);
  updateButtons();
  if (m_stale) {
    m_stale = false;
    reload();
  }
  if (changed) Q_EMIT catalogChanged();
  Q_EMIT workFinished();
}

}  // namespace vitrine
