# Runs FUZZER for SECONDS on a scratch copy of the SEEDS corpus; fails on any finding.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
execute_process(COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
                        -artifact_prefix=${WORK}/artifacts/ ${WORK}/corpus ${SEEDS}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX MATCH "Done [0-9]+ runs[^\n]*" done "${err}")
message(STATUS "${done}")
if(rc)
  message(FATAL_ERROR "fuzzer found a problem (exit ${rc}):\n${err}")
endif()
