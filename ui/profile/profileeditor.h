#pragma once
#include <QObject>
#include <QString>

#include <cstdint>
#include <vector>

class QUndoStack;

namespace vitrine {

// The profile being built (artwork ids in the order they were added) with undo/redo: every edit
// is a QUndoCommand holding the list before and after, so undo restores the exact order.
class ProfileEditor : public QObject {
  Q_OBJECT

 public:
  explicit ProfileEditor(QObject* parent = nullptr);
  ~ProfileEditor() override;

  const std::vector<int64_t>& ids() const { return m_ids; }
  int size() const { return static_cast<int>(m_ids.size()); }
  bool contains(int64_t id) const;
  QUndoStack* undoStack() const { return m_undo; }

  // Undoable edits (no-ops push nothing).
  void toggle(int64_t id);
  void add(int64_t id);
  void remove(int64_t id);
  void clear();
  // Replaces the list (e.g. a saved profile was opened); undoable.
  void setIds(const std::vector<int64_t>& ids, const QString& what);
  // Replaces the list and forgets the history (another catalog was opened).
  void reset(const std::vector<int64_t>& ids = {});

  // The saved profile this list came from (empty when unsaved) and whether it was edited since.
  QString profileName() const { return m_name; }
  void setProfileName(const QString& name);
  bool isModified() const;
  void markSaved(const QString& name);

  // Used by the undo commands.
  void apply(const std::vector<int64_t>& ids);

 Q_SIGNALS:
  void changed();
  void nameChanged(const QString& name);

 private:
  std::vector<int64_t> m_ids;
  QUndoStack* m_undo;
  QString m_name;
};

}  // namespace vitrine
