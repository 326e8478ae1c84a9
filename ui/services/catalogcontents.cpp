#include "services/catalogcontents.h"

#include "catalog/catalog.h"
#include "cluster/cluster_store.h"
#include "recommend/curatornet.h"
#include "recommend/embedding_choice.h"

namespace vitrine {

CatalogContents readCatalogContents(const std::string& path) {
  CatalogContents info;
  try {
    const Catalog c = Catalog::open(path, true);
    for (const std::string& a : c.distinctArtists())
      if (!a.empty()) info.artists << QString::fromStdString(a);
    for (const std::string& p : c.distinctPeriods())
      if (!p.empty()) info.periods << QString::fromStdString(p);
    for (const EmbeddingInfo& e : c.embeddings())
      info.embeddings << qMakePair(QString::fromStdString(e.name), static_cast<qint64>(e.count));
    try {
      for (const StoredModelInfo& m : storedModels(c)) {
        if (m.kind.empty() || m.kind == "curatornet")
          info.curatorModels << qMakePair(QString::fromStdString(m.name), QString::fromStdString(m.embedding));
      }
    } catch (const std::exception&) {
      // An older catalog without the models table simply has no models.
    }
    try {
      EmbeddingRequest view;
      view.preferModel = true;  // the CuratorNet column has something to show
      info.openOn = QString::fromStdString(chooseEmbedding(c, view).name);
    } catch (const std::exception&) {
      // Nothing to choose from (e.g. an older catalog without the models table).
    }
    try {
      for (const StoredClustering& s : listClusterings(c))
        info.clusterings.push_back({QString::fromStdString(s.embedding), s.k, s.seed});
    } catch (const std::exception&) {
    }
  } catch (const std::exception& e) {
    info.error = QString::fromStdString(e.what());
  }
  return info;
}

}  // namespace vitrine
