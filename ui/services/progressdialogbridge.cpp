#include "services/progressdialogbridge.h"

#include <QMetaObject>
#include <QProgressDialog>
#include <algorithm>

namespace vitrine {

ProgressCallback progressToDialog(QProgressDialog& dialog, const std::atomic<bool>& cancelled, const QString& label) {
  QProgressDialog* d = &dialog;
  const std::atomic<bool>* stop = &cancelled;
  return [d, stop, label](const Progress& p) {
    const int done = static_cast<int>(p.done), total = static_cast<int>(p.total);
    const QString message = QString::fromStdString(p.message);
    QMetaObject::invokeMethod(
        d,
        [d, done, total, message, label] {
          if (d->wasCanceled()) return;
          if (total > 0 && d->maximum() != total) d->setRange(0, total);
          if (total > 0) d->setValue(std::min(done, total));
          QString text = label;
          if (total > 0) text += QStringLiteral(" (%1 of %2)").arg(done).arg(total);
          if (!message.isEmpty()) text += QStringLiteral("\n") + message;
          d->setLabelText(text);
        },
        Qt::QueuedConnection);
    return !stop->load();
  };
}

}  // namespace vitrine
