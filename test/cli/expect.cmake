# Runs one command and checks its exit code and output:
#   cmake -DCMD=<exe> -DARGS=<;-list> -DRC=<code> [-DSTDOUT=<regex>] [-DSTDERR=<regex>]
#         [-DSTDOUT_EMPTY=ON] [-DWORKDIR=<dir>] -P expect.cmake
if(NOT WORKDIR)
  set(WORKDIR ".")
endif()
file(MAKE_DIRECTORY "${WORKDIR}")
string(REPLACE "|" ";" ARGS "${ARGS}")
execute_process(COMMAND "${CMD}" ${ARGS} WORKING_DIRECTORY "${WORKDIR}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(report "command: ${CMD} ${ARGS}\nexit code: ${rc}\nstdout:\n${out}\nstderr:\n${err}")
if(NOT rc STREQUAL RC)
  message(FATAL_ERROR "expected exit code ${RC}\n${report}")
endif()
if(DEFINED STDOUT AND NOT out MATCHES "${STDOUT}")
  message(FATAL_ERROR "stdout does not match '${STDOUT}'\n${report}")
endif()
if(DEFINED STDERR AND NOT err MATCHES "${STDERR}")
  message(FATAL_ERROR "stderr does not match '${STDERR}'\n${report}")
endif()
if(STDOUT_EMPTY AND NOT out STREQUAL "")
  message(FATAL_ERROR "stdout should be empty\n${report}")
endif()
message(STATUS "ok: ${CMD} ${ARGS} -> ${rc}")
