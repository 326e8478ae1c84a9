#pragma once
#include <QString>
#include <atomic>

#include "common/progress.h"

class QProgressDialog;

namespace vitrine {

// A ProgressCallback for work on another thread that reports into a modal QProgressDialog:
// every step is forwarded as a queued call (range, value, "`label` (n of N)" and the step's
// message), and the callback answers false once `cancelled` is set (connect it to the dialog's
// canceled() signal). `dialog` and `cancelled` must outlive the work.
ProgressCallback progressToDialog(QProgressDialog& dialog, const std::atomic<bool>& cancelled, const QString& label);

}  // namespace vitrine
