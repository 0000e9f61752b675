# Installs the build tree into WORK_DIR/prefix, then configures, builds and runs the consumer
# project (CONSUMER_DIR) against it three times:
#   1. core only, with a Boost that has no compiled libraries (boost_without_json/): must work;
#   2. COMPONENTS json with that same Boost: must fail, naming the json component;
#   3. COMPONENTS json with the real Boost: must work, both programs run.
# Fails on any deviation.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "install failed: ${rc}")
endif()

# configure_consumer(<name> <result var> <output var> [extra cmake args...])
function(configure_consumer name rc_var out_var)
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/${name} -G ${GENERATOR}
                          -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${rc_var} "${rc}" PARENT_SCOPE)
  set(${out_var} "${out}${err}" PARENT_SCOPE)
endfunction()

function(build_and_run name program expect)
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/${name} RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "${name}: build failed: ${rc}")
  endif()
  execute_process(COMMAND ${WORK_DIR}/${name}/${program} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  message(STATUS "${name}: ${out}")
  if(rc OR NOT out MATCHES "${expect}")
    message(FATAL_ERROR "${name}: ${program} failed: ${rc} ${out}")
  endif()
endfunction()

set(headers_only_boost -DBoost_DIR=${CONSUMER_DIR}/boost_without_json
                       "-DWANMETER_TEST_BOOST_INCLUDE=${BOOST_INCLUDE}")

# 1. The header-only core needs no compiled Boost library.
configure_consumer(core rc out ${headers_only_boost})
if(rc)
  message(FATAL_ERROR "core consumer configure failed with a headers-only Boost: ${rc}\n${out}")
endif()
build_and_run(core consumer "consumer ok: 6523436592005120 FLOPs")

# 2. Control: the stand-in Boost really lacks Boost.JSON, so requesting the json component fails.
configure_consumer(json-without-boost-json rc out ${headers_only_boost} -DCONSUMER_JSON=ON)
if(NOT rc OR NOT out MATCHES "json")
  message(FATAL_ERROR "COMPONENTS json configured without Boost.JSON (rc ${rc}):\n${out}")
endif()

# 3. The json component with the real Boost.
configure_consumer(json rc out -DCONSUMER_JSON=ON)
if(rc)
  message(FATAL_ERROR "json consumer configure failed: ${rc}\n${out}")
endif()
build_and_run(json consumer "consumer ok: 6523436592005120 FLOPs")
build_and_run(json json_consumer "json consumer ok: dim 1536, 30 layers")
