# CLI tier: the table of bad inputs in bad_inputs.py (exit code, message, no file created),
# run against the built `wanmeter` in a scratch folder. Included by test/cli/CMakeLists.txt.
if(NOT DEFINED WANMETER_CLI_SCRATCH)
  set(WANMETER_CLI_SCRATCH ${CMAKE_CURRENT_BINARY_DIR}/scratch)
endif()
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME cli.bad_inputs
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/bad_inputs.py $<TARGET_FILE:wanmeter_cli>
                   ${WANMETER_CLI_SCRATCH}/bad_inputs)
else()
  add_test(NAME cli.bad_inputs COMMAND ${CMAKE_COMMAND} -E false)
  message(WARNING "python3 not found: the test cli.bad_inputs will fail (scripts/setup-debian.sh installs it)")
endif()
set_tests_properties(cli.bad_inputs PROPERTIES LABELS "cli")
