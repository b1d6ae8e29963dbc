# gpuplan_add_library(NAME DIR dir DEPS ...): one static library per sim/ folder, built from every
# .cc in it, so a folder compiles on its own and its dependencies are written down here once.
function(gpuplan_add_library name)
  cmake_parse_arguments(ARG "" "DIR" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS "${ARG_DIR}/*.cc")
  list(FILTER srcs EXCLUDE REGEX ".*/main\\.cc$")
  if(srcs)
    add_library(${name} STATIC ${srcs})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

# gpuplan_add_test(NAME DIR dir DEPS ...): one GoogleTest program per tests/ folder.
function(gpuplan_add_test name)
  cmake_parse_arguments(ARG "" "DIR" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS "${ARG_DIR}/*_test.cc")
  if(NOT srcs)
    return()
  endif()
  add_executable(${name} ${srcs})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    GPUPLAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    GPUPLAN_TRACES_DIR="${GPUPLAN_TRACES_DIR}"
    GPUPLAN_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    PROPERTIES ENVIRONMENT "GPUPLAN_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
