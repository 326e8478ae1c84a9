#include "newcatalog/newcatalogwizard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

#include <functional>

#include "catalog/catalog.h"
#include "common/error.h"
#include "ingest/csv.h"
#include "theme/theme.h"

namespace vitrine {

QStringList NewCatalogRequest::metadataFields() {
  return {QStringLiteral("id"),   QStringLiteral("file"),  QStringLiteral("title"),  QStringLiteral("artist"),
          QStringLiteral("date"), QStringLiteral("style"), QStringLiteral("period"), QStringLiteral("medium")};
}

namespace {

constexpr int kPreviewRows = 5;
constexpr int kCountLimit = 20000;  // folder entries looked at for the image count

// A page whose Next/Finish button follows a predicate.
class Page : public QWizardPage {
 public:
  Page(const QString& name, const QString& title, const QString& subtitle, std::function<bool()> complete)
      : m_complete(std::move(complete)) {
    setObjectName(name);
    setTitle(title);
    setSubTitle(subtitle);
  }
  bool isComplete() const override { return m_complete(); }
  void changed() { Q_EMIT completeChanged(); }

 private:
  std::function<bool()> m_complete;
};

QString normalised(const QString& name) {
  static const QRegularExpression nonWord(QStringLiteral("[^a-z0-9]"));
  return name.toLower().remove(nonWord);
}

QStringList synonyms(const QString& field) {
  static const QMap<QString, QStringList> known = {
      {QStringLiteral("id"),
       {"id", "objectid", "objectno", "objectnumber", "accession", "accessionnumber", "accessionno", "inventory",
        "inventorynumber", "identifier", "itemid", "artworkid"}},
      {QStringLiteral("file"),
       {"file", "image", "filename", "imagefile", "imagename", "path", "imagepath", "filepath", "picture", "img"}},
      {QStringLiteral("title"), {"title", "worktitle", "name", "titleofwork", "artworktitle"}},
      {QStringLiteral("artist"),
       {"artist", "artistname", "creator", "author", "maker", "painter", "artistdisplayname"}},
      {QStringLiteral("date"), {"date", "year", "datecreated", "created", "datedisplay", "creationdate"}},
      {QStringLiteral("style"), {"style", "movement", "school", "genre"}},
      {QStringLiteral("period"), {"period", "era", "century"}},
      {QStringLiteral("medium"), {"medium", "technique", "materials", "material", "mediumdisplay"}},
  };
  return known.value(field);
}

}  // namespace

int NewCatalogWizard::guessColumn(const QString& field, const QStringList& header) {
  QStringList keys;
  for (const QString& h : header) keys << normalised(h);
  for (const QString& s : synonyms(field)) {
    const int at = keys.indexOf(s);
    if (at >= 0) return at;
  }
  return -1;
}

NewCatalogWizard::NewCatalogWizard(QWidget* parent)
    : QWizard(parent),
      m_folder(new QLineEdit),
      m_recursive(new QCheckBox(tr("Include &subfolders"))),
      m_folderInfo(new QLabel),
      m_useCsv(new QCheckBox(tr("Read titles, artists and dates from a &metadata CSV file"))),
      m_csv(new QLineEdit),
      m_preview(new QTableWidget),
      m_csvInfo(new QLabel),
      m_catalog(new QLineEdit),
      m_catalogInfo(new QLabel) {
  setObjectName(QStringLiteral("newCatalogWizard"));
  setWindowTitle(tr("New Catalog"));
  setWizardStyle(QWizard::ClassicStyle);
  setOption(QWizard::NoBackButtonOnStartPage);
  setButtonText(QWizard::FinishButton, tr("&Create"));
  resize(760, 600);

  // --- 1. images ---
  auto* folderPage = new Page(QStringLiteral("folderPage"), tr("Images"),
                              tr("The folder with the paintings (JPEG, PNG, TIFF, WebP, ...)."),
                              [this] { return QFileInfo(m_folder->text().trimmed()).isDir(); });
  m_folder->setObjectName(QStringLiteral("folderEdit"));
  m_folder->setPlaceholderText(tr("Folder of images"));
  auto* browseFolder = new QPushButton(tr("&Browse\u2026"));
  browseFolder->setObjectName(QStringLiteral("browseFolderButton"));
  m_recursive->setObjectName(QStringLiteral("recursiveCheck"));
  m_folderInfo->setObjectName(QStringLiteral("folderInfo"));
  m_folderInfo->setWordWrap(true);
  m_folderInfo->setStyleSheet(theme::css(theme::textDim()));
  {
    auto* l = new QVBoxLayout(folderPage);
    auto* row = new QHBoxLayout;
    row->addWidget(m_folder, 1);
    row->addWidget(browseFolder);
    l->addLayout(row);
    l->addWidget(m_recursive);
    l->addWidget(m_folderInfo);
    l->addStretch(1);
  }
  connect(browseFolder, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Images for the New Catalog"), m_folder->text());
    if (!dir.isEmpty()) m_folder->setText(QDir::toNativeSeparators(dir));
  });
  connect(m_folder, &QLineEdit::textChanged, this, [this, folderPage] {
    if (!m_guessedCsv.isEmpty() && m_csv->text() == m_guessedCsv) {
      // The metadata.csv offered for the previous folder does not describe this one.
      m_csv->clear();
      m_useCsv->setChecked(false);
    }
    m_guessedCsv.clear();
    updateFolderInfo();
    folderPage->changed();
  });
  connect(m_recursive, &QCheckBox::toggled, this, &NewCatalogWizard::updateFolderInfo);
  addPage(folderPage);

