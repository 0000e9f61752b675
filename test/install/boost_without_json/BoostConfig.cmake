# A stand-in Boost 1.81 that has the headers and none of the compiled libraries, like an
# installation of the header-only part of Boost. It defines Boost::headers from the real headers
# (WANMETER_TEST_BOOST_INCLUDE, set by run.cmake) and fails any request for a component, so a
# consumer configured with it proves that it never needs the compiled Boost.JSON.
foreach(_c IN LISTS Boost_FIND_COMPONENTS)
  if(Boost_FIND_REQUIRED_${_c})
    set(Boost_FOUND FALSE)
    set(Boost_NOT_FOUND_MESSAGE "this Boost has the headers only: no compiled Boost.${_c}")
    return()
  endif()
endforeach()
if(NOT TARGET Boost::headers)
  add_library(Boost::headers INTERFACE IMPORTED)
  set(_incs ${WANMETER_TEST_BOOST_INCLUDE})
  if(_incs AND CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    # Naming /usr/include again with -isystem breaks #include_next.
    list(REMOVE_ITEM _incs ${CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES})
  endif()
  if(_incs)
    set_target_properties(Boost::headers PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_incs}")
  endif()
endif()
set(Boost_VERSION 1.81.0)
set(Boost_FOUND TRUE)
