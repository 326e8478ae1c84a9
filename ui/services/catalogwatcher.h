#pragma once
#include <QObject>
#include <QString>

#include <memory>

#include "catalog/changes.h"

namespace vitrine {

// The ui's one adapter of the catalog change notification (core/catalog/changes.h): watches the
// catalog file at catalogPath() and emits changed() on the watcher's (GUI) thread after every
// commit to it made in this process, by the GUI's own connection or by a background job's.
//
// - A commit on the GUI thread is told at once (the signal is emitted right after the commit,
//   before the write call returns), so a panel that wrote sees its own change as before.
// - Commits on worker threads are merged and told once per event-loop turn (a running import
//   commits often; the panels then reload once per turn, not per commit).
// - Commits of other processes (vitrine-cli while the GUI is open) are not told (docs/architecture.md).
class CatalogWatcher : public QObject {
  Q_OBJECT
 public:
  explicit CatalogWatcher(QObject* parent = nullptr);
  ~CatalogWatcher() override;

  // Watches `path` (a catalog file; empty = nothing). Changes still queued for the previous file
  // are dropped.
  void setCatalogPath(const QString& path);
  const QString& catalogPath() const { return m_path; }

 Q_SIGNALS:
  // What changed since the last emission (families and, where known, ids).
  void changed(const vitrine::CatalogChange& change);

 private:
  struct Queue;
  void deliver(const std::shared_ptr<Queue>& queue);

  QString m_path;
  std::shared_ptr<Queue> m_queue;
  CatalogSubscription m_subscription;
};

// Merges `more` into `into` (families, ids; ids beyond CatalogChange::kMaxIds are left out).
void mergeCatalogChange(CatalogChange& into, const CatalogChange& more);

}  // namespace vitrine

Q_DECLARE_METATYPE(vitrine::CatalogChange)
