#include "catalog/clustering_store.h"

#include <cstring>
#include <functional>

#include "catalog/internal.h"
#include "catalog/statement.h"

namespace vitrine {
namespace {

// SQLite INTEGER is signed 64-bit: seeds are stored bit for bit.
int64_t seedToDb(uint64_t s) {
  int64_t v;
  std::memcpy(&v, &s, sizeof v);
  return v;
}
uint64_t seedFromDb(int64_t v) {
  uint64_t s;
  std::memcpy(&s, &v, sizeof s);
  return s;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Clusterings
// ---------------------------------------------------------------------------------------------

int64_t storeClustering(Catalog& c, const std::string& embedding, int k, uint64_t seed, const std::string& configJson,
                        const std::vector<int64_t>& artworkIds, const std::vector<int>& clusters) {
  Catalog::Transaction tx(c);
  {
    Statement del(catalogDb(c), "DELETE FROM clusterings WHERE extractor = ? AND k = ? AND seed = ?");
    del.bind(1, embedding).bind(2, k).bind(3, seedToDb(seed)).run();
  }
  {
    Statement ins(catalogDb(c), "INSERT INTO clusterings(extractor, k, seed, config_json) VALUES(?,?,?,?)");
    ins.bind(1, embedding).bind(2, k).bind(3, seedToDb(seed)).bind(4, configJson).run();
  }
  const int64_t id = sqlite3_last_insert_rowid(catalogDb(c));
  Statement row(catalogDb(c), "INSERT INTO cluster_assignments(clustering_id, artwork_id, cluster) VALUES(?,?,?)");
  for (size_t i = 0; i < artworkIds.size(); ++i) {
    row.reset();
    row.bind(1, id).bind(2, artworkIds[i]).bind(3, clusters[i]).run();
  }
  tx.commit();
  return id;
}

namespace {
std::vector<StoredClustering> queryClusterings(const Catalog& c, const std::string& where,
                                               const std::function<void(Statement&)>& bindFn) {
  Statement s(catalogDb(c),
              "SELECT id, extractor, k, seed, config_json, created_at FROM clusterings " + where + " ORDER BY id");
  bindFn(s);
  std::vector<StoredClustering> out;
  while (s.step()) {
    StoredClustering sc;
    sc.id = s.int64(0);
    sc.embedding = s.text(1);
    sc.k = int(s.int64(2));
    sc.seed = seedFromDb(s.int64(3));
    sc.configJson = s.text(4);
    sc.createdAt = s.int64(5);
    out.push_back(std::move(sc));
  }
  return out;
}

std::vector<StoredLayout> queryLayouts(const Catalog& c, const std::string& where,
                                       const std::function<void(Statement&)>& bindFn) {
  Statement s(catalogDb(c),
              "SELECT id, extractor, method, seed, config_json, created_at FROM layouts " + where + " ORDER BY id");
  bindFn(s);
  std::vector<StoredLayout> out;
  while (s.step()) {
    StoredLayout sl;
    sl.id = s.int64(0);
    sl.embedding = s.text(1);
    sl.method = s.text(2);
    sl.seed = seedFromDb(s.int64(3));
    sl.configJson = s.text(4);
    sl.createdAt = s.int64(5);
    out.push_back(std::move(sl));
  }
  return out;
}
}  // namespace

std::optional<StoredClustering> loadClustering(const Catalog& c, const std::string& embedding, int k, uint64_t seed) {
  auto found = queryClusterings(c, "WHERE extractor = ? AND k = ? AND seed = ?",
                                [&](Statement& s) { s.bind(1, embedding).bind(2, k).bind(3, seedToDb(seed)); });
  if (found.empty()) return std::nullopt;
  StoredClustering sc = std::move(found.front());
  Statement s(catalogDb(c),
              "SELECT artwork_id, cluster FROM cluster_assignments WHERE clustering_id = ? ORDER BY artwork_id");
  s.bind(1, sc.id);
  while (s.step()) {
    sc.artworkIds.push_back(s.int64(0));
    sc.clusters.push_back(int(s.int64(1)));
  }
  return sc;
}

std::vector<StoredClustering> listClusterings(const Catalog& c) {
  return queryClusterings(c, "", [](Statement&) {});
}

void deleteClustering(Catalog& c, int64_t id) {
  Catalog::Transaction tx(c);
  Statement(catalogDb(c), "DELETE FROM cluster_assignments WHERE clustering_id = ?").bind(1, id).run();
  Statement(catalogDb(c), "DELETE FROM clusterings WHERE id = ?").bind(1, id).run();
  tx.commit();
}

int64_t storeLayout(Catalog& c, const std::string& embedding, const std::string& method, uint64_t seed,
                    const std::string& configJson, const std::vector<int64_t>& artworkIds,
                    const std::vector<float>& xy) {
  Catalog::Transaction tx(c);
  {
    // The layouts table has no UNIQUE key: replace by hand, points first (also cascades).
    Statement ids(catalogDb(c), "SELECT id FROM layouts WHERE extractor = ? AND method = ? AND seed = ?");
    ids.bind(1, embedding).bind(2, method).bind(3, seedToDb(seed));
    std::vector<int64_t> old;
    while (ids.step()) old.push_back(ids.int64(0));
    for (int64_t id : old) {
      Statement(catalogDb(c), "DELETE FROM layout_points WHERE layout_id = ?").bind(1, id).run();
      Statement(catalogDb(c), "DELETE FROM layouts WHERE id = ?").bind(1, id).run();
    }
  }
  Statement(catalogDb(c), "INSERT INTO layouts(extractor, method, seed, config_json) VALUES(?,?,?,?)")
      .bind(1, embedding)
      .bind(2, method)
      .bind(3, seedToDb(seed))
      .bind(4, configJson)
      .run();
  const int64_t id = sqlite3_last_insert_rowid(catalogDb(c));
  Statement row(catalogDb(c), "INSERT INTO layout_points(layout_id, artwork_id, x, y) VALUES(?,?,?,?)");
  for (size_t i = 0; i < artworkIds.size(); ++i) {
    row.reset();
    row.bind(1, id).bind(2, artworkIds[i]).bind(3, double(xy[2 * i])).bind(4, double(xy[2 * i + 1])).run();
  }
  tx.commit();
  return id;
}

std::optional<StoredLayout> loadLayout(const Catalog& c, const std::string& embedding, const std::string& method,
                                       uint64_t seed) {
  auto found = queryLayouts(c, "WHERE extractor = ? AND method = ? AND seed = ?",
                            [&](Statement& s) { s.bind(1, embedding).bind(2, method).bind(3, seedToDb(seed)); });
  if (found.empty()) return std::nullopt;
  StoredLayout sl = std::move(found.back());  // newest, should a copy have slipped in
  Statement s(catalogDb(c), "SELECT artwork_id, x, y FROM layout_points WHERE layout_id = ? ORDER BY artwork_id");
  s.bind(1, sl.id);
  while (s.step()) {
    sl.artworkIds.push_back(s.int64(0));
    sl.xy.push_back(float(s.real(1)));
    sl.xy.push_back(float(s.real(2)));
  }
  return sl;
}

std::vector<StoredLayout> listLayouts(const Catalog& c) {
  return queryLayouts(c, "", [](Statement&) {});
}

void deleteLayout(Catalog& c, int64_t id) {
  Catalog::Transaction tx(c);
  Statement(catalogDb(c), "DELETE FROM layout_points WHERE layout_id = ?").bind(1, id).run();
  Statement(catalogDb(c), "DELETE FROM layouts WHERE id = ?").bind(1, id).run();
  tx.commit();
}

}  // namespace vitrine
