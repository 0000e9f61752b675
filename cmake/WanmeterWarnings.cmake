# Strict warnings, as errors, for wanmeter's own targets only (never propagated through the
# INTERFACE targets; Boost stays a system include through its imported targets).
function(wanmeter_strict_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast -Wnon-virtual-dtor -Wcast-align
      -Wunused -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion -Wformat=2
      -Wimplicit-fallthrough -Werror)
  endif()
endfunction()
