#include "eval/protocol.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <sstream>
#include <unordered_map>

#include "common/error.h"
#include "common/text.h"
#include "ingest/csv.h"
#include "ingest/timestamp.h"

namespace vitrine {

namespace {

std::string lowerTrimmed(const std::string& s) {
  std::string t;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c)))
      t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t;
}

// One usable interaction: its embedding row and its position in the input (the file order).
struct Event {
  int64_t row = 0;
  double timestamp = 0;
  size_t order = 0;
  std::optional<bool> evaluation;
};

void appendUnique(std::vector<int64_t>& v, int64_t x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

// The distinct rows of the last events, at most `maxProfile` of them (all when maxProfile <= 0),
// chronological; an item seen more than once keeps its latest position. Events whose row is in
// `exclude` (held-out items) are skipped and counted in `excluded`.
std::vector<int64_t> lastRows(const std::vector<const Event*>& events, int maxProfile,
                              const std::vector<int64_t>& exclude, int64_t& excluded, int64_t& repeats) {
  std::vector<int64_t> out;
  for (size_t i = events.size(); i-- > 0;) {
    const int64_t row = events[i]->row;
    if (std::find(exclude.begin(), exclude.end(), row) != exclude.end()) {
      ++excluded;
      continue;
    }
    if (maxProfile > 0 && out.size() >= static_cast<size_t>(maxProfile)) continue;
    if (std::find(out.begin(), out.end(), row) != out.end()) {
      ++repeats;
      continue;
    }
    out.push_back(row);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// numpy's aheapsort_ (npysort/heapsort.cpp), the introsort fallback of aquicksort_ below.
void numpyArgHeapsort(const std::vector<double>& v, size_t* tosort, size_t n) {
  size_t* a = tosort - 1;  // 1-based heap indexing, as numpy does
  size_t i, j, l, tmp;
  for (l = n >> 1; l > 0; --l) {
    tmp = a[l];
    for (i = l, j = l << 1; j <= n;) {
      if (j < n && v[a[j]] < v[a[j + 1]]) j += 1;
      if (v[tmp] < v[a[j]]) {
        a[i] = a[j];
        i = j;
        j += j;
      } else {
        break;
      }
    }
    a[i] = tmp;
  }
  for (; n > 1;) {
    tmp = a[n];
    a[n] = a[1];
    n -= 1;
    for (i = 1, j = 2; j <= n;) {
      if (j < n && v[a[j]] < v[a[j + 1]]) j++;
      if (v[tmp] < v[a[j]]) {
        a[i] = a[j];
        i = j;
        j += j;
      } else {
        break;
      }
    }
    a[i] = tmp;
  }
}

// The permutation of numpy's (1.24) default argsort, aquicksort_ in npysort/quicksort.cpp.
// spec §1.2 step 3: the tutorial re-sorts all interactions with the unstable pandas
// sort_values("timestamp"); the order it leaves equal timestamps in is the order of items inside
// a basket of the evaluation profile, and so decides which items survive the 10-item cut.
std::vector<size_t> numpyArgsortQuicksort(const std::vector<double>& v) {
  const size_t num = v.size();
  std::vector<size_t> order(num);
  std::iota(order.begin(), order.end(), size_t{0});
  if (num < 2) return order;
  constexpr std::ptrdiff_t kSmall = 16;  // SMALL_QUICKSORT
  size_t* base = order.data();
  size_t* pl = base;
  size_t* pr = base + num - 1;
  std::vector<std::pair<size_t*, size_t*>> stack;
  std::vector<int> depths;
  int cdepth = 0;
  for (size_t u = num; u >>= 1;) ++cdepth;  // npy_get_msb
  cdepth *= 2;
  for (;;) {
    if (cdepth < 0) {
      numpyArgHeapsort(v, pl, static_cast<size_t>(pr - pl + 1));
    } else {
      while ((pr - pl) > kSmall) {
        size_t* pm = pl + ((pr - pl) >> 1);
        if (v[*pm] < v[*pl]) std::swap(*pm, *pl);
        if (v[*pr] < v[*pm]) std::swap(*pr, *pm);
        if (v[*pm] < v[*pl]) std::swap(*pm, *pl);
        const double vp = v[*pm];
        size_t* pi = pl;
        size_t* pj = pr - 1;
        std::swap(*pm, *pj);
        for (;;) {
          do ++pi;
          while (v[*pi] < vp);
          do --pj;
          while (vp < v[*pj]);
          if (pi >= pj) break;
          std::swap(*pi, *pj);
        }
        std::swap(*pi, *(pr - 1));
        // Keep the larger partition for later, as numpy does.
        if (pi - pl < pr - pi) {
          stack.emplace_back(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.emplace_back(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push_back(--cdepth);
      }
      for (size_t* pi = pl + 1; pi <= pr; ++pi) {  // insertion sort
        const size_t vi = *pi;
        const double x = v[vi];
        size_t* pj = pi;
        size_t* pk = pi - 1;
        while (pj > pl && x < v[*pk]) *pj-- = *pk--;
        *pj = vi;
      }
    }
    if (stack.empty()) break;
    pl = stack.back().first;
    pr = stack.back().second;
    stack.pop_back();
    cdepth = depths.back();
    depths.pop_back();
  }
  return order;
}

}  // namespace

Protocol parseProtocol(const std::string& s) {
  const std::string t = lowerTrimmed(s);
  if (t == "tutorial") return Protocol::Tutorial;
  if (t == "basket") return Protocol::Basket;
  throw Error("unknown evaluation protocol '" + s + "' (expected 'tutorial' or 'basket')");
}

std::string toString(Protocol p) { return p == Protocol::Tutorial ? "tutorial" : "basket"; }

std::vector<EvaluationCase> makeCases(const std::vector<Interaction>& interactions, const EmbeddingMatrix& embeddings,
                                      Protocol protocol, int maxProfile, CaseReport* reportOut) {
  CaseReport report;
  std::unordered_map<int64_t, int64_t> rowOf;
  rowOf.reserve(embeddings.artworkIds.size());
  for (int64_t r = 0; r < embeddings.rows(); ++r) rowOf.emplace(embeddings.artworkIds[r], r);

  // spec §1.2 step 1: interactions without an embedding are dropped before anything else.
  // Exact duplicates (same user, item and timestamp) count once: the first copy stays.
  std::vector<Event> events;
  events.reserve(interactions.size());
  std::set<std::tuple<std::string, int64_t, double>> seen;
  bool anyFlag = false;
  for (size_t i = 0; i < interactions.size(); ++i) {
    const auto r = rowOf.find(interactions[i].artworkId);
    if (r == rowOf.end()) {
      ++report.withoutEmbedding;
      continue;
    }
    if (!seen.emplace(interactions[i].userId, r->second, interactions[i].timestamp).second) {
      ++report.duplicatesMerged;
      continue;
    }
    events.push_back(Event{r->second, interactions[i].timestamp, i, interactions[i].evaluation});
    anyFlag = anyFlag || interactions[i].evaluation.has_value();
  }

  // Position of each event in time order. Tutorial: the tutorial's own (unstable) sort order;
  // basket: ties by file order.
  std::vector<size_t> timeOrder;
  if (protocol == Protocol::Tutorial) {
    std::vector<double> ts(events.size());
    for (size_t i = 0; i < events.size(); ++i) ts[i] = events[i].timestamp;
    timeOrder = numpyArgsortQuicksort(ts);
  } else {
    timeOrder.resize(events.size());
    std::iota(timeOrder.begin(), timeOrder.end(), size_t{0});
    std::stable_sort(timeOrder.begin(), timeOrder.end(),
                     [&events](size_t a, size_t b) { return events[a].timestamp < events[b].timestamp; });
  }

  // Users in order of first appearance, each with its events in time order.
  std::vector<std::string> users;
  std::unordered_map<std::string, std::vector<const Event*>> byUser;
  for (const Event& e : events) {
    auto [pos, inserted] = byUser.try_emplace(interactions[e.order].userId);
    if (inserted) users.push_back(interactions[e.order].userId);
  }
  for (size_t i : timeOrder) byUser[interactions[events[i].order].userId].push_back(&events[i]);

  struct Pending {
    EvaluationCase c;
    size_t order = 0;  // file position of the (first) held-out interaction
  };
  std::vector<Pending> pending;

  for (const std::string& user : users) {
    const std::vector<const Event*>& ev = byUser[user];
    Pending p;
    p.c.userId = user;

    if (protocol == Protocol::Tutorial && anyFlag) {
      // spec §1.2 step 3 only marks rows when the data has no evaluation column; with flags, the
      // flagged rows of a user form one case (the tutorial's per-(profile,user) grouping, without
      // the predict-summing bug of §8.12). Users without training rows get no case.
      std::vector<const Event*> train;
      const Event* firstHeld = nullptr;
      for (const Event* e : ev) {
        if (e->evaluation.value_or(false)) {
          appendUnique(p.c.groundTruth, e->row);
          if (!firstHeld || e->timestamp < firstHeld->timestamp ||
              (e->timestamp == firstHeld->timestamp && e->order < firstHeld->order))
            firstHeld = e;
        } else {
          train.push_back(e);
        }
      }
      if (!firstHeld || train.empty()) continue;
      p.c.profile =
          lastRows(train, maxProfile, p.c.groundTruth, report.heldOutRemovedFromProfile, report.repeatsInProfile);
      p.c.timestamp = firstHeld->timestamp;
      p.order = firstHeld->order;
    } else if (protocol == Protocol::Tutorial) {
      // spec §1.2 step 3: the last interaction (in time, ties by file order) is held out when the
      // user has more than one; step 6: the profile is the last maxProfile of the others.
      if (ev.size() < 2) continue;
      const Event* held = ev.front();
      for (const Event* e : ev)
        if (e->timestamp > held->timestamp || (e->timestamp == held->timestamp && e->order > held->order)) held = e;
      std::vector<const Event*> train;
      for (const Event* e : ev)
        if (e != held) train.push_back(e);
      p.c.groundTruth = {held->row};
      p.c.profile =
          lastRows(train, maxProfile, p.c.groundTruth, report.heldOutRemovedFromProfile, report.repeatsInProfile);
      p.c.timestamp = held->timestamp;
      p.order = held->order;
    } else {
      // spec §1.1 step 3: the last basket (run of equal timestamps) is held out when there are
      // >= 2 baskets; the profile is every earlier item (maxProfile does not apply, as in ORIG).
      size_t start = ev.size();
      while (start > 0 && ev[start - 1]->timestamp == ev.back()->timestamp) --start;
      if (start == 0) continue;  // a single basket (or no event): training only
      for (size_t i = start; i < ev.size(); ++i) appendUnique(p.c.groundTruth, ev[i]->row);
      p.c.profile = lastRows(std::vector<const Event*>(ev.begin(), ev.begin() + start), 0, p.c.groundTruth,
                             report.heldOutRemovedFromProfile, report.repeatsInProfile);
      p.c.timestamp = ev.back()->timestamp;
      p.order = ev[start]->order;
    }
    if (p.c.profile.empty()) {  // every training interaction was a held-out item
      ++report.usersWithoutProfile;
      continue;
    }
    pending.push_back(std::move(p));
  }

  std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
    if (a.c.timestamp != b.c.timestamp) return a.c.timestamp < b.c.timestamp;
    return a.order < b.order;
  });
  std::vector<EvaluationCase> cases;
  cases.reserve(pending.size());
  for (Pending& p : pending) cases.push_back(std::move(p.c));
  // The guarantee every protocol gives (docs/data-policies.md): checked, not assumed.
  if (casesWithHeldOutInProfile(cases) > 0)
    throw Error("evaluation protocol " + toString(protocol) +
                " produced a case whose held-out item is in its profile (a bug; please report it)");
  if (reportOut) *reportOut = report;
  return cases;
}

int64_t casesWithHeldOutInProfile(const std::vector<EvaluationCase>& cases) {
  int64_t n = 0;
  for (const EvaluationCase& c : cases)
    for (int64_t g : c.groundTruth)
      if (std::find(c.profile.begin(), c.profile.end(), g) != c.profile.end()) {
        ++n;
        break;
      }
  return n;
}

std::vector<EvaluationCase> readCasesCsv(const std::string& path, const EmbeddingMatrix& embeddings, bool itemsAreIds) {
  CsvReader reader = CsvReader::fromFile(path);
  const int cUser = reader.column("user_id");
  const int cPredict = reader.column("predict");
  const int cTime = reader.column("timestamp");
  const int cProfile = reader.column("profile");
  if (cUser < 0 || cPredict < 0 || cProfile < 0)
    throw Error(path + ": expected the columns user_id,predict,timestamp,profile");

  std::unordered_map<std::string, int64_t> rowOfId;
  if (itemsAreIds)
    for (int64_t r = 0; r < static_cast<int64_t>(embeddings.externalIds.size()); ++r)
      rowOfId.emplace(embeddings.externalIds[r], r);

  auto fail = [&path](int64_t line, const std::string& why) -> Error {
    return Error(path + ":" + std::to_string(line) + ": " + why);
  };
  auto item = [&](const std::string& text, int64_t line) -> int64_t {
    const std::string t = trim(text);
    if (itemsAreIds) {
      const auto f = rowOfId.find(t);
      if (f == rowOfId.end()) throw fail(line, "unknown item id '" + t + "'");
      return f->second;
    }
    char* end = nullptr;
    const long long v = std::strtoll(t.c_str(), &end, 10);
    if (t.empty() || *end != '\0') throw fail(line, "'" + t + "' is not a row index");
    if (v < 0 || v >= embeddings.rows())
      throw fail(line, "row index " + t + " is outside 0.." + std::to_string(embeddings.rows() - 1));
    return static_cast<int64_t>(v);
  };

  // Rows with the same user and profile form one case with several ground-truth items (the
  // tutorial's groupby, §6.1 step 1, without summing the item indices, §8.12).
  std::vector<EvaluationCase> cases;
  std::map<std::pair<std::string, std::vector<int64_t>>, size_t> caseOf;
  CsvRecord rec;
  while (reader.next(rec)) {
    if (!reader.issues().empty()) break;
    const auto field = [&rec](int c) -> std::string {
      return c >= 0 && c < static_cast<int>(rec.fields.size()) ? rec.fields[c] : std::string();
    };
    EvaluationCase c;
    c.userId = trim(field(cUser));
    const int64_t predict = item(field(cPredict), rec.line);
    if (cTime >= 0) {
      const std::string t = trim(field(cTime));
      std::string why;
      const auto ts = parseTimestamp(t, &why);
      if (!ts) throw fail(rec.line, "'" + t + "' is not a timestamp: " + why);
      c.timestamp = ts->seconds;
    }
    std::istringstream ps(field(cProfile));
    std::string tok;
    while (ps >> tok) c.profile.push_back(item(tok, rec.line));

    auto key = std::make_pair(c.userId, c.profile);
    const auto found = caseOf.find(key);
    if (found != caseOf.end()) {
      appendUnique(cases[found->second].groundTruth, predict);
      continue;
    }
    c.groundTruth = {predict};
    caseOf.emplace(std::move(key), cases.size());
    cases.push_back(std::move(c));
  }
  if (!reader.issues().empty()) throw fail(reader.issues().front().line, reader.issues().front().reason);
  return cases;
}

}  // namespace vitrine
