# One INTERFACE target with every shared compile setting; all Vitrine targets link it.
add_library(vitrine_settings INTERFACE)
target_compile_features(vitrine_settings INTERFACE cxx_std_17)
target_compile_definitions(vitrine_settings INTERFACE
  QT_NO_KEYWORDS                     # LibTorch uses `slots`; write Q_SLOTS / Q_SIGNALS / Q_EMIT
  VITRINE_VERSION="${PROJECT_VERSION}")
if(MSVC)
  # /utf-8: sources and narrow string literals are UTF-8 (paths such as C:\Users\Zoë stay intact);
  # /bigobj: LibTorch-heavy translation units exceed the default section count.
  target_compile_options(vitrine_settings INTERFACE /W4 /permissive- /utf-8 /bigobj)
else()
  target_compile_options(vitrine_settings INTERFACE -Wall -Wextra)
endif()

# CI builds treat warnings as errors (.ci/run sets it; scripts/test.sh passes VITRINE_WERROR=1).
option(VITRINE_WERROR "Treat compiler warnings as errors" OFF)
if(VITRINE_WERROR)
  if(MSVC)
    target_compile_options(vitrine_settings INTERFACE /WX)
  else()
    target_compile_options(vitrine_settings INTERFACE -Werror)
  endif()
endif()

# Sanitizers for the checking build (scripts/test-sanitizers.sh: clang++, address,undefined).
# Every error aborts the process, so a finding fails its test.
set(VITRINE_SANITIZE "" CACHE STRING "Comma-separated -fsanitize= list (e.g. address,undefined); empty: none")
if(VITRINE_SANITIZE)
  if(MSVC)
    message(FATAL_ERROR "VITRINE_SANITIZE is for GCC/Clang builds")
  endif()
  target_compile_options(vitrine_settings INTERFACE
    -fsanitize=${VITRINE_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(vitrine_settings INTERFACE -fsanitize=${VITRINE_SANITIZE})
endif()
# Debian's hardening build flags (dpkg-buildflags with hardening=+all: fortify, stack protector,
# format checks, full RELRO, bind now) for Linux builds, so the .deb passes lintian's hardening
# checks. Optimisation and debug flags stay CMake's; not combined with sanitizers.
if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND NOT VITRINE_SANITIZE)
  find_program(VITRINE_DPKG_BUILDFLAGS dpkg-buildflags)
  option(VITRINE_HARDENING "Compile and link with the flags of dpkg-buildflags (hardening=+all)" ON)
  if(VITRINE_HARDENING AND VITRINE_DPKG_BUILDFLAGS)
    foreach(kind CPPFLAGS CXXFLAGS LDFLAGS)
      execute_process(
        COMMAND "${CMAKE_COMMAND}" -E env DEB_BUILD_MAINT_OPTIONS=hardening=+all
                "${VITRINE_DPKG_BUILDFLAGS}" --get ${kind}
        OUTPUT_VARIABLE _flags OUTPUT_STRIP_TRAILING_WHITESPACE)
      separate_arguments(_flags UNIX_COMMAND "${_flags}")
      list(FILTER _flags EXCLUDE REGEX "^-(g|O.*|f(file|debug|macro)-prefix-map=.*)$")
      set(VITRINE_HARDENING_${kind} ${_flags})
    endforeach()
    # _FORTIFY_SOURCE needs optimisation: left out of Debug builds.
    foreach(f IN LISTS VITRINE_HARDENING_CPPFLAGS)
      if(f MATCHES "^-D_FORTIFY_SOURCE")
        target_compile_options(vitrine_settings INTERFACE $<$<NOT:$<CONFIG:Debug>>:${f}>)
      else()
        target_compile_options(vitrine_settings INTERFACE ${f})
      endif()
    endforeach()
    target_compile_options(vitrine_settings INTERFACE ${VITRINE_HARDENING_CXXFLAGS})
    target_link_options(vitrine_settings INTERFACE ${VITRINE_HARDENING_LDFLAGS})
    message(STATUS "Hardening flags (dpkg-buildflags): ${VITRINE_HARDENING_CPPFLAGS} "
                   "${VITRINE_HARDENING_CXXFLAGS} ${VITRINE_HARDENING_LDFLAGS}")
  endif()
endif()

set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
