// The Evaluation panel's uncertainty and paired comparisons (issue 17): a run started by clicking
// shows per metric the mean, standard error and seeded bootstrap 95 % CI (as core computes them
// from the per-case values), error bars on the chart, a paired comparison table for pairs chosen
// in the panel, and exports the CLI's JSON document (validated against
// docs/schemas/evaluation.schema.json with python3-jsonschema) and the per-case CSV (loaded with
// python3-pandas). Runs on a small synthetic catalog (VisRank only, no training).
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>

#include "catalog/catalog.h"
#include "eval/evaluator.h"
#include "eval/protocol.h"
#include "eval/runs.h"
#include "eval/statistics.h"
#include "evaluation/evaluationpanel.h"
#include "recommend/models.h"
#include "uitest.h"

using vitrine::Catalog;
using vitrine::EvaluationPanel;
using vitrine::uitest::allSeries;
using vitrine::uitest::child;
using vitrine::uitest::chooseData;

namespace {

constexpr int kItems = 120;
constexpr int kDim = 8;
constexpr int kUsers = 24;
const char* const kEmbedding = "synthetic";
const char* const kMax = "visrank:maximum";
const char* const kAvg = "visrank:average";
const char* const kTop = "visrank:average_top_k:3";

// Items in 6 visual groups; each user likes mostly one group (8 interactions, the last held out).
void buildCatalog(const std::string& path) {
  Catalog c = Catalog::create(path);
  std::mt19937 rng(5);
  std::normal_distribution<float> noise(0.f, 0.4f);
  std::vector<std::vector<float>> centres(6, std::vector<float>(kDim));
  for (auto& centre : centres)
    for (float& v : centre) v = noise(rng) * 4;
  c.registerExtractor(kEmbedding, kDim, "1");
  std::vector<int64_t> ids;
  Catalog::Transaction t(c);
  for (int i = 0; i < kItems; ++i) {
    vitrine::Artwork a;
    a.externalId = "item" + std::to_string(i);
    a.title = "Item " + std::to_string(i);
    const int64_t id = c.insertArtwork(a);
    ids.push_back(id);
    std::vector<float> v(kDim);
    for (int d = 0; d < kDim; ++d)
      v[static_cast<size_t>(d)] = centres[static_cast<size_t>(i % 6)][static_cast<size_t>(d)] + noise(rng);
    c.putEmbedding(id, kEmbedding, v);
  }
  std::uniform_int_distribution<int> anyItem(0, kItems - 1), member(0, kItems / 6 - 1), coin(0, 9);
  for (int u = 0; u < kUsers; ++u) {
    for (int j = 0; j < 8; ++j) {
      vitrine::Interaction in;
      in.userId = "user" + std::to_string(u);
      const int item = coin(rng) < 7 ? member(rng) * 6 + u % 6 : anyItem(rng);
      in.artworkId = ids[static_cast<size_t>(item)];
      in.timestamp = 1000.0 * u + j;
      c.addInteraction(in);
    }
  }
  t.commit();
}

int columnOf(const QStandardItemModel* m, const QString& header) {
  for (int c = 0; c < m->columnCount(); ++c)
    if (m->horizontalHeaderItem(c) && m->horizontalHeaderItem(c)->text() == header) return c;
  return -1;
}

// The row whose columns `cols` hold `values`, or -1.
int rowOf(const QStandardItemModel* m, const QList<int>& cols, const QStringList& values) {
  for (int r = 0; r < m->rowCount(); ++r) {
    bool all = true;
    for (int i = 0; i < cols.size(); ++i) all = all && m->item(r, cols[i])->text() == values[i];
    if (all) return r;
  }
  return -1;
}

bool python3Has(const char* module) {
  return std::system(qPrintable(
             QStringLiteral("/usr/bin/python3 -c 'import %1' >/dev/null 2>&1").arg(QLatin1String(module)))) == 0;
}

QString schemaPath() { return QStringLiteral(VITRINE_TEST_DATA_DIR "/../../docs/schemas/evaluation.schema.json"); }

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

}  // namespace

