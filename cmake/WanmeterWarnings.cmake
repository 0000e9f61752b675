# Strict warnings, as errors, for wanmeter's own targets only (never propagated through the
# INTERFACE targets; Boost stays a system include through its imported targets).
function(wanmeter_strict_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast -Wnon-virtual-dtor -Wcast-align
      -Wunused -Woverloaded-virtual -Wdouble-promotion -Wformat=2
      -Wimplicit-fallthrough -Werror)
  endif()
endfunction()

# Constant-evaluation budget for targets that build whole-pipeline reports or cost tables at
# compile time. g++'s default (2^25 operations) is ample; clang's default (1,048,576 steps) is
# not enough for a grid of whole runs (text encoder + DiT + VAE per entry), so raise it there.
function(wanmeter_constexpr_budget target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    target_compile_options(${target} PRIVATE -fconstexpr-steps=200000000)
  endif()
endfunction()
