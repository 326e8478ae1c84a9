#include "catalog/schema.h"

namespace vitrine {

namespace {

// Version 1: everything the product needs, created at once to keep later migrations small.
const char* kMigration1 = R"SQL(
CREATE TABLE artworks(
  id           INTEGER PRIMARY KEY,
  external_id  TEXT NOT NULL UNIQUE,
  title        TEXT NOT NULL DEFAULT '',
  artist       TEXT NOT NULL DEFAULT '',
  date_text    TEXT NOT NULL DEFAULT '',
  year         INTEGER,
  style        TEXT NOT NULL DEFAULT '',
  period       TEXT NOT NULL DEFAULT '',
  medium       TEXT NOT NULL DEFAULT '',
  source_path  TEXT NOT NULL DEFAULT '',   -- relative to the catalog's folder; '' = no image
  extra_json   TEXT NOT NULL DEFAULT '{}',
  width        INTEGER NOT NULL DEFAULT 0,
  height       INTEGER NOT NULL DEFAULT 0,
  added_at     INTEGER NOT NULL DEFAULT (strftime('%s','now'))
);
CREATE INDEX artworks_artist ON artworks(artist);
CREATE INDEX artworks_period ON artworks(period);
CREATE INDEX artworks_year ON artworks(year);

CREATE TABLE thumbnails(
  artwork_id INTEGER PRIMARY KEY REFERENCES artworks(id) ON DELETE CASCADE,
  format     TEXT NOT NULL,
  width      INTEGER NOT NULL,
  height     INTEGER NOT NULL,
  data       BLOB NOT NULL
);

CREATE TABLE extractors(
  name        TEXT PRIMARY KEY,
  dimension   INTEGER NOT NULL CHECK (dimension > 0),
  version     TEXT NOT NULL,
  config_json TEXT NOT NULL DEFAULT '{}',
  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now'))
);

-- One little-endian float32 BLOB per artwork per extractor.
CREATE TABLE embeddings(
  artwork_id INTEGER NOT NULL REFERENCES artworks(id) ON DELETE CASCADE,
  extractor  TEXT NOT NULL REFERENCES extractors(name) ON DELETE CASCADE,
  dimension  INTEGER NOT NULL,
  version    TEXT NOT NULL,
  vector     BLOB NOT NULL CHECK (length(vector) = 4 * dimension),
  PRIMARY KEY(artwork_id, extractor)
);
CREATE INDEX embeddings_extractor ON embeddings(extractor);

CREATE TABLE interactions(
  id         INTEGER PRIMARY KEY,          -- insertion order = file order
  user_id    TEXT NOT NULL,
  artwork_id INTEGER NOT NULL REFERENCES artworks(id) ON DELETE CASCADE,
  timestamp  REAL NOT NULL,
  evaluation INTEGER,                      -- NULL when the source has no hold-out flag
  source     TEXT NOT NULL DEFAULT 'csv'
);
CREATE INDEX interactions_user ON interactions(user_id);

CREATE TABLE profiles(
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL DEFAULT (strftime('%s','now')),
  updated_at INTEGER NOT NULL DEFAULT (strftime('%s','now'))
);
CREATE TABLE profile_items(
  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  artwork_id INTEGER NOT NULL REFERENCES artworks(id) ON DELETE CASCADE,
  PRIMARY KEY(profile_id, position)
);

CREATE TABLE clusterings(
  id          INTEGER PRIMARY KEY,
  extractor   TEXT NOT NULL,
  k           INTEGER NOT NULL,
  seed        INTEGER NOT NULL,
  config_json TEXT NOT NULL DEFAULT '{}',
  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now')),
  UNIQUE(extractor, k, seed)
);
CREATE TABLE cluster_assignments(
  clustering_id INTEGER NOT NULL REFERENCES clusterings(id) ON DELETE CASCADE,
  artwork_id    INTEGER NOT NULL REFERENCES artworks(id) ON DELETE CASCADE,
  cluster       INTEGER NOT NULL,
  PRIMARY KEY(clustering_id, artwork_id)
);
CREATE TABLE layouts(
  id          INTEGER PRIMARY KEY,
  extractor   TEXT NOT NULL,
  method      TEXT NOT NULL,
  seed        INTEGER NOT NULL,
  config_json TEXT NOT NULL DEFAULT '{}',
  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now'))
);
CREATE TABLE layout_points(
  layout_id  INTEGER NOT NULL REFERENCES layouts(id) ON DELETE CASCADE,
  artwork_id INTEGER NOT NULL REFERENCES artworks(id) ON DELETE CASCADE,
  x REAL NOT NULL,
  y REAL NOT NULL,
  PRIMARY KEY(layout_id, artwork_id)
);

CREATE TABLE models(
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL,              -- "curatornet"
  extractor    TEXT NOT NULL,
  config_json  TEXT NOT NULL DEFAULT '{}',
  seed         INTEGER,
  weights      BLOB,
  history_json TEXT NOT NULL DEFAULT '[]',
  metrics_json TEXT NOT NULL DEFAULT '{}',
  created_at   INTEGER NOT NULL DEFAULT (strftime('%s','now'))
);

CREATE TABLE evaluation_runs(
  id           INTEGER PRIMARY KEY,
  config_json  TEXT NOT NULL,
  results_json TEXT NOT NULL,
  created_at   INTEGER NOT NULL DEFAULT (strftime('%s','now'))
);

CREATE TABLE studies(
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  definition_json TEXT NOT NULL,
  created_at      INTEGER NOT NULL DEFAULT (strftime('%s','now'))
);
CREATE TABLE study_sessions(
  id          INTEGER PRIMARY KEY,
  study_id    INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  participant TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'started',
  started_ms  INTEGER NOT NULL,
  finished_ms INTEGER,
  UNIQUE(study_id, participant)
);
CREATE TABLE study_events(
  id           INTEGER PRIMARY KEY,
  session_id   INTEGER NOT NULL REFERENCES study_sessions(id) ON DELETE CASCADE,
  t_ms         INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  payload_json TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE settings(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)SQL";

}  // namespace

const std::vector<const char*>& catalogMigrations() {
  static const std::vector<const char*> migrations = {kMigration1};
  return migrations;
}

}  // namespace vitrine