  // --- 2. metadata ---
  auto* metaPage = new Page(QStringLiteral("metadataPage"), tr("Metadata"),
                            tr("Optional: a CSV with one row per painting. Without one, each image's file "
                               "name becomes its id and title."),
                            [this] {
                              if (!m_useCsv->isChecked()) return true;
                              return m_csvError.isEmpty() && !m_header.isEmpty() &&
                                     m_map.value(QStringLiteral("id"))->currentIndex() > 0 &&
                                     m_map.value(QStringLiteral("file"))->currentIndex() > 0;
                            });
  m_useCsv->setObjectName(QStringLiteral("useCsvCheck"));
  m_csv->setObjectName(QStringLiteral("csvEdit"));
  m_csv->setPlaceholderText(tr("metadata.csv"));
  auto* browseCsv = new QPushButton(tr("B&rowse\u2026"));
  browseCsv->setObjectName(QStringLiteral("browseCsvButton"));
  m_preview->setObjectName(QStringLiteral("previewTable"));
  m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_preview->setSelectionMode(QAbstractItemView::NoSelection);
  m_preview->verticalHeader()->setVisible(false);
  m_preview->horizontalHeader()->setDefaultSectionSize(110);
  m_preview->setMinimumHeight(150);
  m_csvInfo->setObjectName(QStringLiteral("csvInfo"));
  m_csvInfo->setWordWrap(true);
  auto* mapBox = new QWidget;
  auto* form = new QFormLayout;
  auto* form2 = new QFormLayout;
  const QStringList fields = NewCatalogRequest::metadataFields();
  const QStringList labels = {tr("Id (required)"), tr("Image file (required)"),
                              tr("Title"),         tr("Artist"),
                              tr("Date"),          tr("Style"),
                              tr("Period"),        tr("Medium")};
  for (int i = 0; i < fields.size(); ++i) {
    auto* combo = new QComboBox;
    combo->setObjectName(QStringLiteral("map_") + fields[i]);
    combo->setMinimumContentsLength(12);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_map.insert(fields[i], combo);
    (i < 4 ? form : form2)->addRow(labels[i], combo);
    connect(combo, &QComboBox::currentIndexChanged, this, [this, metaPage] {
      updateCsvInfo();
      metaPage->changed();
    });
  }
  {
    auto* cols = new QHBoxLayout(mapBox);
    cols->setContentsMargins(0, 0, 0, 0);
    cols->addLayout(form, 1);
    cols->addSpacing(16);
    cols->addLayout(form2, 1);
    auto* l = new QVBoxLayout(metaPage);
    l->addWidget(m_useCsv);
    auto* row = new QHBoxLayout;
    row->addWidget(m_csv, 1);
    row->addWidget(browseCsv);
    l->addLayout(row);
    l->addWidget(m_preview, 1);
    auto* mapTitle = new QLabel(tr("Which column holds each field (the others are kept as extra attributes):"));
    mapTitle->setWordWrap(true);
    l->addWidget(mapTitle);
    l->addWidget(mapBox);
    l->addWidget(m_csvInfo);
  }
  const auto enableCsv = [this, browseCsv, mapBox] {
    const bool on = m_useCsv->isChecked();
    for (QWidget* w :
         {static_cast<QWidget*>(m_csv), static_cast<QWidget*>(browseCsv), static_cast<QWidget*>(m_preview), mapBox})
      w->setEnabled(on);
  };
  connect(m_useCsv, &QCheckBox::toggled, this, [this, metaPage, enableCsv] {
    enableCsv();
    updateCsvInfo();
    metaPage->changed();
  });
  connect(browseCsv, &QPushButton::clicked, this, [this] {
    const QString start = m_csv->text().isEmpty() ? m_folder->text() : m_csv->text();
    const QString f =
        QFileDialog::getOpenFileName(this, tr("Metadata CSV"), start, tr("CSV files (*.csv);;All files (*)"));
    if (!f.isEmpty()) m_csv->setText(QDir::toNativeSeparators(f));
  });
  connect(m_csv, &QLineEdit::textChanged, this, [this, metaPage] {
    loadCsv();
    metaPage->changed();
  });
  enableCsv();
  addPage(metaPage);

