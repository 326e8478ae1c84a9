#pragma once
#include <QDialog>
#include <QString>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace vitrine {

class BackgroundJob;
class CatalogWatcher;

// Catalog -> Embeddings…: the catalog's stored embeddings and the work on them, all through core
// (embed.h, embedding_admin.h, dataset_import.h), long work on a worker with progress and Cancel.
//  - "embeddingsTable": name, dimension, coverage (artworks holding it / all), version, default;
//    "setDefaultButton" stores the selected one as the default; "deleteButton" deletes it after a
//    confirmation naming what goes with it (clusterings, maps, CuratorNet models trained on it).
//  - Compute: "extractorCombo" (handcrafted, mobilenet_v2, inception_v3), "layerEdit" (empty =
//    the model's default layer), "estimateButton" (runs a short measured sample; "estimateLabel"),
//    "computeButton"; "embeddingProgress", "embeddingStatus" and "embeddingCancel" follow the run. Resumable as
//    `vitrine-cli embed`: a cancelled run keeps its batches and the next one continues.
//  - Import: an embedding .npy + ids ("npyEdit", "idsEdit", "nameEdit", "createItemsCheck",
//    "importEmbeddingButton") and an interactions CSV ("interactionsEdit",
//    "importInteractionsButton"); "reportView" shows the same report lines as
//    `vitrine-cli import-embeddings` / `import-interactions` (or the error naming file and line).
class EmbeddingsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit EmbeddingsDialog(QWidget* parent = nullptr);
  ~EmbeddingsDialog() override;

  // Lists the embeddings of the catalog at `path` (read on a worker); read-only disables changes.
  void setCatalogPath(const QString& path, bool readOnly = false);
  QString catalogPath() const { return m_path; }
  bool isBusy() const;
  // True once the list of the current catalog is shown.
  bool isListLoaded() const { return m_listLoaded; }
  QString reportText() const;

 Q_SIGNALS:
  // Something stored changed (an embedding computed, imported or deleted, the default, interactions).
  void catalogChanged();
  void listLoaded();
  // A compute, estimate or import finished (its outcome is in the status line or the report).
  void workFinished();

 private:
  void reload();
  void updateButtons();
  QString selectedName() const;
  QString extractorSpec() const;
  void setDefault();
  void deleteSelected();
  void estimate();
  void compute();
  void importEmbedding();
  void importInteractions();
  void startWork(const QString& status);
  void endWork(const QString& status, const QString& report, bool changed);

  QString m_path;
  bool m_readOnly = false;
  bool m_listLoaded = false;
  bool m_working = false;
  bool m_stale = false;  // the catalog changed while work ran: list it again when the work ends
  CatalogWatcher* m_watcher = nullptr;
  BackgroundJob* m_listJob;
  BackgroundJob* m_workJob;
  QTableWidget* m_table;
  QPushButton* m_setDefault;
  QPushButton* m_delete;
  QComboBox* m_extractor;
  QLineEdit* m_layer;
  QPushButton* m_estimate;
  QLabel* m_estimateLabel;
  QPushButton* m_compute;
  QProgressBar* m_progress;
  QLabel* m_status;
  QPushButton* m_cancel;
  QLineEdit* m_npy;
  QLineEdit* m_ids;
  QLineEdit* m_name;
  QCheckBox* m_createItems;
  QPushButton* m_importEmbedding;
  QLineEdit* m_interactions;
  QPushButton* m_importInteractions;
  QPlainTextEdit* m_report;
};

}  // namespace vitrine
