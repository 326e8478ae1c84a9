#pragma once
#include <QMainWindow>
#include <QString>

#include <memory>

class QLabel;
class QLineEdit;
class QListView;
class QSlider;
class QTimer;

namespace vitrine {

class Catalog;
class ThumbnailModel;
class ThumbnailView;

// The browser window: a searchable thumbnail grid over one catalog.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a catalog file and shows its artworks. On failure keeps the current catalog, stores
  // the reason in lastError() and returns false (no message box: the caller decides).
  bool openCatalog(const QString& path);
  QString lastError() const { return m_lastError; }
  QString catalogPath() const { return m_catalogPath; }
  // The data credit shown in About (catalog setting "credit", or the demo set's).
  QString creditLine() const { return m_credit; }

  // For tests and the later exploration UI.
  QListView* gridView() const;
  ThumbnailView* thumbnailView() const { return m_view; }
  QLineEdit* searchEdit() const { return m_search; }
  ThumbnailModel* model() const { return m_model; }
  QSlider* sizeSlider() const { return m_sizeSlider; }
  std::shared_ptr<Catalog> catalog() const { return m_catalog; }

 public Q_SLOTS:
  void showOpenCatalogDialog();
  void showAbout();
  void zoomIn();
  void zoomOut();
  void focusSearch();

 Q_SIGNALS:
  void catalogOpened(const QString& path);

 protected:
  void closeEvent(QCloseEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void createActions();
  void updateStatus();
  void applySearch();

  ThumbnailModel* m_model;
  ThumbnailView* m_view;
  QLineEdit* m_search;
  QSlider* m_sizeSlider;
  QLabel* m_countLabel;
  QLabel* m_catalogLabel;
  QTimer* m_searchTimer;
  std::shared_ptr<Catalog> m_catalog;
  QString m_catalogPath;
  QString m_lastError;
  QString m_credit;
};

}  // namespace vitrine
