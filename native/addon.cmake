# The Node addon, vdso.node, for cmake-js: the same sources (sources.gypi,
# read by CMakeLists.txt), defines and warnings as binding.gyp, so either
# build system produces the same addon.
# CMakeLists.txt includes this file only when cmake-js drives the build
# (CMAKE_JS_VERSION set); plain CMake builds of the tests never see Node headers.
#
# Node-API mode: cmake-js reads binary.napi_versions from native/package.json
# and then puts node-api-headers and node-addon-api on CMAKE_JS_INC, so no
# Node source headers are downloaded.

add_library(vdso_node_addon SHARED ${VDSO_CORE_SOURCES} ${VDSO_NODE_SOURCES} ${CMAKE_JS_SRC})

# build/Release/vdso.node is where node-gyp writes it and where the loader
# (node-gyp-build) looks first; cmake-js's own default is the same place, but
# stating it here keeps the two builds interchangeable whatever the caller passes.
set_target_properties(vdso_node_addon PROPERTIES
  OUTPUT_NAME vdso
  PREFIX ""
  SUFFIX ".node"
  LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/Release"
  CXX_STANDARD 17
  CXX_STANDARD_REQUIRED ON
  CXX_EXTENSIONS OFF
  # As binding.gyp: calls inside the addon bind directly, not through the PLT.
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON)

target_include_directories(vdso_node_addon PRIVATE ${CMAKE_JS_INC})
target_compile_definitions(vdso_node_addon PRIVATE
  NAPI_VERSION=8 NODE_ADDON_API_DISABLE_DEPRECATED)
target_compile_options(vdso_node_addon PRIVATE -Wall -Wextra -fexceptions)
target_link_libraries(vdso_node_addon PRIVATE ${CMAKE_JS_LIB})

# CI builds with -DVDSO_WERROR=ON (npm run build:cmake -- --CDVDSO_WERROR=ON) so
# the addon stays warning-free; users' builds never fail on a new compiler's warning.
option(VDSO_WERROR "Fail the addon build on any compiler warning" OFF)
if(VDSO_WERROR)
  target_compile_options(vdso_node_addon PRIVATE -Werror)
endif()
