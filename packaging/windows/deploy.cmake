# Runs at install time (also inside cpack) on Windows: makes <prefix>/bin self-contained.
# 1. windeployqt copies the Qt DLLs and plugins (platforms/qwindows.dll, styles, imageformats).
# 2. The LibTorch, OpenCV, SQLite and other third-party DLLs that vitrine.exe / vitrine-cli.exe
#    load are resolved with file(GET_RUNTIME_DEPENDENCIES) in VITRINE_DLL_DIRS and copied next to them.
# Inputs (set by packaging/CMakeLists.txt through install(CODE)): VITRINE_WINDEPLOYQT,
# VITRINE_DLL_DIRS, VITRINE_WITH_GUI.
set(bin "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/bin")
set(exes "${bin}/vitrine-cli.exe")

if(VITRINE_WITH_GUI)
  list(APPEND exes "${bin}/vitrine.exe")
  if(NOT EXISTS "${VITRINE_WINDEPLOYQT}")
    message(FATAL_ERROR "deploy: windeployqt not found (${VITRINE_WINDEPLOYQT}); is Qt's bin folder set up?")
  endif()
  message(STATUS "deploy: windeployqt ${bin}/vitrine.exe")
  execute_process(
    COMMAND "${VITRINE_WINDEPLOYQT}" --release --no-translations --no-system-d3d-compiler
            --no-opengl-sw --no-compiler-runtime "${bin}/vitrine.exe"
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "deploy: windeployqt failed (${rc})")
  endif()
endif()

file(GET_RUNTIME_DEPENDENCIES
  EXECUTABLES ${exes}
  DIRECTORIES ${VITRINE_DLL_DIRS}
  RESOLVED_DEPENDENCIES_VAR resolved
  UNRESOLVED_DEPENDENCIES_VAR unresolved
  PRE_EXCLUDE_REGEXES "^api-ms-.*" "^ext-ms-.*" "^hvsifiletrust\\.dll$" "^pdmutilities\\.dll$"
  POST_EXCLUDE_REGEXES ".*[/\\\\][Ww][Ii][Nn][Dd][Oo][Ww][Ss][/\\\\].*")
foreach(dll IN LISTS resolved)
  get_filename_component(name "${dll}" NAME)
  if(NOT EXISTS "${bin}/${name}")
    message(STATUS "deploy: ${name}")
    file(COPY "${dll}" DESTINATION "${bin}")
  endif()
endforeach()
if(unresolved)
  message(WARNING "deploy: DLLs not found in ${VITRINE_DLL_DIRS}: ${unresolved}")
endif()
