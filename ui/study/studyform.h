#pragma once
#include <QString>
#include <QWidget>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "study/study.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace vitrine {

// The definition of a user study as a form (issue 15 item 4): every option of
// `vitrine-cli study create` (app/cli/command_table.cpp) and every field of StudyDefinition
// (core/study/study.h): name, systems A and B (chosen from the catalog's CuratorNet models,
// the VisRank variants and the random control, never typed), embedding, list length, blinding,
// seed, minimum profile, rating scale, the preference question, free-text questions (one per
// line), instructions, grid shuffle and the opt-in to copying profiles into the interactions.
// Validation messages appear under the field they concern.
class StudyForm : public QWidget {
  Q_OBJECT

 public:
  explicit StudyForm(QWidget* parent = nullptr);

  // The choices the catalog offers: stored CuratorNet models (name -> the embedding it was
  // trained on) and the embeddings (name -> a short description such as "128-d, 30 artworks").
  void setChoices(const std::map<std::string, std::string>& models,
                  const std::vector<std::pair<std::string, std::string>>& embeddings);
  // Names of the other studies (a new name must not be one of them).
  void setTakenNames(const std::vector<std::string>& names) { m_taken = names; }

  // Shows `d`; a system spec or embedding the catalog does not list (a deleted model, a
  // VisRank variant such as average_top_k:7) is added to its combo, marked as such.
  void setDefinition(const StudyDefinition& d);
  // The definition the fields describe, or nothing when a field is invalid (its message shown).
  std::optional<StudyDefinition> definition();
  // Read-only fields stay legible (text is selectable); editable ones take input.
  void setEditable(bool editable);
  bool isEditable() const { return m_editable; }
  // A refusal from core (e.g. a system that cannot be built) shown under the form; empty hides.
  void showFormError(const QString& message);
  void clearErrors();

 private:
  QLabel* errorLabel(const char* objectName);
  void setError(QLabel* label, const QString& message);
  static void selectSpec(QComboBox* combo, const QString& spec);
  void updateSystemHints();

  QFormLayout* m_layout;
  bool m_editable = true;
  std::vector<std::string> m_taken;
  std::map<std::string, std::string> m_modelEmbedding;

  QLineEdit* m_name;
  QLabel* m_nameError;
  QComboBox* m_systemA;
  QComboBox* m_systemB;
  QLabel* m_systemsError;
  QComboBox* m_embedding;
  QLabel* m_embeddingError;
  QSpinBox* m_listLength;
  QCheckBox* m_blinded;
  QLineEdit* m_seed;
  QLabel* m_seedError;
  QSpinBox* m_minProfile;
  QSpinBox* m_scale;
  QCheckBox* m_askPreference;
  QPlainTextEdit* m_questions;
  QPlainTextEdit* m_instructions;
  QCheckBox* m_shuffleGrid;
  QCheckBox* m_addProfiles;
  QLabel* m_formError;
};

}  // namespace vitrine