  // --- 3. catalog file ---
  auto* catalogPage =
      new Page(QStringLiteral("catalogPage"), tr("Catalog File"),
               tr("Where the catalog is stored: one file holding the thumbnails, metadata, "
                  "embeddings and models. The images stay where they are."),
               [this] {
                 const QFileInfo f(m_catalog->text().trimmed());
                 return !m_catalog->text().trimmed().isEmpty() && f.absoluteDir().exists() && !f.isDir();
               });
  m_catalog->setObjectName(QStringLiteral("catalogEdit"));
  auto* browseCatalog = new QPushButton(tr("Bro&wse\u2026"));
  browseCatalog->setObjectName(QStringLiteral("browseCatalogButton"));
  m_catalogInfo->setObjectName(QStringLiteral("catalogInfo"));
  m_catalogInfo->setWordWrap(true);
  {
    auto* l = new QVBoxLayout(catalogPage);
    auto* row = new QHBoxLayout;
    row->addWidget(m_catalog, 1);
    row->addWidget(browseCatalog);
    l->addLayout(row);
    l->addWidget(m_catalogInfo);
    auto* next =
        new QLabel(tr("After Create, the steps run in the background, listed in the Tasks panel: "
                      "import (thumbnails appear in the grid as they land), the default CNN "
                      "embedding, clusters and map, and a cold-start CuratorNet. Each can be "
                      "cancelled; running the wizard again on the same catalog resumes."));
    next->setWordWrap(true);
    next->setStyleSheet(theme::css(theme::textDim()));
    l->addSpacing(12);
    l->addWidget(next);
    l->addStretch(1);
  }
  connect(browseCatalog, &QPushButton::clicked, this, [this] {
    const QString f =
        QFileDialog::getSaveFileName(this, tr("Save the New Catalog As"), m_catalog->text(),
                                     tr("Vitrine catalogs (*.vitrine)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (!f.isEmpty())
      m_catalog->setText(QDir::toNativeSeparators(
          f.endsWith(QLatin1String(Catalog::kExtension)) ? f : f + QLatin1String(Catalog::kExtension)));
  });
  connect(m_catalog, &QLineEdit::textChanged, this, [this, catalogPage] {
    updateCatalogInfo();
    catalogPage->changed();
  });
  addPage(catalogPage);
  connect(this, &QWizard::currentIdChanged, this, [this](int id) {
    if (id == 1 && !m_useCsv->isChecked() && m_csv->text().isEmpty()) {
      // A metadata.csv beside the images is offered (not forced).
      const QString guess = QDir(m_folder->text().trimmed()).filePath(QStringLiteral("metadata.csv"));
      if (QFileInfo(guess).isFile()) {
        m_useCsv->setChecked(true);
        m_guessedCsv = QDir::toNativeSeparators(guess);
        m_csv->setText(m_guessedCsv);
      }
    }
    if (id == 2) suggestCatalogPath();
  });
  updateFolderInfo();
  updateCsvInfo();
}

void NewCatalogWizard::setFolder(const QString& folder) {
  restart();
  m_folder->setText(QDir::toNativeSeparators(folder));
}

NewCatalogRequest NewCatalogWizard::request() const {
  NewCatalogRequest r;
  r.folder = QDir::fromNativeSeparators(m_folder->text().trimmed());
  r.recursive = m_recursive->isChecked();
  if (m_useCsv->isChecked()) {
    r.csv = QDir::fromNativeSeparators(m_csv->text().trimmed());
    for (auto it = m_map.begin(); it != m_map.end(); ++it)
      if (it.value()->currentIndex() > 0) r.columns.insert(it.key(), it.value()->currentText());
  }
  QString path = QDir::fromNativeSeparators(m_catalog->text().trimmed());
  if (!path.endsWith(QLatin1String(Catalog::kExtension))) path += QLatin1String(Catalog::kExtension);
  r.catalogPath = QFileInfo(path).absoluteFilePath();
  return r;
}

void NewCatalogWizard::updateFolderInfo() {
  const QString folder = m_folder->text().trimmed();
  if (folder.isEmpty()) {
    m_folderInfo->setText(tr("Choose a folder, or drop one on the main window."));
    return;
  }
  if (!QFileInfo(folder).isDir()) {
    m_folderInfo->setText(tr("No folder at %1.").arg(folder));
    return;
  }
  const QStringList patterns = {"*.jpg", "*.jpeg", "*.png", "*.tif", "*.tiff", "*.webp", "*.bmp"};
  QDirIterator it(folder, patterns, QDir::Files,
                  m_recursive->isChecked() ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
  int n = 0;
  while (it.hasNext() && n < kCountLimit) {
    it.next();
    ++n;
  }
  m_folderInfo->setText(n >= kCountLimit ? tr("More than %1 images found.").arg(kCountLimit)
                        : n == 1         ? tr("1 image found.")
                                         : tr("%1 images found.").arg(n));
}

void NewCatalogWizard::loadCsv() {
  m_header.clear();
  m_csvError.clear();
  m_preview->clear();
  m_preview->setRowCount(0);
  m_preview->setColumnCount(0);
  const QString path = m_csv->text().trimmed();
  if (!path.isEmpty() && QFileInfo(path).isFile()) {
    try {
      CsvReader csv = CsvReader::fromFile(QDir::fromNativeSeparators(path).toStdString());
      for (const std::string& h : csv.header()) m_header << QString::fromStdString(h).trimmed();
      if (m_header.isEmpty()) {
        m_csvError = csv.issues().empty() ? tr("%1: empty file, expected a header row").arg(path)
                                          : tr("%1:%2: %3")
                                                .arg(path)
                                                .arg(csv.issues().front().line)
                                                .arg(QString::fromStdString(csv.issues().front().reason));
      }
      m_preview->setColumnCount(static_cast<int>(m_header.size()));
      m_preview->setHorizontalHeaderLabels(m_header);
      CsvRecord rec;
      for (int row = 0; row < kPreviewRows && csv.next(rec); ++row) {
        m_preview->insertRow(row);
        for (int c = 0; c < static_cast<int>(rec.fields.size()) && c < m_header.size(); ++c)
          m_preview->setItem(row, c, new QTableWidgetItem(QString::fromStdString(rec.fields[static_cast<size_t>(c)])));
      }
    } catch (const std::exception& e) {
      m_csvError = QString::fromStdString(e.what());
    }
  } else if (!path.isEmpty()) {
    m_csvError = tr("No file at %1.").arg(path);
  }
  for (auto it = m_map.begin(); it != m_map.end(); ++it) {
    QComboBox* combo = it.value();
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(tr("(none)"));
    combo->addItems(m_header);
    combo->setCurrentIndex(guessColumn(it.key(), m_header) + 1);
  }
  updateCsvInfo();
}

void NewCatalogWizard::updateCsvInfo() {
  QString text;
  QColor colour = theme::textDim();
  if (!m_useCsv->isChecked()) {
    text = tr("No metadata file: every image in the folder is imported, its file name as id and title.");
  } else if (m_csv->text().trimmed().isEmpty()) {
    text = tr("Choose the CSV file.");
  } else if (!m_csvError.isEmpty()) {
    text = m_csvError;
    colour = theme::profile();
  } else {
    QStringList missing, kept;
    if (m_map.value(QStringLiteral("id"))->currentIndex() <= 0) missing << tr("id");
    if (m_map.value(QStringLiteral("file"))->currentIndex() <= 0) missing << tr("image file");
    QStringList used;
    for (QComboBox* c : m_map)
      if (c->currentIndex() > 0) used << c->currentText();
    for (const QString& h : m_header)
      if (!used.contains(h)) kept << h;
    if (!missing.isEmpty()) {
      text = tr("Choose the column that holds the %1.").arg(missing.join(tr(" and the ")));
      colour = theme::profile();
    } else {
      text = kept.isEmpty() ? tr("Every column is mapped.")
                            : tr("Kept as extra attributes: %1.").arg(kept.join(QStringLiteral(", ")));
    }
  }
  m_csvInfo->setText(text);
  m_csvInfo->setStyleSheet(theme::css(colour));
}

void NewCatalogWizard::suggestCatalogPath() {
  const QString folder = QDir::fromNativeSeparators(m_folder->text().trimmed());
  if (folder == m_suggestedFor && !m_catalog->text().isEmpty()) return;
  m_suggestedFor = folder;
  QString name = QFileInfo(folder).fileName();
  if (name.isEmpty()) name = QStringLiteral("catalog");
  m_catalog->setText(QDir::toNativeSeparators(QDir(folder).filePath(name + QLatin1String(Catalog::kExtension))));
}

void NewCatalogWizard::updateCatalogInfo() {
  const QFileInfo f(m_catalog->text().trimmed());
  if (m_catalog->text().trimmed().isEmpty()) {
    m_catalogInfo->setText(tr("Choose where to save the catalog."));
  } else if (f.isDir()) {
    m_catalogInfo->setText(tr("%1 is a folder; name a file.").arg(f.filePath()));
  } else if (!f.absoluteDir().exists()) {
    m_catalogInfo->setText(tr("The folder %1 does not exist.").arg(f.absolutePath()));
  } else if (f.exists()) {
    m_catalogInfo->setText(
        tr("This catalog exists: the import adds only what it does not hold yet, and each "
           "step continues where it stopped."));
  } else {
    m_catalogInfo->setText(tr("A new catalog file will be created."));
  }
}

}  // namespace vitrine
