#include "profile/profileeditor.h"

#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

namespace vitrine {

namespace {
class SetIdsCommand : public QUndoCommand {
 public:
  SetIdsCommand(ProfileEditor* editor, std::vector<int64_t> before, std::vector<int64_t> after, const QString& text)
      : QUndoCommand(text), m_editor(editor), m_before(std::move(before)), m_after(std::move(after)) {}
  void redo() override { m_editor->apply(m_after); }
  void undo() override { m_editor->apply(m_before); }

 private:
  ProfileEditor* m_editor;
  std::vector<int64_t> m_before;
  std::vector<int64_t> m_after;
};
}  // namespace

ProfileEditor::ProfileEditor(QObject* parent) : QObject(parent), m_undo(new QUndoStack(this)) {
  connect(m_undo, &QUndoStack::cleanChanged, this, [this] { Q_EMIT nameChanged(m_name); });
}

ProfileEditor::~ProfileEditor() = default;

bool ProfileEditor::contains(int64_t id) const { return std::find(m_ids.begin(), m_ids.end(), id) != m_ids.end(); }

void ProfileEditor::toggle(int64_t id) {
  if (contains(id)) {
    remove(id);
  } else {
    add(id);
  }
}

void ProfileEditor::add(int64_t id) {
  if (contains(id)) return;
  std::vector<int64_t> after = m_ids;
  after.push_back(id);
  m_undo->push(new SetIdsCommand(this, m_ids, std::move(after), tr("Add to profile")));
}

void ProfileEditor::remove(int64_t id) {
  if (!contains(id)) return;
  std::vector<int64_t> after = m_ids;
  after.erase(std::find(after.begin(), after.end(), id));
  m_undo->push(new SetIdsCommand(this, m_ids, std::move(after), tr("Remove from profile")));
}

void ProfileEditor::clear() {
  if (m_ids.empty()) return;
  m_undo->push(new SetIdsCommand(this, m_ids, {}, tr("Clear profile")));
}

void ProfileEditor::setIds(const std::vector<int64_t>& ids, const QString& what) {
  if (ids == m_ids) return;
  m_undo->push(new SetIdsCommand(this, m_ids, ids, what));
}

void ProfileEditor::reset(const std::vector<int64_t>& ids) {
  m_undo->clear();
  m_name.clear();
  apply(ids);
  m_undo->setClean();
  Q_EMIT nameChanged(m_name);
}

void ProfileEditor::setProfileName(const QString& name) {
  if (name == m_name) return;
  m_name = name;
  Q_EMIT nameChanged(m_name);
}

bool ProfileEditor::isModified() const { return !m_undo->isClean(); }

void ProfileEditor::markSaved(const QString& name) {
  m_name = name;
  m_undo->setClean();
  Q_EMIT nameChanged(m_name);
}

void ProfileEditor::apply(const std::vector<int64_t>& ids) {
  if (ids == m_ids) return;
  m_ids = ids;
  Q_EMIT changed();
}

}  // namespace vitrine
