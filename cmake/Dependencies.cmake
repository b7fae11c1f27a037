# Every third-party library comes from Debian 12; see README "Dependencies".
# The same lookups run again in libscanConfig.cmake for consumers of the
# installed static library.
find_package(PkgConfig REQUIRED)
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0>=3.2)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_package(yaml-cpp REQUIRED)
# libphonenumber ships neither a CMake config nor a pkg-config file.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
if(NOT TARGET leakscan::phonenumber)
  add_library(leakscan::phonenumber UNKNOWN IMPORTED)
  set_target_properties(leakscan::phonenumber PROPERTIES IMPORTED_LOCATION ${PHONENUMBER_LIBRARY}
                        INTERFACE_INCLUDE_DIRECTORIES ${PHONENUMBER_INCLUDE_DIR})
endif()
# MeCab has no CMake config; mecab-config prints its flags, the header and
# library are in the standard places on Debian.
find_path(MECAB_INCLUDE_DIR mecab.h REQUIRED)
find_library(MECAB_LIBRARY mecab REQUIRED)
if(NOT TARGET leakscan::mecab)
  add_library(leakscan::mecab UNKNOWN IMPORTED)
  set_target_properties(leakscan::mecab PROPERTIES IMPORTED_LOCATION ${MECAB_LIBRARY}
                        INTERFACE_INCLUDE_DIRECTORIES ${MECAB_INCLUDE_DIR})
endif()
