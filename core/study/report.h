#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "eval/statistics.h"

namespace vitrine {

// The analysis a study's author reads first (issue 17 item 3): ratings per system with
// uncertainty, position effects, stated preferences and completion times. Computed from the
// events alone (latest rating per list item, latest answer per question, as `study export`), so
// it never writes to the catalog. The unit of every interval and test is the participant:
// ratings of one participant are not independent, so each participant's mean rating is one
// observation (a cluster-level analysis).

struct StudyPositionStat {
  int rank = 0;  // 1 = top of the list
  int64_t ratings = 0;
  double mean = 0.0;  // mean rating at that rank over all participants
};

struct StudySystemReport {
  std::string system;                                  // "A" or "B"
  std::string spec;                                    // the definition's ranker spec
  int64_t participants = 0;                            // participants who rated at least one item of this system
  int64_t ratings = 0;                                 // item ratings (latest per item)
  double meanRating = 0.0;                             // mean over participants of their mean rating (1..scale)
  double standardError = 0.0;                          // of that mean, over participants
  stats::Interval ci95;                                // percentile bootstrap over participants
  double meanRatingLeft = 0.0, meanRatingRight = 0.0;  // by the side it was shown on (0 if never)
  int64_t shownLeft = 0, shownRight = 0;               // participants who saw it on that side
  std::vector<StudyPositionStat> byPosition;           // ranks 1..list length
};

struct StudyPreferenceReport {
  int64_t preferA = 0, preferB = 0;
  int64_t noAnswer = 0;       // finished or in progress without a usable "preferred" answer
  double signTestPValue = 1;  // exact two-sided binomial test of preferA vs preferB (p = 1/2)
};

struct StudyTimeReport {
  int64_t finished = 0;                                                       // sessions with a finish event
  double medianSeconds = 0, meanSeconds = 0, minSeconds = 0, maxSeconds = 0;  // start -> finish
};

struct StudyReport {
  std::string study;
  int scale = 5;
  int64_t sessions = 0, finished = 0;
  StudySystemReport systemA, systemB;
  // A minus B over participants who rated both lists: mean difference with its bootstrap CI,
  // paired t-test and Wilcoxon signed-rank p-values (stats::comparePaired).
  stats::PairedComparison paired;
  StudyPreferenceReport preference;
  StudyTimeReport time;
  int resamples = 0;  // bootstrap resamples used for every interval
  uint64_t seed = 0;  // bootstrap seed

  // The paired tests need at least two participants who rated both lists, the sign test at least
  // one stated preference; otherwise their p-values are not reported ("n/a" in text, null in JSON).
  bool pairedTestsDefined() const { return paired.n >= 2; }
  bool signTestDefined() const { return preference.preferA + preference.preferB > 0; }

  std::string toJson() const;  // one object; numbers locale-independent
  std::string toText() const;  // a short human-readable summary for the terminal
};

// Throws vitrine::Error when no study has that name.
StudyReport studyReport(const Catalog& catalog, const std::string& studyName,
                        const stats::BootstrapOptions& bootstrap = {});

// Writes the report of study `studyName` into `outDir` (created if needed) as report.json
// (StudyReport::toJson, what `study report --json` prints) and report.txt (toText, what it prints
// without --json); returns the paths written. Throws vitrine::Error naming the study or the file.
std::vector<std::string> writeStudyReport(const Catalog& catalog, const std::string& studyName,
                                          const std::string& outDir, const stats::BootstrapOptions& bootstrap = {});

}  // namespace vitrine
