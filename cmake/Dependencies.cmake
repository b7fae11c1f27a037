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
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
find_package(EXPAT REQUIRED)
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
pkg_check_modules(LIBGSF REQUIRED IMPORTED_TARGET libgsf-1)
# libphonenumber and MeCab ship neither a CMake config nor a pkg-config file.
include(${CMAKE_CURRENT_LIST_DIR}/ImportedLibraries.cmake)
