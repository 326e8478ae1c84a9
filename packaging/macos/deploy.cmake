# Runs at install time (also inside cpack) on macOS: makes vitrine.app self-contained.
# macdeployqt copies the Qt frameworks and plugins and every non-system dylib (LibTorch, OpenCV,
# SQLite from Homebrew) into Contents/Frameworks and rewrites the load paths of both executables;
# the bundle is then signed ad hoc, which Apple silicon needs to launch rewritten binaries.
# Inputs (set by packaging/CMakeLists.txt through install(CODE)): VITRINE_MACDEPLOYQT.
set(app "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/vitrine.app")
if(NOT EXISTS "${VITRINE_MACDEPLOYQT}")
  message(FATAL_ERROR "deploy: macdeployqt not found (${VITRINE_MACDEPLOYQT})")
endif()
message(STATUS "deploy: macdeployqt ${app}")
execute_process(
  COMMAND "${VITRINE_MACDEPLOYQT}" "${app}" -always-overwrite
          "-executable=${app}/Contents/MacOS/vitrine-cli"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "deploy: macdeployqt failed (${rc})")
endif()
execute_process(COMMAND codesign --force --deep --sign - "${app}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(WARNING "deploy: ad-hoc codesign failed (${rc}); the app may not start on Apple silicon")
endif()
