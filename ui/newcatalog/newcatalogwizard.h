#pragma once
#include <QWizard>

#include "newcatalog/newcatalogrequest.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace vitrine {

// File -> New Catalog…: three pages, then the caller runs the pipeline (CatalogPipeline).
//  1. "folderPage": the images folder ("folderEdit", "browseFolderButton") and "recursiveCheck";
//     "folderInfo" counts the images found.
//  2. "metadataPage": "useCsvCheck", the CSV ("csvEdit", "browseCsvButton"), a preview of its
//     first rows ("previewTable") and one combo per catalog field ("map_id", "map_file",
//     "map_title", ...) guessed from the header names; columns mapped to nothing are kept as
//     extra attributes. "csvInfo" says what is missing or wrong.
//  3. "catalogPage": the catalog file ("catalogEdit", "browseCatalogButton"); "catalogInfo" says
//     when the file exists (the import then adds what is missing: it resumes).
class NewCatalogWizard : public QWizard {
  Q_OBJECT

 public:
  explicit NewCatalogWizard(QWidget* parent = nullptr);
  // Starts on the first page with `folder` filled in (a folder dropped on the window).
  void setFolder(const QString& folder);
  NewCatalogRequest request() const;

  // The CSV column that best matches a catalog field ("Object No." -> id, "Creator" -> artist),
  // or -1. Exact names first, then known synonyms; case, spaces and punctuation are ignored.
  static int guessColumn(const QString& field, const QStringList& header);

 private:
  void updateFolderInfo();
  void loadCsv();
  void updateCsvInfo();
  void suggestCatalogPath();
  void updateCatalogInfo();

  QLineEdit* m_folder;
  QCheckBox* m_recursive;
  QLabel* m_folderInfo;
  QCheckBox* m_useCsv;
  QLineEdit* m_csv;
  QTableWidget* m_preview;
  QMap<QString, QComboBox*> m_map;
  QLabel* m_csvInfo;
  QLineEdit* m_catalog;
  QLabel* m_catalogInfo;
  QStringList m_header;
  QString m_csvError;
  QString m_suggestedFor;  // the folder the catalog path was last suggested for
  QString m_guessedCsv;    // the metadata.csv offered for the folder (dropped when the folder changes)
};

}  // namespace vitrine
