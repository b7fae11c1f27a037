# Libraries Debian ships without a CMake config or pkg-config file become
# imported targets here. Included by Dependencies.cmake for the build and
# installed next to libscanConfig.cmake for consumers of the static library.

# leakscan_import_library(TARGET HEADER LIBRARY): TARGET for the library
# LIBRARY whose include directory holds HEADER.
function(leakscan_import_library target header library)
  if(TARGET ${target})
    return()
  endif()
  string(MAKE_C_IDENTIFIER "${library}" id)
  string(TOUPPER "${id}" id)
  find_path(${id}_INCLUDE_DIR ${header} REQUIRED)
  find_library(${id}_LIBRARY ${library} REQUIRED)
  add_library(${target} UNKNOWN IMPORTED)
  set_target_properties(${target} PROPERTIES IMPORTED_LOCATION ${${id}_LIBRARY}
                        INTERFACE_INCLUDE_DIRECTORIES ${${id}_INCLUDE_DIR})
endfunction()

leakscan_import_library(leakscan::phonenumber phonenumbers/phonenumberutil.h phonenumber)
leakscan_import_library(leakscan::mecab mecab.h mecab)
