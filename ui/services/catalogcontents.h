#pragma once
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <string>

namespace vitrine {

// What a catalog holds that the panels offer as choices: filter values, embeddings, CuratorNet
// models and stored clusterings. Read on a worker (distinct artists and embedding counts scan
// the whole catalog), handed to the panels on the GUI thread.
struct CatalogContents {
  QStringList artists;
  QStringList periods;
  QList<QPair<QString, qint64>> embeddings;      // name, artworks covered
  QList<QPair<QString, QString>> curatorModels;  // name, embedding
  // The embedding a view with a CuratorNet column opens on when the user chose none:
  // chooseEmbedding(catalog, {preferModel}) (core/recommend/embedding_choice.h).
  QString openOn;
  struct Clustering {
    QString embedding;
    int k = 0;
    quint64 seed = 0;
  };
  QList<Clustering> clusterings;
  QString error;  // why (part of) the catalog could not be read
};

// Reads the catalog at `path` on its own read-only connection; never throws (see error).
CatalogContents readCatalogContents(const std::string& path);

}  // namespace vitrine
