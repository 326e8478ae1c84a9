# One INTERFACE target with every shared compile setting; all Vitrine targets link it.
add_library(vitrine_settings INTERFACE)
target_compile_features(vitrine_settings INTERFACE cxx_std_17)
target_compile_definitions(vitrine_settings INTERFACE
  QT_NO_KEYWORDS                     # LibTorch uses `slots`; write Q_SLOTS / Q_SIGNALS / Q_EMIT
  VITRINE_VERSION="${PROJECT_VERSION}")
if(MSVC)
  target_compile_options(vitrine_settings INTERFACE /W4 /permissive-)
else()
  target_compile_options(vitrine_settings INTERFACE -Wall -Wextra)
endif()
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
