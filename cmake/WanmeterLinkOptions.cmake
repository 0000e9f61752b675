# Link options for a fast start-up of the `wanmeter` executable (bench/startup.sh measures it).
#
#   wanmeter_fast_startup(<executable> [<static library compiled into it>...])
#
# What a dynamically linked `wanmeter --version` spends before main(), measured on Debian 12
# (g++ 12, glibc 2.36, binutils 2.40; bench/RESULTS.md has the figures):
#   * loading six shared objects (libboost_json, libboost_container, libboost_program_options,
#     libstdc++, libm, libgcc_s) and applying ~2,500 symbol and relative relocations across them
#     (LD_DEBUG=statistics: ~210,000 cycles in the dynamic loader, 44% of it relocation);
#   * the page faults of mapping and relocating them (166 minor faults for --version against 69
#     for /bin/true).
# A static position-independent executable (-static-pie) loads nothing, keeps ASLR, and with
# -z pack-relative-relocs its ~4,500 relative relocations shrink to a 952-byte RELR table
# applied in a tight loop: `wanmeter --version` goes from 2.4x to about 1.0x the wall time of
# `/bin/true`. --gc-sections (with -ffunction-sections -fdata-sections) drops the unused parts
# of the static archives (-25% file size).
#
# Options:
#   WANMETER_STATIC_CLI (ON)  static-pie with the static archives of the compiled Boost
#                             components the executable links; falls back to static Boost +
#                             -static-libstdc++ -static-libgcc when -static-pie does not link,
#                             and to the default linkage when the archives are missing. Off
#                             automatically under sanitizers (CMAKE_CXX_FLAGS with -fsanitize:
#                             the ASan/UBSan runtimes need the dynamic C++ runtime), and for
#                             distribution packages that must link the system libraries shared
#                             (-DWANMETER_STATIC_CLI=OFF).
#
# Side effect to know: the compiled Boost components are imported targets (Boost::json,
# Boost::container, Boost::program_options); with WANMETER_STATIC_CLI their imported location is
# switched to the static archive for every target of this build that can see them, so the tests
# link the same Boost.JSON code as the executable. Consumers of the installed package are not
# affected (their own find_package(Boost) decides).
include_guard(GLOBAL)
include(CheckLinkerFlag)

option(WANMETER_STATIC_CLI "Link the wanmeter executable as a static PIE (fast start-up)" ON)

