# Runs at install time (also inside cpack) on macOS: makes vitrine.app self-contained.
# 1. macdeployqt copies the Qt frameworks and plugins and every non-system dylib (LibTorch,
#    OpenCV) into Contents/Frameworks and rewrites the load paths of both executables. It resolves
#    @rpath references through the executables' rpaths (INSTALL_RPATH, set in
#    packaging/CMakeLists.txt). macdeployqt prints "ERROR:" and still exits 0 when it cannot
#    resolve a library, leaving a bundle that does not start: any such line fails the install.
# 2. The build machine's library folders are deleted from the executables' rpaths; what is left
#    is @executable_path/../Frameworks.
# 3. Every Mach-O file in the bundle is checked with otool -L: each dependency is a system
#    library or inside the bundle.
# 4. The bundle is signed ad hoc, which Apple silicon needs to launch rewritten binaries.
# Inputs (set by packaging/CMakeLists.txt through install(CODE)): VITRINE_MACDEPLOYQT,
# VITRINE_BUILD_RPATHS.
set(app "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/vitrine.app")
set(exes "${app}/Contents/MacOS/vitrine" "${app}/Contents/MacOS/vitrine-cli")
if(NOT EXISTS "${VITRINE_MACDEPLOYQT}")
  message(FATAL_ERROR "deploy: macdeployqt not found (${VITRINE_MACDEPLOYQT})")
endif()

set(libpaths "")
foreach(dir IN LISTS VITRINE_BUILD_RPATHS)
  list(APPEND libpaths "-libpath=${dir}")
endforeach()
message(STATUS "deploy: macdeployqt ${app}")
execute_process(
  COMMAND "${VITRINE_MACDEPLOYQT}" "${app}" -always-overwrite -verbose=1
          "-executable=${app}/Contents/MacOS/vitrine-cli" ${libpaths}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "deploy: macdeployqt failed (${rc})")
endif()
string(REGEX MATCHALL "ERROR:[^\n]*" errors "${out}${err}")
if(errors)
  string(REPLACE ";" "\n  " errors "${errors}")
  message(FATAL_ERROR "deploy: macdeployqt reported errors (the bundle would not start):\n  ${errors}")
endif()

# 2. Only @executable_path/../Frameworks stays.
foreach(exe IN LISTS exes)
  foreach(dir IN LISTS VITRINE_BUILD_RPATHS)
    execute_process(COMMAND install_name_tool -delete_rpath "${dir}" "${exe}"
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)  # absent already: fine
  endforeach()
endforeach()

# 3. Every dependency resolves inside the bundle or to the system.
file(GLOB_RECURSE candidates LIST_DIRECTORIES false "${app}/Contents/MacOS/*" "${app}/Contents/Frameworks/*"
     "${app}/Contents/PlugIns/*")
set(problems "")
foreach(f IN LISTS candidates)
  if(IS_SYMLINK "${f}")
    continue()
  endif()
  execute_process(COMMAND otool -L "${f}" RESULT_VARIABLE rc OUTPUT_VARIABLE deps ERROR_QUIET)
  if(NOT rc EQUAL 0 OR NOT deps MATCHES "\n")
    continue()  # not a Mach-O file (headers, resources)
  endif()
  string(REPLACE "\n" ";" lines "${deps}")
  list(REMOVE_AT lines 0)  # "<file>:"
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    string(REGEX REPLACE " \\(compatibility.*$" "" lib "${line}")
    if(lib STREQUAL "" OR lib MATCHES "^(/usr/lib/|/System/)")
      continue()
    endif()
    if(lib MATCHES "^@(rpath|executable_path|loader_path)/(.*)$")
      set(rel "${CMAKE_MATCH_2}")
      string(REGEX REPLACE "^(\\.\\./)*(Frameworks/)?" "" rel "${rel}")
      if(NOT EXISTS "${app}/Contents/Frameworks/${rel}")
        list(APPEND problems "${f} -> ${lib} (not in Contents/Frameworks)")
      endif()
    else()
      list(APPEND problems "${f} -> ${lib} (outside the bundle)")
    endif()
  endforeach()
endforeach()
if(problems)
  string(REPLACE ";" "\n  " problems "${problems}")
  message(FATAL_ERROR "deploy: libraries that the bundle cannot load:\n  ${problems}")
endif()
message(STATUS "deploy: every library of vitrine.app resolves inside the bundle or to the system")

execute_process(COMMAND codesign --force --deep --sign - "${app}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "deploy: ad-hoc codesign failed (${rc}); the app would not start on Apple silicon")
endif()
