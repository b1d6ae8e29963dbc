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
  gpuplan_fast_test_build(${name} SHARED_PCH)
  target_compile_definitions(${name} PRIVATE
    GPUPLAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    GPUPLAN_TRACES_DIR="${GPUPLAN_TRACES_DIR}"
    GPUPLAN_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    PROPERTIES ENVIRONMENT "GPUPLAN_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# gpuplan_fast_test_build(TARGET [SHARED_PCH]): how a GoogleTest program compiles. Test sources
# were over half of the build's compile time, mostly parsing GoogleTest and optimising its macro
# expansions, while the code they exercise lives in the libraries, which keep the build type's
# optimisation. So a test program compiles its own sources without optimisation (-O0; the last -O
# wins) and parses GoogleTest once, from a precompiled header. With SHARED_PCH the header is
# built once for every program that says so (gpuplan_add_test's, whose flags and definitions are
# the same) and reused. docs/performance.md "Build time" has the measurement.
function(gpuplan_fast_test_build target)
  cmake_parse_arguments(ARG "SHARED_PCH" "" "" ${ARGN})
  target_compile_options(${target} PRIVATE -O0)
  get_property(owner GLOBAL PROPERTY GPUPLAN_SHARED_TEST_PCH)
  if(ARG_SHARED_PCH AND owner)
    target_precompile_headers(${target} REUSE_FROM ${owner})
    return()
  endif()
  target_precompile_headers(${target} PRIVATE <gtest/gtest.h> <gmock/gmock.h>)
  if(ARG_SHARED_PCH)
    set_property(GLOBAL PROPERTY GPUPLAN_SHARED_TEST_PCH ${target})
  endif()
endfunction()
