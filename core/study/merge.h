#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace vitrine {

// Combining one study run on several workstations, each with its own copy of the catalog
// (issue 17 item 3). SQLite's write-ahead log needs a local file, so stations must not share
// one catalog over a network drive; each runs on its copy and the copies are merged here.

struct StudyMergeReport {
  bool createdStudy = false;  // the target had no study of that name: created from the source
  int64_t sessionsAdded = 0;
  int64_t eventsAdded = 0;
  int64_t duplicatesSkipped = 0;  // same participant with exactly the same events (merged before)
  // Sessions not merged, one line each naming source, participant and reason: a participant id
  // already used with other events in the target, or an artwork that is a different artwork
  // (another external id) in the target catalog.
  std::vector<std::string> conflicts;
};

// Copies every session (with all its events, timestamps and state) of study `studyName` from the
// catalog at `sourcePath` (opened read-only) into `target`. Each session is one transaction, so an
// interruption leaves whole sessions only; merging the same source again adds nothing.
// Throws vitrine::Error when the source cannot be opened, has no such study, or its definition
// differs from the target's study of the same name.
StudyMergeReport mergeStudy(Catalog& target, const std::string& sourcePath, const std::string& studyName);

}  // namespace vitrine
