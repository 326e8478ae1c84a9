// The Models menu (issue 8): training CuratorNet from the GUI with live charts and cancel, and
// the evaluation panel (both systems on the same cases, table, bar chart, export, past runs).
// Runs on a tiny synthetic catalog (200 items, 16-d, 30 users) so that training takes seconds.
#include <QBarSeries>
#include <QBarSet>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

#include "catalog/catalog.h"
#include "eval/evaluator.h"
#include "eval/protocol.h"
#include "eval/runs.h"
#include "train/pipeline.h"
#include "evaluation/evaluationpanel.h"
#include "recommend/embedding_choice.h"
#include "shell/mainwindow.h"
#include "recommend/curatornet.h"
#include "recommend/models.h"
#include "training/trainingpanel.h"
#include "uitest.h"

using vitrine::Catalog;
using vitrine::EvaluationPanel;
using vitrine::MainWindow;
using vitrine::TrainingPanel;
using vitrine::uitest::child;
using vitrine::uitest::chooseData;
using vitrine::uitest::series;

namespace {

constexpr int kItems = 200;
constexpr int kDim = 16;
constexpr int kUsers = 30;
const char* const kEmbedding = "synthetic";

// 200 items in 8 visual groups (a group centre plus noise), 30 users who each like mostly one
// group, 10 interactions each at increasing timestamps (the last is held out by the protocols).
void buildCatalog(const std::string& path) {
  Catalog c = Catalog::create(path);
  std::mt19937 rng(11);
  std::normal_distribution<float> noise(0.f, 0.3f);
  std::vector<std::vector<float>> centres(8, std::vector<float>(kDim));
  for (auto& centre : centres)
    for (float& v : centre) v = noise(rng) * 4;
  c.registerExtractor(kEmbedding, kDim, "1");
  std::vector<int64_t> ids;
  Catalog::Transaction t(c);
  for (int i = 0; i < kItems; ++i) {
    vitrine::Artwork a;
    a.externalId = "item" + std::to_string(i);
    a.title = "Item " + std::to_string(i);
    a.artist = "Artist " + std::to_string(i % 12);
    const int64_t id = c.insertArtwork(a);
    ids.push_back(id);
    std::vector<float> v(kDim);
    for (int d = 0; d < kDim; ++d)
      v[static_cast<size_t>(d)] = centres[static_cast<size_t>(i % 8)][static_cast<size_t>(d)] + noise(rng);
    c.putEmbedding(id, kEmbedding, v);
  }
  std::uniform_int_distribution<int> anyItem(0, kItems - 1), member(0, kItems / 8 - 1), coin(0, 9);
  for (int u = 0; u < kUsers; ++u) {
    const int group = u % 8;
    for (int j = 0; j < 10; ++j) {
      vitrine::Interaction in;
      in.userId = "user" + std::to_string(u);
      const int item = coin(rng) < 8 ? member(rng) * 8 + group : anyItem(rng);
      in.artworkId = ids[static_cast<size_t>(item)];
      in.timestamp = 1000.0 * u + j;
      c.addInteraction(in);
    }
  }
  t.commit();
}

bool hasModel(const QString& catalogPath, const std::string& name, vitrine::StoredModelInfo* out = nullptr) {
  const Catalog c = Catalog::open(catalogPath.toStdString(), true);
  for (const auto& m : vitrine::storedModels(c))
    if (m.name == name) {
      if (out) *out = m;
      return true;
    }
  return false;
}

QJsonObject parseObject(const std::string& s) { return QJsonDocument::fromJson(QByteArray::fromStdString(s)).object(); }

// Screenshots for the docs (VITRINE_SCREENSHOT_DIR, as tst_exploration).
void shot(QWidget* w, const QString& name) {
  QString dir = qEnvironmentVariable("VITRINE_SCREENSHOT_DIR");
  if (dir.isEmpty()) dir = QDir::temp().filePath(QStringLiteral("vitrine-screenshots"));
  QDir().mkpath(dir);
  QVERIFY(w->grab().save(QDir(dir).filePath(name)));
}

int columnOf(const QStandardItemModel* m, const QString& header) {
  for (int c = 0; c < m->columnCount(); ++c)
    if (m->horizontalHeaderItem(c) && m->horizontalHeaderItem(c)->text() == header) return c;
  return -1;
}

}  // namespace

