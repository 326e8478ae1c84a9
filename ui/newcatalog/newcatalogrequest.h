#pragma once
#include <QMap>
#include <QString>
#include <QStringList>

namespace vitrine {

// What the New Catalog wizard asks for: the images, the optional metadata CSV with the column
// that holds each catalog field, and where the catalog file goes.
struct NewCatalogRequest {
  QString folder;
  bool recursive = false;
  QString csv;                     // empty: no metadata file (ids and titles from file names)
  QMap<QString, QString> columns;  // catalog field (metadataFields()) -> CSV column; absent = none
  QString catalogPath;

  // The catalog fields a CSV column can fill, in the order the wizard shows them: id, file,
  // title, artist, date, style, period, medium. id and file are required with a CSV.
  static QStringList metadataFields();
};

}  // namespace vitrine
