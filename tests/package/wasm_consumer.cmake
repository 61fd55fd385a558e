# A C++ program for the browser built as a user builds one (README, "C++ in the browser"):
# examples/browser_echo as a project of its own, configured with Emscripten's toolchain and
# wsclient's source tree under add_subdirectory(); it must produce browser_echo.js and .wasm
# (and no JS module: a parent project does not build it unless asked). The README must show
# that CMakeLists.txt verbatim. Run with cmake -DSOURCE_DIR=... -DTOOLCHAIN=... -DWORK_DIR=... -P
foreach(var SOURCE_DIR TOOLCHAIN WORK_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "${var} is required")
  endif()
endforeach()

file(READ ${SOURCE_DIR}/README.md readme)
file(READ ${SOURCE_DIR}/examples/browser_echo/CMakeLists.txt lists)
string(FIND "${readme}" "```cmake\n${lists}```" at)
if(at EQUAL -1)
  message(FATAL_ERROR
          "README.md must show examples/browser_echo/CMakeLists.txt verbatim in a ```cmake block")
endif()

file(REMOVE_RECURSE ${WORK_DIR})
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/browser_echo -B ${WORK_DIR} -G Ninja
          -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN} -DCMAKE_BUILD_TYPE=Release
          -DWSCLIENT_SOURCE_DIR=${SOURCE_DIR}
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "configuring the example failed: ${status}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "building the example failed: ${status}")
endif()
foreach(output browser_echo.js browser_echo.wasm)
  if(NOT EXISTS ${WORK_DIR}/${output})
    message(FATAL_ERROR "no ${output} in ${WORK_DIR}")
  endif()
endforeach()
if(EXISTS ${WORK_DIR}/wsclient/wasm/wsclient.mjs)
  message(FATAL_ERROR "the JS module was built for a parent project that did not ask for it")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