class TestTraining : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_training"));
    QVERIFY(m_dir.isValid());
    m_catalogPath = m_dir.filePath(QStringLiteral("tiny.vitrine"));
    buildCatalog(m_catalogPath.toStdString());
  }

  void menuHasModelActions() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QMenu* models = nullptr;
    for (QAction* a : w.menuBar()->actions())
      if (a->menu() && a->text().remove(QLatin1Char('&')) == QLatin1String("Models")) models = a->menu();
    QVERIFY(models != nullptr);
    auto* train = w.findChild<QAction*>(QStringLiteral("actionTrainCuratorNet"));
    auto* evaluate = w.findChild<QAction*>(QStringLiteral("actionEvaluate"));
    QVERIFY(train && evaluate);
    QVERIFY(models->actions().contains(train));
    QVERIFY(models->actions().contains(evaluate));
    QVERIFY(!train->shortcut().isEmpty());
    QVERIFY(!evaluate->shortcut().isEmpty());
    QVERIFY(train->shortcut() != evaluate->shortcut());
    // Without a catalog nothing opens.
    QVERIFY(w.showTrainingPanel() == nullptr);
    QVERIFY2(w.openCatalog(m_catalogPath), qPrintable(w.lastError()));
    train->trigger();
    auto* panel = w.findChild<TrainingPanel*>();
    QVERIFY(panel != nullptr);
    QVERIFY(panel->isVisible());
    QCOMPARE(child<QComboBox>(panel, "trainEmbedding")->currentData().toString(), QString::fromLatin1(kEmbedding));
    evaluate->trigger();
    QVERIFY(w.findChild<EvaluationPanel*>() != nullptr);
  }

  // Both panels first show the embedding the one rule picks (core/recommend/embedding_choice.h),
  // not the first one stored: the user's default for training; for evaluation the first
  // candidate with a CuratorNet model (none here, so the default too).
  void panelsOpenOnTheDefaultEmbedding() {
    const QString path = m_dir.filePath(QStringLiteral("two-embeddings.vitrine"));
    buildCatalog(path.toStdString());
    {
      Catalog c = Catalog::open(path.toStdString());
      c.registerExtractor("zz_second", 3, "1");
      Catalog::Transaction t(c);
      for (int64_t id : c.artworkIdsWithEmbedding(kEmbedding)) c.putEmbedding(id, "zz_second", {1.f, 0.f, float(id)});
      t.commit();
      vitrine::setDefaultEmbeddingName(c, "zz_second");
    }
    MainWindow w;
    QVERIFY2(w.openCatalog(path), qPrintable(w.lastError()));
    TrainingPanel* train = w.showTrainingPanel();
    QVERIFY(train);
    QCOMPARE(child<QComboBox>(train, "trainEmbedding")->count(), 2);
    QCOMPARE(child<QComboBox>(train, "trainEmbedding")->currentData().toString(), QStringLiteral("zz_second"));
    EvaluationPanel* eval = w.showEvaluationPanel();
    QVERIFY(eval);
    auto* evalEmbedding = eval->findChild<QComboBox*>(QStringLiteral("evalEmbedding"));
    QVERIFY(evalEmbedding);
    QCOMPARE(evalEmbedding->currentData().toString(), QStringLiteral("zz_second"));
  }

  void trainFromThePanel() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY2(w.openCatalog(m_catalogPath), qPrintable(w.lastError()));
    QTRY_VERIFY(w.isCatalogInfoLoaded());
    QCOMPARE(ui.curatorModelCombo()->findData(QStringLiteral("gui-trained")), -1);
    TrainingPanel* p = w.showTrainingPanel();
    QVERIFY(p);
    // The dialog opens on the pipeline's defaults (TrainingJobConfig, chosen in bench/RESULTS.md);
    // this run uses the tutorial's configuration: random sampling, selection by triple accuracy.
    QCOMPARE(child<QComboBox>(p, "trainSampling")->currentData().toString(),
             QString::fromStdString(vitrine::TrainingJobConfig().sampling));
    QCOMPARE(child<QComboBox>(p, "trainSelect")->currentData().toString(),
             QString::fromStdString(vitrine::TrainingJobConfig().select));
    chooseData(child<QComboBox>(p, "trainSampling"), QStringLiteral("random"));
    chooseData(child<QComboBox>(p, "trainSelect"), QStringLiteral("triple-accuracy"));
    child<QLineEdit>(p, "trainModelName")->setText(QStringLiteral("gui-trained"));
    child<QSpinBox>(p, "trainEpochs")->setValue(3);
    child<QSpinBox>(p, "trainTriples")->setValue(1500);
    child<QSpinBox>(p, "trainValidation")->setValue(300);
    child<QSpinBox>(p, "trainSeed")->setValue(3);
    child<QSpinBox>(p, "trainBatch")->setValue(64);
    QSignalSpy stored(p, &TrainingPanel::modelStored);
    QVERIFY(child<QPushButton>(p, "trainStart")->isEnabled());
    QTest::mouseClick(child<QPushButton>(p, "trainStart"), Qt::LeftButton);
    QVERIFY(p->isRunning());
    QVERIFY(child<QPushButton>(p, "trainCancel")->isEnabled());
    QVERIFY(!child<QPushButton>(p, "trainStart")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!p->isRunning(), 300000);
    QVERIFY2(p->lastError().isEmpty(), qPrintable(p->lastError()));
    QVERIFY(!p->lastRunCancelled());
    QVERIFY(p->lastRunStored());
    QCOMPARE(p->lastEpochsRun(), 3);
    QCOMPARE(stored.count(), 1);
    QCOMPARE(stored.at(0).at(0).toString(), QStringLiteral("gui-trained"));

    // One chart point per epoch, at x = 1..3, with plausible values.
    QLineSeries* loss = series<QLineSeries>(p, "trainLossSeries");
    QLineSeries* accuracy = series<QLineSeries>(p, "trainAccuracySeries");
    QLineSeries* lr = series<QLineSeries>(p, "trainLearningRateSeries");
    for (QLineSeries* s : {loss, accuracy, lr}) {
      QCOMPARE(s->count(), 3);
      for (int i = 0; i < 3; ++i) QCOMPARE(s->at(i).x(), double(i + 1));
    }
    double bestAccuracy = -1;
    for (int i = 0; i < 3; ++i) {
      QVERIFY(std::isfinite(loss->at(i).y()) && loss->at(i).y() > 0);
      const double acc = accuracy->at(i).y();
      QVERIFY(acc >= 0 && acc <= 1);
      bestAccuracy = std::max(bestAccuracy, acc);
    }
    QCOMPARE(lr->at(0).y(),
             child<QDoubleSpinBox>(p, "trainLearningRate")->value());  // the first epoch uses the configured LR
    QVERIFY(child<QLabel>(p, "throughputLabel")->text().contains(QStringLiteral("triples/s")));

    // Stored with its configuration; the best validation accuracy is the chart's maximum.
    vitrine::StoredModelInfo info;
    QVERIFY(hasModel(m_catalogPath, "gui-trained", &info));
    QCOMPARE(QString::fromStdString(info.embedding), QString::fromLatin1(kEmbedding));
    const QJsonObject metrics = parseObject(info.metricsJson);
    QCOMPARE(metrics.value(QStringLiteral("cancelled")).toBool(), false);
    QCOMPARE(metrics.value(QStringLiteral("epochs")).toInt(), 3);
    QCOMPARE(metrics.value(QStringLiteral("best_epoch")).toInt(), p->lastBestEpoch());
    QVERIFY(std::abs(metrics.value(QStringLiteral("validation_accuracy")).toDouble() - bestAccuracy) < 1e-9);
    const QJsonObject job =
        metrics.value(QStringLiteral("training")).toObject().value(QStringLiteral("job")).toObject();
    QCOMPARE(job.value(QStringLiteral("sampling")).toString(), QStringLiteral("random"));
    QCOMPARE(job.value(QStringLiteral("select")).toString(), QStringLiteral("triple-accuracy"));
    QCOMPARE(job.value(QStringLiteral("train_triples")).toInt(), 1500);
    QCOMPARE(job.value(QStringLiteral("seed")).toInt(), 3);
    QCOMPARE(job.value(QStringLiteral("trainer")).toObject().value(QStringLiteral("max_epochs")).toInt(), 3);
    QCOMPARE(job.value(QStringLiteral("trainer")).toObject().value(QStringLiteral("batch_size")).toInt(), 64);
    // The hold-out evaluation ran on the tutorial cases (one per user).
    QVERIFY(metrics.contains(QStringLiteral("AUC")));

    shot(p, QStringLiteral("training-panel.png"));

    // ... and appears in the main window's model selector.
    QTRY_VERIFY(ui.curatorModelCombo()->findData(QStringLiteral("gui-trained")) >= 0);
    // ... as the active CuratorNet model.
    QTRY_COMPARE(ui.curatorModelCombo()->currentData().toString(), QStringLiteral("gui-trained"));
  }

  void trainWithGuidelines() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY2(w.openCatalog(m_catalogPath), qPrintable(w.lastError()));
    QTRY_VERIFY(w.isCatalogInfoLoaded());
    QCOMPARE(ui.curatorModelCombo()->currentData().toString(), QStringLiteral("gui-trained"));
    TrainingPanel* p = w.showTrainingPanel();
    QVERIFY(p);
    child<QLineEdit>(p, "trainModelName")->setText(QStringLiteral("gui-guidelines"));
    chooseData(child<QComboBox>(p, "trainSampling"), QStringLiteral("guidelines"));
    QVERIFY(child<QDoubleSpinBox>(p, "share1")->isEnabled());
    child<QDoubleSpinBox>(p, "share3")->setValue(0);  // no "different cluster" triples
    child<QSpinBox>(p, "trainEpochs")->setValue(2);
    child<QSpinBox>(p, "trainTriples")->setValue(800);
    child<QSpinBox>(p, "trainValidation")->setValue(200);
    QTest::mouseClick(child<QPushButton>(p, "trainStart"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!p->isRunning(), 300000);
    QVERIFY2(p->lastError().isEmpty(), qPrintable(p->lastError()));
    QVERIFY(p->lastRunStored());
    QCOMPARE(series<QLineSeries>(p, "trainAccuracySeries")->count(), p->lastEpochsRun());
    // The new model replaces the previously selected one in the CuratorNet column.
    QTRY_COMPARE(ui.curatorModelCombo()->currentData().toString(), QStringLiteral("gui-guidelines"));
    QVERIFY(ui.curatorModelCombo()->findData(QStringLiteral("gui-trained")) >= 0);
    vitrine::StoredModelInfo info;
    QVERIFY(hasModel(m_catalogPath, "gui-guidelines", &info));
    const QJsonObject sampling = parseObject(info.metricsJson)
                                     .value(QStringLiteral("training"))
                                     .toObject()
                                     .value(QStringLiteral("sampling"))
                                     .toObject();
    QCOMPARE(sampling.value(QStringLiteral("method")).toString(), QStringLiteral("guidelines"));
    const QJsonArray shares = sampling.value(QStringLiteral("shares")).toArray();
    QCOMPARE(shares.size(), 6);
    QCOMPARE(shares.at(2).toDouble(), 0.0);
    // Strategy 3 (index 3 of the per-strategy counts, 0 = random) got no triples.
    QCOMPARE(sampling.value(QStringLiteral("train_per_strategy")).toArray().at(3).toInt(), 0);
  }

  void cancelKeepsTheBestCheckpoint() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY2(w.openCatalog(m_catalogPath), qPrintable(w.lastError()));
    TrainingPanel* p = w.showTrainingPanel();
    QVERIFY(p);
    child<QLineEdit>(p, "trainModelName")->setText(QStringLiteral("gui-cancelled"));
    child<QSpinBox>(p, "trainEpochs")->setValue(500);
    child<QSpinBox>(p, "trainTriples")->setValue(20000);
    child<QSpinBox>(p, "trainValidation")->setValue(500);
    QTest::mouseClick(child<QPushButton>(p, "trainStart"), Qt::LeftButton);
    // Let at least one epoch finish, then cancel mid-run.
    QTRY_VERIFY_WITH_TIMEOUT(series<QLineSeries>(p, "trainAccuracySeries")->count() >= 1, 300000);
    QVERIFY(p->isRunning());
    QTest::mouseClick(child<QPushButton>(p, "trainCancel"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!p->isRunning(), 300000);
    QVERIFY2(p->lastError().isEmpty(), qPrintable(p->lastError()));
    QVERIFY(p->lastRunCancelled());
    QVERIFY(p->lastRunStored());
    QVERIFY(p->lastEpochsRun() >= 1 && p->lastEpochsRun() < 500);
    QVERIFY(p->lastBestEpoch() >= 1 && p->lastBestEpoch() <= p->lastEpochsRun());
    QCOMPARE(series<QLineSeries>(p, "trainAccuracySeries")->count(), p->lastEpochsRun());

    vitrine::StoredModelInfo info;
    QVERIFY(hasModel(m_catalogPath, "gui-cancelled", &info));
    const QJsonObject metrics = parseObject(info.metricsJson);
    QCOMPARE(metrics.value(QStringLiteral("cancelled")).toBool(), true);
    QCOMPARE(metrics.value(QStringLiteral("best_epoch")).toInt(), p->lastBestEpoch());
    // The kept checkpoint is the epoch with the highest validation accuracy on the chart.
    double bestAccuracy = -1;
    const QLineSeries* accuracy = series<QLineSeries>(p, "trainAccuracySeries");
    for (int i = 0; i < accuracy->count(); ++i) bestAccuracy = std::max(bestAccuracy, accuracy->at(i).y());
    QVERIFY(std::abs(metrics.value(QStringLiteral("validation_accuracy")).toDouble() - bestAccuracy) < 1e-9);
    // The stored weights load and rank.
    const Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
    const vitrine::EmbeddingMatrix m = c.loadEmbeddingMatrix(kEmbedding);
    auto ranker = vitrine::makeRanker("curatornet:gui-cancelled", m, &c);
    const std::vector<float> scores = ranker->scoreAll({0, 8, 16});
    QCOMPARE(static_cast<int>(scores.size()), kItems);
    for (float s : scores) QVERIFY(std::isfinite(s));
  }

  void cancelBeforeTheFirstEpochStoresNothing() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY2(w.openCatalog(m_catalogPath), qPrintable(w.lastError()));
    TrainingPanel* p = w.showTrainingPanel();
    QVERIFY(p);
    child<QLineEdit>(p, "trainModelName")->setText(QStringLiteral("gui-never"));
    child<QSpinBox>(p, "trainEpochs")->setValue(5);
    child<QSpinBox>(p, "trainTriples")->setValue(20000);
    QTest::mouseClick(child<QPushButton>(p, "trainStart"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(p, "trainCancel"), Qt::LeftButton);  // before sampling has even finished
    QTRY_VERIFY_WITH_TIMEOUT(!p->isRunning(), 300000);
    QVERIFY2(p->lastError().isEmpty(), qPrintable(p->lastError()));
    QVERIFY(p->lastRunCancelled());
    QVERIFY(!p->lastRunStored());
    QCOMPARE(p->lastEpochsRun(), 0);
    QCOMPARE(series<QLineSeries>(p, "trainAccuracySeries")->count(), 0);
    QVERIFY(!hasModel(m_catalogPath, "gui-never"));
  }

  void evaluationPanel() {
    MainWindow w;
    const vitrine::uitest::Parts ui(w);
    QVERIFY2(w.openCatalog(m_catalogPath), qPrintable(w.lastError()));
    EvaluationPanel* p = w.showEvaluationPanel();
    QVERIFY(p);
    QCOMPARE(child<QComboBox>(p, "evalEmbedding")->currentData().toString(), QString::fromLatin1(kEmbedding));
    QVERIFY(p->availableModels().contains(QStringLiteral("visrank:maximum")));
    QVERIFY(p->availableModels().contains(QStringLiteral("curatornet:gui-trained")));
    for (const QString& spec : p->availableModels()) p->setModelChecked(spec, false);
    p->setModelChecked(QStringLiteral("visrank:maximum"), true);
    p->setModelChecked(QStringLiteral("curatornet:gui-trained"), true);
    child<QLineEdit>(p, "evalCutoffs")->setText(QStringLiteral("5, 10"));
    const QList<qint64> runsBefore = p->pastRunIds();

    QTest::mouseClick(child<QPushButton>(p, "evalRun"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!p->isRunning(), 300000);
    QVERIFY2(p->lastError().isEmpty(), qPrintable(p->lastError()));
    QVERIFY(!p->lastRunCancelled());

    // Two systems x two metric sets x 8 metrics (AUC, RR, P/R/nDCG at 5 and 10), one row each.
    QStandardItemModel* r = child<QStandardItemModel>(p, "evalResultsModel");
    QCOMPARE(r->rowCount(), 2 * 2 * 8);
    const int system = columnOf(r, QStringLiteral("System")), set = columnOf(r, QStringLiteral("Metric set"));
    const int cases = columnOf(r, QStringLiteral("Cases")), metric = columnOf(r, QStringLiteral("Metric"));
    const int mean = columnOf(r, QStringLiteral("Mean"));
    QVERIFY(system >= 0 && set >= 0 && cases >= 0 && metric >= 0 && mean >= 0);
    QSet<QString> systems, metrics;
    for (int row = 0; row < r->rowCount(); ++row) {
      systems << r->item(row, system)->text();
      metrics << r->item(row, metric)->text();
    }
    QCOMPARE(systems, (QSet<QString>{QStringLiteral("visrank:maximum"), QStringLiteral("curatornet:gui-trained")}));
    QVERIFY(!metrics.contains(QStringLiteral("P@20")));  // only the chosen k values
    QCOMPARE(metrics.size(), 8);

    // The VisRank row matches core evaluate() on the same cases.
    const Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
    const vitrine::EmbeddingMatrix m = c.loadEmbeddingMatrix(kEmbedding);
    const auto caseList = vitrine::makeCases(c.interactions(), m, vitrine::Protocol::Tutorial);
    QCOMPARE(static_cast<int>(caseList.size()), kUsers);
    for (const auto& [spec, metricSet] :
         {std::pair<const char*, vitrine::MetricSet>{"visrank:maximum", vitrine::MetricSet::Reference},
          std::pair<const char*, vitrine::MetricSet>{"curatornet:gui-trained", vitrine::MetricSet::Standard}}) {
      auto ranker = vitrine::makeRanker(spec, m, &c);
      const vitrine::EvaluationResult expected = vitrine::evaluate(*ranker, caseList, metricSet, {5, 10});
      int found = 0;
      for (int row = 0; row < r->rowCount(); ++row) {
        const QString name = r->item(row, metric)->text();
        if (r->item(row, system)->text() != QLatin1String(spec) ||
            r->item(row, set)->text() != QString::fromStdString(vitrine::toString(metricSet)) ||
            (name != QLatin1String("AUC") && name != QLatin1String("nDCG@10")))
          continue;
        ++found;
        QCOMPARE(r->item(row, cases)->text().toInt(), kUsers);
        QVERIFY(std::abs(r->item(row, mean)->data(Qt::UserRole).toDouble() - expected.metrics.at(name.toStdString())) <
                1e-9);
      }
      QCOMPARE(found, 2);
    }

    // Grouped bars: one set per system, one bar per metric: AUC, RR and P/R/nDCG at the first k
    // (legible), or at every k.
    QCOMPARE(series<QBarSeries>(p, "evalBars")->count(), 2);
    for (QBarSet* s : series<QBarSeries>(p, "evalBars")->barSets()) QCOMPARE(s->count(), 5);
    chooseData(child<QComboBox>(p, "evalChartCutoff"), QStringLiteral("all"));
    for (QBarSet* s : series<QBarSeries>(p, "evalBars")->barSets()) QCOMPARE(s->count(), 8);
    child<QComboBox>(p, "evalChartCutoff")->setCurrentIndex(0);

    shot(p, QStringLiteral("evaluation-panel.png"));

    // The run is stored in evaluation_runs and listed.
    QVERIFY(p->lastRunId() > 0);
    QVERIFY(!runsBefore.contains(p->lastRunId()));
    QVERIFY(p->pastRunIds().contains(p->lastRunId()));
    {
      const auto stored = vitrine::evaluationRuns(c);
      QVERIFY(!stored.empty());
      QCOMPARE(stored.front().id, static_cast<int64_t>(p->lastRunId()));
      const QJsonObject config = parseObject(stored.front().configJson);
      QCOMPARE(config.value(QStringLiteral("protocol")).toString(), QStringLiteral("tutorial"));
      QCOMPARE(config.value(QStringLiteral("cutoffs")).toArray(), (QJsonArray{5, 10}));
    }

    // Export: the CLI's JSON document, the summary CSV with one row per system and metric set.
    const QString jsonPath = m_dir.filePath(QStringLiteral("eval.json"));
    const QString csvPath = m_dir.filePath(QStringLiteral("eval.csv"));
    QVERIFY2(p->exportJson(jsonPath), qPrintable(p->lastError()));
    QVERIFY2(p->exportCsv(csvPath), qPrintable(p->lastError()));
    QFile jf(jsonPath);
    QVERIFY(jf.open(QIODevice::ReadOnly));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(jf.readAll(), &err);
    QCOMPARE(err.error, QJsonParseError::NoError);
    const QJsonObject config = doc.object();
    QCOMPARE(config.value(QStringLiteral("embedding")).toString(), QString::fromLatin1(kEmbedding));
    QCOMPARE(config.value(QStringLiteral("cases")).toInt(), kUsers);
    QCOMPARE(config.value(QStringLiteral("items")).toInt(), kItems);
    QCOMPARE(config.value(QStringLiteral("protocol")).toString(), QStringLiteral("tutorial"));
    QCOMPARE(config.value(QStringLiteral("stored_run")).toInteger(), p->lastRunId());
    const QJsonArray results = doc.object().value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 4);
    for (const QJsonValue& v : results) QCOMPARE(v.toObject().value(QStringLiteral("metrics")).toObject().size(), 8);
    QFile cf(csvPath);
    QVERIFY(cf.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(cf.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4 + 1);
    const QStringList header = lines[0].split(QLatin1Char(','));
    QVERIFY(header.contains(QStringLiteral("nDCG@10")));
    QVERIFY(header.contains(QStringLiteral("protocol")));
    const int aucCsv = static_cast<int>(header.indexOf(QStringLiteral("AUC")));
    for (int i = 1; i < lines.size(); ++i) {
      const QStringList fields = lines[i].split(QLatin1Char(','));
      QCOMPARE(fields.size(), header.size());
      const double a = fields[aucCsv].toDouble();
      QVERIFY(a >= 0 && a <= 1);
    }

    // A second run (basket protocol, VisRank only) and the side-by-side comparison.
    const qint64 first = p->lastRunId();
    chooseData(child<QComboBox>(p, "evalProtocol"), QStringLiteral("basket"));
    p->setModelChecked(QStringLiteral("curatornet:gui-trained"), false);
    p->setModelChecked(QStringLiteral("visrank:average"), true);
    QTest::mouseClick(child<QPushButton>(p, "evalRun"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!p->isRunning(), 300000);
    QVERIFY2(p->lastError().isEmpty(), qPrintable(p->lastError()));
    const qint64 second = p->lastRunId();
    QVERIFY(second > first);
    QVERIFY(p->compareRuns(first, second));
    QStandardItemModel* cmp = child<QStandardItemModel>(p, "evalRunComparisonModel");
    QVERIFY(cmp->rowCount() > 0);
    int both = 0, onlyFirst = 0, onlySecond = 0;
    for (int row = 0; row < cmp->rowCount(); ++row) {
      bool okA = false, okB = false, okD = false;
      const double a = cmp->item(row, 3)->text().toDouble(&okA);
      const double b = cmp->item(row, 4)->text().toDouble(&okB);
      const double d = cmp->item(row, 5)->text().toDouble(&okD);
      if (okA && okB) {
        ++both;
        QVERIFY(okD);
        QVERIFY(std::abs(d - (b - a)) < 2e-5);  // shown with 5 decimals
      } else {
        QVERIFY(!okD);
        okA ? ++onlyFirst : ++onlySecond;
      }
    }
    // visrank:maximum is in both runs; CuratorNet only in the first, visrank:average only in the second.
    QCOMPARE(both, 2 * 8);
    QCOMPARE(onlyFirst, 2 * 8);
    QCOMPARE(onlySecond, 2 * 8);
    // A past run can be shown again in the results table.
    QVERIFY(p->showRun(first));
    QCOMPARE(child<QStandardItemModel>(p, "evalResultsModel")->rowCount(), 2 * 2 * 8);
  }

 private:
  QTemporaryDir m_dir;
  QTemporaryDir m_settingsDir;
  QString m_catalogPath;
};

QTEST_MAIN(TestTraining)
#include "tst_training.moc"