class TestEvaluationPanel : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    vitrine::uitest::isolateSettings(m_settingsDir.path(), QStringLiteral("tst_evaluationpanel"));
    QVERIFY(m_dir.isValid());
    m_catalogPath = m_dir.filePath(QStringLiteral("eval.vitrine"));
    buildCatalog(m_catalogPath.toStdString());
  }

  void uncertaintyPairsAndExports() {
    EvaluationPanel p;
    p.resize(1280, 800);
    p.show();
    p.setCatalogPath(m_catalogPath);
    // The bootstrap defaults are the CLI's (stats::BootstrapOptions).
    const vitrine::stats::BootstrapOptions defaults;
    QCOMPARE(child<QSpinBox>(&p, "evalBootstrapResamples")->value(), defaults.resamples);
    QCOMPARE(static_cast<uint64_t>(child<QSpinBox>(&p, "evalBootstrapSeed")->value()), defaults.seed);
    for (const QString& spec : p.availableModels()) p.setModelChecked(spec, false);
    for (const char* spec : {kMax, kAvg, kTop}) p.setModelChecked(QString::fromLatin1(spec), true);
    child<QLineEdit>(&p, "evalCutoffs")->setText(QStringLiteral("5,10"));
    child<QSpinBox>(&p, "evalBootstrapResamples")->setValue(2000);
    child<QSpinBox>(&p, "evalBootstrapSeed")->setValue(7);

    QTest::mouseClick(child<QPushButton>(&p, "evalRun"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!p.isRunning(), 120000);
    QVERIFY2(p.lastError().isEmpty(), qPrintable(p.lastError()));
    QVERIFY(p.lastRunId() > 0);

    // Expected values from core: the same cases, the per-case values, the same bootstrap options.
    const Catalog c = Catalog::open(m_catalogPath.toStdString(), true);
    const vitrine::EmbeddingMatrix m = c.loadEmbeddingMatrix(kEmbedding);
    const auto cases = vitrine::makeCases(c.interactions(), m, vitrine::Protocol::Tutorial);
    QCOMPARE(static_cast<int>(cases.size()), kUsers);
    const vitrine::stats::BootstrapOptions options{2000, 7, 0.95};
    std::map<std::pair<std::string, vitrine::MetricSet>, vitrine::EvaluationResult> expected;
    for (const char* spec : {kMax, kAvg, kTop})
      for (vitrine::MetricSet set : {vitrine::MetricSet::Reference, vitrine::MetricSet::Standard})
        expected[{spec, set}] = vitrine::evaluate(*vitrine::makeRanker(spec, m, &c), cases, set, {5, 10});

    // Results: one row per metric set x metric x system with mean, SE and 95 % CI.
    QStandardItemModel* r = child<QStandardItemModel>(&p, "evalResultsModel");
    QCOMPARE(r->rowCount(), 2 * 8 * 3);
    const int set = columnOf(r, QStringLiteral("Metric set")), metric = columnOf(r, QStringLiteral("Metric"));
    const int system = columnOf(r, QStringLiteral("System")), mean = columnOf(r, QStringLiteral("Mean"));
    const int se = columnOf(r, QStringLiteral("SE")), ci = columnOf(r, QStringLiteral("95 % CI"));
    QVERIFY(set >= 0 && metric >= 0 && system >= 0 && mean >= 0 && se >= 0 && ci >= 0);
    int checked = 0;
    for (const auto& [key, result] : expected)
      for (const char* name : {"AUC", "RR", "nDCG@10", "P@5"}) {
        const int row = rowOf(r, {set, metric, system},
                              {QString::fromStdString(vitrine::toString(key.second)), QLatin1String(name),
                               QString::fromStdString(key.first)});
        QVERIFY2(row >= 0, name);
        const std::vector<double>& values = result.perCase.at(name);
        const vitrine::stats::Interval interval = vitrine::stats::bootstrapMeanCi(values, options);
        QVERIFY(close(r->item(row, mean)->data(Qt::UserRole).toDouble(), result.metrics.at(name)));
        QVERIFY(close(r->item(row, se)->data(Qt::UserRole).toDouble(), vitrine::stats::standardError(values)));
        QVERIFY(close(r->item(row, ci)->data(Qt::UserRole).toDouble(), interval.low));
        QVERIFY(close(r->item(row, ci)->data(Qt::UserRole + 1).toDouble(), interval.high));
        QVERIFY(interval.low <= result.metrics.at(name) && result.metrics.at(name) <= interval.high);
        ++checked;
      }
    QCOMPARE(checked, 6 * 4);
    const QString note = child<QLabel>(&p, "evalUncertaintyNote")->text();
    QVERIFY2(note.contains(QLocale().toString(2000)) && note.contains(QStringLiteral("seed 7")), qPrintable(note));

    // The chart: reference metrics, k = 5 (AUC, RR, R@5, P@5, nDCG@5) x 3 systems, each bar with an
    // error bar from its CI's low to its high end.
    QCOMPARE(child<QComboBox>(&p, "evalChartCutoff")->currentData().toString(), QStringLiteral("5"));
    QCOMPARE(allSeries<QLineSeries>(&p, "evalErrorBar").size(), 5 * 3);
    {
      const auto& values = expected[{kMax, vitrine::MetricSet::Reference}].perCase.at("AUC");
      const vitrine::stats::Interval interval = vitrine::stats::bootstrapMeanCi(values, options);
      // Category 0 (AUC), first bar set (visrank:maximum): the first error bar series.
      QLineSeries* bar = allSeries<QLineSeries>(&p, "evalErrorBar").front();
      double low = 1e9, high = -1e9;
      for (const QPointF& pt : bar->points()) {
        low = std::min(low, pt.y());
        high = std::max(high, pt.y());
        QVERIFY(pt.x() < 0);  // left of the AUC category's centre: the first of three bars
      }
      QVERIFY(close(low, interval.low) && close(high, interval.high));
    }
    chooseData(child<QComboBox>(&p, "evalChartCutoff"), QStringLiteral("all"));
    QCOMPARE(allSeries<QLineSeries>(&p, "evalErrorBar").size(), 8 * 3);

    // Paired comparisons: two pairs chosen in the panel.
    child<QTabWidget>(&p, "evalTabs")->setCurrentIndex(1);
    QSignalSpy updated(&p, &EvaluationPanel::comparisonsUpdated);
    child<QComboBox>(&p, "evalPairA")->setCurrentText(QString::fromLatin1(kMax));
    child<QComboBox>(&p, "evalPairB")->setCurrentText(QString::fromLatin1(kAvg));
    QTest::mouseClick(child<QPushButton>(&p, "evalAddPair"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!p.isComparing(), 60000);
    child<QComboBox>(&p, "evalPairA")->setCurrentText(QString::fromLatin1(kTop));
    child<QComboBox>(&p, "evalPairB")->setCurrentText(QString::fromLatin1(kMax));
    QTest::mouseClick(child<QPushButton>(&p, "evalAddPair"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!p.isComparing(), 60000);
    QVERIFY(updated.count() >= 2);
    QCOMPARE(p.comparisonPairs().size(), 2);
    // A system against itself is refused; the pairs stay.
    child<QComboBox>(&p, "evalPairB")->setCurrentText(QString::fromLatin1(kTop));
    QTest::mouseClick(child<QPushButton>(&p, "evalAddPair"), Qt::LeftButton);
    QVERIFY(!p.lastError().isEmpty());
    QCOMPARE(p.comparisonPairs().size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!p.isComparing(), 60000);

    QStandardItemModel* t = child<QStandardItemModel>(&p, "evalPairedModel");
    QCOMPARE(t->rowCount(), 2 * 2 * 8);
    const int ca = columnOf(t, QStringLiteral("A")), cb = columnOf(t, QStringLiteral("B"));
    const int cset = columnOf(t, QStringLiteral("Metric set")), cmetric = columnOf(t, QStringLiteral("Metric"));
    const int diff = columnOf(t, QStringLiteral("Mean A \u2212 B")), dci = columnOf(t, QStringLiteral("95 % CI"));
    const int pt = columnOf(t, QStringLiteral("p (paired t)")), pw = columnOf(t, QStringLiteral("p (Wilcoxon)"));
    QVERIFY(ca >= 0 && cb >= 0 && cset >= 0 && cmetric >= 0 && diff >= 0 && dci >= 0 && pt >= 0 && pw >= 0);
    std::map<std::string, vitrine::stats::PairedComparison> expectedPairs;  // for the JSON check
    for (const auto& [a, b] : {std::pair<const char*, const char*>{kMax, kAvg}, {kTop, kMax}})
      for (vitrine::MetricSet s : {vitrine::MetricSet::Reference, vitrine::MetricSet::Standard})
        for (const char* name : {"AUC", "RR", "nDCG@5"}) {
          const int row = rowOf(
              t, {ca, cb, cset, cmetric},
              {QLatin1String(a), QLatin1String(b), QString::fromStdString(vitrine::toString(s)), QLatin1String(name)});
          QVERIFY(row >= 0);
          const vitrine::stats::PairedComparison e = vitrine::stats::comparePaired(
              expected[{a, s}].perCase.at(name), expected[{b, s}].perCase.at(name), options);
          QVERIFY(close(t->item(row, diff)->data(Qt::UserRole).toDouble(), e.meanDifference));
          QVERIFY(close(t->item(row, dci)->data(Qt::UserRole).toDouble(), e.differenceCi.low));
          QVERIFY(close(t->item(row, dci)->data(Qt::UserRole + 1).toDouble(), e.differenceCi.high));
          QVERIFY(close(t->item(row, pt)->data(Qt::UserRole).toDouble(), e.tPValue));
          QVERIFY(close(t->item(row, pw)->data(Qt::UserRole).toDouble(), e.wilcoxonPValue));
          expectedPairs[std::string(a) + "|" + b + "|" + vitrine::toString(s) + "|" + name] = e;
        }

    // Exports through the panel's buttons (the save dialog replaced by the test hook).
    QStringList asked;
    p.setSaveFileNameHook([&](const QString&, const QString& suggested) {
      asked << suggested;
      return m_dir.filePath(suggested);
    });
    child<QTabWidget>(&p, "evalTabs")->setCurrentIndex(0);
    QTest::mouseClick(child<QPushButton>(&p, "evalExportJson"), Qt::LeftButton);
    QVERIFY2(p.lastError().isEmpty(), qPrintable(p.lastError()));
    QTest::mouseClick(child<QPushButton>(&p, "evalExportPerCase"), Qt::LeftButton);
    QVERIFY2(p.lastError().isEmpty(), qPrintable(p.lastError()));
    QCOMPARE(asked.size(), 2);
    const QString jsonPath = m_dir.filePath(asked[0]), csvPath = m_dir.filePath(asked[1]);
    QVERIFY(jsonPath.endsWith(QLatin1String(".json")) && csvPath.endsWith(QLatin1String(".csv")));

    QFile jf(jsonPath);
    QVERIFY(jf.open(QIODevice::ReadOnly));
    const QJsonObject doc = QJsonDocument::fromJson(jf.readAll()).object();
    QCOMPARE(doc.value(QStringLiteral("embedding")).toString(), QString::fromLatin1(kEmbedding));
    QCOMPARE(doc.value(QStringLiteral("cases")).toInt(), kUsers);
    QCOMPARE(doc.value(QStringLiteral("stored_run")).toInteger(), p.lastRunId());
    QCOMPARE(doc.value(QStringLiteral("bootstrap")).toObject().value(QStringLiteral("resamples")).toInt(), 2000);
    QCOMPARE(doc.value(QStringLiteral("bootstrap")).toObject().value(QStringLiteral("seed")).toInt(), 7);
    const QJsonArray results = doc.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 6);
    for (const QJsonValue& v : results) {
      QVERIFY(!v.toObject().contains(QStringLiteral("per_case")));
      QCOMPARE(v.toObject().value(QStringLiteral("summary")).toObject().size(), 8);
    }
    const QJsonArray comparisons = doc.value(QStringLiteral("comparisons")).toArray();
    QCOMPARE(comparisons.size(), 4);  // two pairs x two metric sets
    int matched = 0;
    for (const QJsonValue& v : comparisons) {
      const QJsonObject cmp = v.toObject();
      const std::string prefix = cmp.value(QStringLiteral("a")).toString().toStdString() + "|" +
                                 cmp.value(QStringLiteral("b")).toString().toStdString() + "|" +
                                 cmp.value(QStringLiteral("metric_set")).toString().toStdString() + "|";
      const QJsonObject metrics = cmp.value(QStringLiteral("metrics")).toObject();
      QCOMPARE(metrics.size(), 8);
      for (const char* name : {"AUC", "RR", "nDCG@5"}) {
        const auto it = expectedPairs.find(prefix + name);
        QVERIFY(it != expectedPairs.end());
        const QJsonObject mm = metrics.value(QLatin1String(name)).toObject();
        QVERIFY(close(mm.value(QStringLiteral("mean_difference")).toDouble(), it->second.meanDifference));
        QVERIFY(close(mm.value(QStringLiteral("ci95")).toArray().at(1).toDouble(), it->second.differenceCi.high));
        QVERIFY(close(mm.value(QStringLiteral("p_value_wilcoxon")).toDouble(), it->second.wilcoxonPValue));
        ++matched;
      }
    }
    QCOMPARE(matched, 4 * 3);

    // The per-case CSV: one row per system x metric set x metric x case.
    QFile cf(csvPath);
    QVERIFY(cf.open(QIODevice::ReadOnly));
    const QByteArray csv = cf.readAll();
    QCOMPARE(csv.count("\n"), 1 + 6 * 8 * kUsers);
    QVERIFY(csv.startsWith("model,metric_set,case_id,user_id,item_id,metric,value"));

    if (python3Has("jsonschema")) {
      const int rc = std::system(qPrintable(
          QStringLiteral(
              "/usr/bin/python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])),"
              " json.load(open(sys.argv[2])))' '%1' '%2'")
              .arg(jsonPath, schemaPath())));
      QCOMPARE(rc, 0);
    } else {
      qInfo("python3-jsonschema is not installed for /usr/bin/python3: schema validation not run");
    }
    if (python3Has("pandas")) {
      const double aucMean = expected[{kMax, vitrine::MetricSet::Reference}].metrics.at("AUC");
      const int rc = std::system(qPrintable(
          QStringLiteral("/usr/bin/python3 -c 'import sys,pandas; f=pandas.read_csv(sys.argv[1]); "
                         "assert list(f.columns)==[\"model\",\"metric_set\",\"case_id\",\"user_id\",\"item_id\","
                         "\"metric\",\"value\"]; assert len(f)==int(sys.argv[2]); "
                         "s=f[(f.model==\"visrank:maximum\")&(f.metric_set==\"reference\")&(f.metric==\"AUC\")]; "
                         "assert len(s)==int(sys.argv[4]) and s.user_id.nunique()==len(s); "
                         "assert abs(s.value.mean()-float(sys.argv[3]))<1e-12, s.value.mean()' '%1' %2 %3 %4")
              .arg(csvPath)
              .arg(6 * 8 * kUsers)
              .arg(aucMean, 0, 'g', 17)
              .arg(kUsers)));
      QCOMPARE(rc, 0);
    } else {
      qInfo("python3-pandas is not installed for /usr/bin/python3: CSV load check not run");
    }

    // The stored run, shown again, exports the same per-case CSV (cases and users kept with it)
    // and keeps the chosen pairs.
    QVERIFY(p.showRun(p.lastRunId()));
    QTRY_VERIFY_WITH_TIMEOUT(!p.isComparing(), 60000);
    QCOMPARE(p.comparisonPairs().size(), 2);
    QCOMPARE(child<QStandardItemModel>(&p, "evalPairedModel")->rowCount(), 2 * 2 * 8);
    const QString again = m_dir.filePath(QStringLiteral("again.csv"));
    QVERIFY2(p.exportPerCaseCsv(again), qPrintable(p.lastError()));
    QFile af(again);
    QVERIFY(af.open(QIODevice::ReadOnly));
    QCOMPARE(af.readAll(), csv);
  }

  // A run stored before per-case values were kept: means shown, no SE/CI, no error bars, and
  // neither the JSON document (its schema needs the summaries) nor a per-case CSV is written.
  void runStoredWithMeansOnly() {
    int64_t id = 0;
    {
      Catalog c = Catalog::open(m_catalogPath.toStdString());
      id = vitrine::storeEvaluationRun(
          c,
          R"j({"embedding":"synthetic","protocol":"tutorial","max_profile":10,"metric_sets":["reference"],)j"
          R"j("cutoffs":[5],"models":["visrank:maximum","visrank:average"],"items":120,"cases":24})j",
          R"j([{"model":"visrank:maximum","name":"VisRank (maximum)","config":{},"metric_set":"reference","cases":24,)j"
          R"j("metrics":{"AUC":0.8,"RR":0.25,"R@5":0.5,"P@5":0.1,"nDCG@5":0.3}},)j"
          R"j({"model":"visrank:average","name":"VisRank (average)","config":{},"metric_set":"reference","cases":24,)j"
          R"j("metrics":{"AUC":0.7,"RR":0.2,"R@5":0.4,"P@5":0.08,"nDCG@5":0.25}}])j");
    }
    EvaluationPanel p;
    p.setCatalogPath(m_catalogPath);
    QVERIFY(p.pastRunIds().contains(id));
    QVERIFY2(p.showRun(id), qPrintable(p.lastError()));
    QStandardItemModel* r = child<QStandardItemModel>(&p, "evalResultsModel");
    QCOMPARE(r->rowCount(), 2 * 5);
    const int mean = columnOf(r, QStringLiteral("Mean")), se = columnOf(r, QStringLiteral("SE"));
    const int metric = columnOf(r, QStringLiteral("Metric"));
    QCOMPARE(r->item(0, metric)->text(), QStringLiteral("AUC"));
    QCOMPARE(r->item(0, mean)->data(Qt::UserRole).toDouble(), 0.8);
    QCOMPARE(r->item(0, se)->text(), QStringLiteral("\u2013"));
    QVERIFY(child<QLabel>(&p, "evalUncertaintyNote")->text().contains(QStringLiteral("before per-case values")));
    QVERIFY(allSeries<QLineSeries>(&p, "evalErrorBar").isEmpty());

    // A pair can be chosen, but there is nothing to pair: no rows, and no JSON or per-case CSV.
    QVERIFY(p.addComparisonPair(QString::fromLatin1(kMax), QString::fromLatin1(kAvg)));
    QTRY_VERIFY_WITH_TIMEOUT(!p.isComparing(), 60000);
    QCOMPARE(child<QStandardItemModel>(&p, "evalPairedModel")->rowCount(), 0);
    const QString json = m_dir.filePath(QStringLiteral("legacy.json")),
                  csv = m_dir.filePath(QStringLiteral("legacy.csv"));
    QVERIFY(!p.exportJson(json));
    QVERIFY(p.lastError().contains(QStringLiteral("before per-case values")));
    QVERIFY(!p.exportPerCaseCsv(csv));
    QVERIFY(!QFile::exists(json) && !QFile::exists(csv));
    QVERIFY2(p.exportCsv(csv), qPrintable(p.lastError()));  // the means-only summary still works
    QVERIFY(QFile::exists(csv));
  }

 private:
  QTemporaryDir m_dir;
  QTemporaryDir m_settingsDir;
  QString m_catalogPath;
};

QTEST_MAIN(TestEvaluationPanel)
#include "tst_evaluationpanel.moc"
