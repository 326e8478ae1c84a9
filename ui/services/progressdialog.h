#pragma once
#include <QEventLoop>
#include <QProgressDialog>
#include <QString>

#include <optional>
#include <type_traits>
#include <utility>

#include "services/backgroundjob.h"

namespace vitrine {

// The one progress dialog of the ui: follows a BackgroundJob's progress ("`label` (n of N)" and
// the step's message, a busy bar while the total is unknown); Cancel asks the job to stop (the
// work sees it and returns what it has; its result is still delivered).
class JobProgressDialog : public QProgressDialog {
  Q_OBJECT

 public:
  JobProgressDialog(QWidget* parent, const QString& title, const QString& label);
  void follow(BackgroundJob* job);

 private:
  QString m_label;
};

// Runs `work(const JobContext&)` behind a modal JobProgressDialog and returns its result once
// done; the GUI keeps painting meanwhile (a local event loop runs until the job finishes).
template <class Work>
std::invoke_result_t<Work&, const JobContext&> runWithProgressDialog(QWidget* parent, const QString& title,
                                                                     const QString& label, Work work,
                                                                     Qt::WindowModality modality = Qt::WindowModal) {
  using Result = std::invoke_result_t<Work&, const JobContext&>;
  JobProgressDialog dialog(parent, title, label);
  dialog.setWindowModality(modality);
  BackgroundJob job;
  dialog.follow(&job);
  std::optional<Result> result;
  QEventLoop loop;
  job.start(std::move(work), [&result, &loop](Result r) {
    result = std::move(r);
    loop.quit();
  });
  dialog.show();
  if (!result) loop.exec();
  dialog.hide();
  return std::move(*result);
}

}  // namespace vitrine