# The Boost:: shared imported targets reachable through the link interface of `targets`.
function(_wanmeter_compiled_boost_targets out)
  set(todo ${ARGN})
  set(seen "")
  set(found "")
  while(todo)
    list(POP_FRONT todo t)
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" t "${t}")
    if(t IN_LIST seen OR NOT TARGET "${t}")
      continue()
    endif()
    list(APPEND seen "${t}")
    get_target_property(aliased "${t}" ALIASED_TARGET)
    if(aliased)
      list(APPEND todo "${aliased}")
      continue()
    endif()
    get_target_property(type "${t}" TYPE)
    get_target_property(imported "${t}" IMPORTED)
    if(imported AND type STREQUAL "SHARED_LIBRARY" AND t MATCHES "^Boost::")
      list(APPEND found "${t}")
    endif()
    get_target_property(deps "${t}" INTERFACE_LINK_LIBRARIES)
    if(deps)
      list(APPEND todo ${deps})
    endif()
    if(NOT imported AND NOT type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(deps "${t}" LINK_LIBRARIES)
      if(deps)
        list(APPEND todo ${deps})
      endif()
    endif()
  endwhile()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

# For each Boost shared imported target, the static archive beside its shared object
# (libboost_json.so.1.81.0 -> libboost_json.a); sets `ok` false when one is missing.
function(_wanmeter_static_boost_archives ok)
  set(all_found TRUE)
  foreach(t IN LISTS ARGN)
    get_target_property(configs "${t}" IMPORTED_CONFIGURATIONS)
    set(props IMPORTED_LOCATION)
    foreach(c IN LISTS configs)
      list(APPEND props "IMPORTED_LOCATION_${c}")
    endforeach()
    set(archive "")
    foreach(p IN LISTS props)
      get_target_property(so "${t}" ${p})
      if(so)
        get_filename_component(dir "${so}" DIRECTORY)
        get_filename_component(name "${so}" NAME)
        string(REGEX REPLACE "^(lib[^.]+)\\.so.*$" "\\1.a" name "${name}")
        if(EXISTS "${dir}/${name}")
          set(archive "${dir}/${name}")
        endif()
      endif()
    endforeach()
    if(archive)
      set(_wanmeter_archive_of_${t} "${archive}" PARENT_SCOPE)
    else()
      set(all_found FALSE)
    endif()
  endforeach()
  set(${ok} ${all_found} PARENT_SCOPE)
endfunction()

function(wanmeter_fast_startup executable)
  set(targets ${executable} ${ARGN})
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang" OR NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
    return()
  endif()

  # Sections per function / object so that --gc-sections can drop what the CLI never calls.
  foreach(t IN LISTS targets)
    target_compile_options(${t} PRIVATE -ffunction-sections -fdata-sections)
  endforeach()
  check_linker_flag(CXX "LINKER:-O1,--as-needed,--gc-sections" WANMETER_LINKER_GC_SECTIONS)
  if(WANMETER_LINKER_GC_SECTIONS)
    target_link_options(${executable} PRIVATE "LINKER:-O1,--as-needed,--gc-sections")
  endif()
  # DT_RELR (glibc >= 2.36, binutils >= 2.38): relative relocations as a bitmap.
  check_linker_flag(CXX "LINKER:-z,pack-relative-relocs" WANMETER_LINKER_PACK_RELATIVE_RELOCS)
  if(WANMETER_LINKER_PACK_RELATIVE_RELOCS)
    target_link_options(${executable} PRIVATE "LINKER:-z,pack-relative-relocs")
  endif()

  set(sanitizing FALSE)
  string(TOUPPER "${CMAKE_BUILD_TYPE}" config)
  if("${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${config}} ${CMAKE_EXE_LINKER_FLAGS}" MATCHES "-fsanitize")
    set(sanitizing TRUE)
  endif()
  if(NOT WANMETER_STATIC_CLI OR sanitizing)
    return()
  endif()

  _wanmeter_compiled_boost_targets(boost_targets ${targets})
  _wanmeter_static_boost_archives(archives_found ${boost_targets})
  if(NOT archives_found)
    message(STATUS "wanmeter: no static archive for some of ${boost_targets}: ${executable} is linked dynamically")
    return()
  endif()
  foreach(t IN LISTS boost_targets)
    get_target_property(configs "${t}" IMPORTED_CONFIGURATIONS)
    foreach(c IN LISTS configs)
      set_property(TARGET "${t}" PROPERTY "IMPORTED_LOCATION_${c}" "${_wanmeter_archive_of_${t}}")
    endforeach()
    get_target_property(loc "${t}" IMPORTED_LOCATION)
    if(loc)
      set_property(TARGET "${t}" PROPERTY IMPORTED_LOCATION "${_wanmeter_archive_of_${t}}")
    endif()
  endforeach()

  check_linker_flag(CXX "-static-pie" WANMETER_LINKER_STATIC_PIE)
  if(WANMETER_LINKER_STATIC_PIE)
    foreach(t IN LISTS targets)
      target_compile_options(${t} PRIVATE -fPIE)
    endforeach()
    target_link_options(${executable} PRIVATE -static-pie)
    message(STATUS "wanmeter: ${executable} is a static PIE (static ${boost_targets})")
  else()
    target_link_options(${executable} PRIVATE -static-libstdc++ -static-libgcc)
    message(STATUS "wanmeter: ${executable} links ${boost_targets}, libstdc++ and libgcc statically")
  endif()
endfunction()
