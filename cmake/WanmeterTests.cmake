# Test helpers.

# wanmeter_syntax_test(<name> <source> [FAILS_WITH <regex>])
# Compiles <source> (syntax only) with the configured compiler, run directly rather than through
# the build tool so these tests can run in parallel. Without FAILS_WITH the test passes when it
# compiles; with it, the test passes only when compilation fails with output matching <regex>,
# i.e. with the *intended* diagnostic.
function(wanmeter_syntax_test name source)
  cmake_parse_arguments(arg "" "FAILS_WITH" "" ${ARGN})
  get_target_property(boost_inc Boost::headers INTERFACE_INCLUDE_DIRECTORIES)
  set(incs -I${PROJECT_SOURCE_DIR}/include)
  foreach(dir IN LISTS boost_inc)
    # /usr/include is already searched; naming it again with -isystem breaks #include_next.
    if(NOT dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
      list(APPEND incs -isystem ${dir})
    endif()
  endforeach()
  add_test(NAME fail.${name}
           COMMAND ${CMAKE_CXX_COMPILER} -std=c++20 -fsyntax-only ${incs} ${CMAKE_CURRENT_SOURCE_DIR}/${source})
  set_tests_properties(fail.${name} PROPERTIES LABELS "fail")
  if(arg_FAILS_WITH)
    set_tests_properties(fail.${name} PROPERTIES PASS_REGULAR_EXPRESSION "${arg_FAILS_WITH}")
  endif()
endfunction()
