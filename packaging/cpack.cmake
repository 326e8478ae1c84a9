# CPack settings, included from the top-level CMakeLists.txt right before include(CPack).
# Generators: Linux DEB + TGZ, Windows NSIS + ZIP, macOS DragNDrop (.dmg). `cpack -G X` overrides.
# scripts/package.sh builds and runs cpack; scripts/test-install.sh checks the Linux packages.

set(CPACK_PACKAGE_NAME "vitrine")
set(CPACK_PACKAGE_VENDOR "Vitrine contributors")
set(CPACK_PACKAGE_CONTACT "Vitrine maintainers <vitrine@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Explore visually-aware art recommendations")
# Lines under 80 characters (lintian: extended-description-line-too-long).
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "Vitrine opens a catalog of paintings, builds a taste profile from the\n"
    "artworks you click and compares two recommenders side by side:\n"
    "CuratorNet (a neural network over visual embeddings) and VisRank (cosine\n"
    "similarity). Ships a demo catalog of 267 CC0 paintings and the vitrine-cli\n"
    "command-line tool.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Vitrine")
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_VERBATIM_VARIABLES ON)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(_vitrine_arch x86_64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(arm64|aarch64|ARM64)$")
  set(_vitrine_arch arm64)
else()
  set(_vitrine_arch "${CMAKE_SYSTEM_PROCESSOR}")
endif()
set(CPACK_PACKAGE_FILE_NAME "vitrine-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${_vitrine_arch}")

if(WIN32)
  set(CPACK_GENERATOR "NSIS;ZIP")
  set(_ico "${PROJECT_SOURCE_DIR}/resources/icons/vitrine.ico")
  set(CPACK_NSIS_MUI_ICON "${_ico}")
  set(CPACK_NSIS_MUI_UNIICON "${_ico}")
  set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\vitrine.exe")
  set(CPACK_NSIS_DISPLAY_NAME "Vitrine")  # Apps & features shows DisplayVersion separately
  set(CPACK_NSIS_PACKAGE_NAME "Vitrine")
  # One registry key for every version (CPack's default, "vitrine 0.1.0", leaves the old entry
  # behind on upgrade); with it the previous version is found and uninstalled first.
  set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY "Vitrine")
  set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
  set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
  if(VITRINE_BUILD_UI)
    # Double-clicking a .vitrine catalog opens it in Vitrine (a ProgID with an open verb and an
    # icon; the shell is told that associations changed). Removed again by the uninstaller, the
    # extension's default only when it still points to Vitrine.
    set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS [=[
  WriteRegStr SHCTX "Software\Classes\.vitrine" "" "Vitrine.Catalog"
  WriteRegStr SHCTX "Software\Classes\.vitrine" "Content Type" "application/x-vitrine-catalog"
  WriteRegStr SHCTX "Software\Classes\Vitrine.Catalog" "" "Vitrine catalog"
  WriteRegStr SHCTX "Software\Classes\Vitrine.Catalog\DefaultIcon" "" "$INSTDIRinitrine.exe,0"
  WriteRegStr SHCTX "Software\Classes\Vitrine.Catalog\shell\open\command" "" '"$INSTDIRinitrine.exe" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
]=])
    set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS [=[
  ReadRegStr $0 SHCTX "Software\Classes\.vitrine" ""
  StrCmp $0 "Vitrine.Catalog" 0 +2
  DeleteRegKey SHCTX "Software\Classes\.vitrine"
  DeleteRegKey SHCTX "Software\Classes\Vitrine.Catalog"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
]=])
  endif()
  set(CPACK_NSIS_MODIFY_PATH ON)  # optional "add bin to PATH" page, so vitrine-cli works in a shell
  if(VITRINE_BUILD_UI)
    set(CPACK_PACKAGE_EXECUTABLES "vitrine;Vitrine")  # Start menu shortcut to bin\vitrine.exe
    set(CPACK_CREATE_DESKTOP_LINKS "vitrine")
  endif()
elseif(APPLE)
  set(CPACK_GENERATOR "DragNDrop")
  set(CPACK_DMG_VOLUME_NAME "Vitrine")
  set(CPACK_DMG_FORMAT "UDZO")
  set(CPACK_PACKAGE_ICON "${PROJECT_SOURCE_DIR}/resources/icons/vitrine.icns")
else()
  set(CPACK_GENERATOR "DEB;TGZ")
  set(CPACK_STRIP_FILES ON)
  # TGZ: bin/ and share/ under one vitrine-<version>-Linux-<arch>/ folder; runs from anywhere.
  set(CPACK_ARCHIVE_COMPONENT_INSTALL OFF)
  set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)

  # DEB: installs under /usr (CPack's default for DEB).
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # vitrine_<version>_<arch>.deb
  set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")
  set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
  set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
  # Not visible to dpkg-shlibdeps: the Qt platform plugin and the fast BLAS that LibTorch should
  # use (the reference BLAS makes its matrix products 5-8x slower; see README "Build from source").
  set(_vitrine_extra_depends "libopenblas0-pthread")
  if(VITRINE_BUILD_UI)
    string(PREPEND _vitrine_extra_depends "qt6-qpa-plugins, ")
  endif()
  find_program(VITRINE_DPKG_SHLIBDEPS dpkg-shlibdeps)
  if(VITRINE_DPKG_SHLIBDEPS)
    # The shared-library dependencies are computed from the binaries and appended to these.
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_vitrine_extra_depends}")
  else()
    # Without dpkg-dev: the Debian 12 (bookworm) names of what the binaries link.
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libtorch1.13, libopencv-core406, libopencv-imgproc406")
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libopencv-imgcodecs406, libsqlite3-0, libstdc++6")
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libc6, libgcc-s1, ${_vitrine_extra_depends}")
    if(VITRINE_BUILD_UI)
      string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libqt6widgets6, libqt6gui6, libqt6core6, libqt6concurrent6, libqt6charts6")
    endif()
  endif()
endif()

# `cpack --config CPackSourceConfig.cmake`: a source tarball without build trees and Git data.
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_PACKAGE_FILE_NAME "vitrine-${PROJECT_VERSION}-source")
set(CPACK_SOURCE_IGNORE_FILES "/\\.git/" "/build[^/]*/" "/\\.cache/" "~$")
