#pragma once
#include <QString>

namespace vitrine {

// The bundled user guide (docs/user-guide.html), found like the demo's resources
// (resourcesSearchPath, ui/demo/democatalog.h): <dir>/docs/user-guide.html for each directory, and
// <dir>/../docs/user-guide.html for the source tree's resources/. Empty when none exists.
QString locateUserGuide();

}  // namespace vitrine
