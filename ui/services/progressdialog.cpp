#include "services/progressdialog.h"

#include <algorithm>

namespace vitrine {

JobProgressDialog::JobProgressDialog(QWidget* parent, const QString& title, const QString& label)
    : QProgressDialog(label + QStringLiteral("\u2026"), tr("Cancel"), 0, 0, parent), m_label(label) {
  setWindowTitle(title);
  setMinimumDuration(0);
  setAutoClose(false);
  setAutoReset(false);
  setMinimumWidth(420);
}

void JobProgressDialog::follow(BackgroundJob* job) {
  connect(this, &QProgressDialog::canceled, job, &BackgroundJob::stop);
  connect(job, &BackgroundJob::progress, this, [this](qint64 done, qint64 total, const QString& message) {
    if (wasCanceled()) return;
    if (total > 0 && maximum() != total) setRange(0, static_cast<int>(total));
    if (total > 0) setValue(static_cast<int>(std::min(done, total)));
    QString text = m_label;
    if (total > 0) text += QStringLiteral(" (%1 of %2)").arg(done).arg(total);
    if (!message.isEmpty()) text += QStringLiteral("\n") + message;
    setLabelText(text);
  });
}

}  // namespace vitrine
