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
pkg_check_modules(LIBEXIF REQUIRED IMPORTED_TARGET libexif)
# Optional: face detection (OpenCV with opencv-data's cascade) and OCR
# (Tesseract with Leptonica). Used when found unless switched off; a build
# without them says so in `leakscan --version`.
option(LEAKSCAN_WITH_OPENCV "Detect faces in pictures with OpenCV when it is installed" ON)
option(LEAKSCAN_WITH_TESSERACT "Recognize scanned text with Tesseract when it is installed" ON)
set(LEAKSCAN_HAVE_OPENCV OFF)
if(LEAKSCAN_WITH_OPENCV)
  # Pictures are decoded by Leptonica (not OpenCV's imgcodecs and its GDAL).
  find_package(OpenCV QUIET COMPONENTS core imgproc objdetect)
  pkg_check_modules(LEPTONICA QUIET IMPORTED_TARGET lept)
  find_file(LEAKSCAN_FACE_MODEL haarcascade_frontalface_default.xml
            PATHS /usr/share/opencv4/haarcascades /usr/share/opencv/haarcascades NO_DEFAULT_PATH)
  if(OpenCV_FOUND AND LEPTONICA_FOUND AND LEAKSCAN_FACE_MODEL)
    set(LEAKSCAN_HAVE_OPENCV ON)
  endif()
endif()
set(LEAKSCAN_HAVE_TESSERACT OFF)
if(LEAKSCAN_WITH_TESSERACT)
  pkg_check_modules(TESSERACT QUIET IMPORTED_TARGET tesseract lept)
  if(TESSERACT_FOUND)
    set(LEAKSCAN_HAVE_TESSERACT ON)
  endif()
endif()
# HEIF/HEIC pictures (iPhone photos): size, EXIF and pixels through libheif.
option(LEAKSCAN_WITH_HEIF "Read HEIF/HEIC pictures with libheif when it is installed" ON)
set(LEAKSCAN_HAVE_HEIF OFF)
if(LEAKSCAN_WITH_HEIF)
  pkg_check_modules(LIBHEIF QUIET IMPORTED_TARGET libheif)
  if(LIBHEIF_FOUND)
    set(LEAKSCAN_HAVE_HEIF ON)
  endif()
endif()
# The leakscan tool's allocator. The pipeline's in-order consumer frees
# what the workers built, and glibc's malloc makes every such free contend
# for the allocating thread's arena (+14 % CPU at two threads, measured);
# jemalloc does not. Never with a sanitizer, which brings its own.
option(LEAKSCAN_WITH_JEMALLOC "Link the leakscan tool with jemalloc when it is installed" ON)
set(LEAKSCAN_HAVE_JEMALLOC OFF)
if(LEAKSCAN_WITH_JEMALLOC AND NOT LEAKSCAN_SANITIZE AND NOT LEAKSCAN_TSAN AND NOT LEAKSCAN_FUZZ)
  pkg_check_modules(JEMALLOC QUIET IMPORTED_TARGET jemalloc)
  if(JEMALLOC_FOUND)
    set(LEAKSCAN_HAVE_JEMALLOC ON)
  endif()
endif()
message(STATUS "leakscan: face detection ${LEAKSCAN_HAVE_OPENCV}, OCR ${LEAKSCAN_HAVE_TESSERACT}, HEIF ${LEAKSCAN_HAVE_HEIF}, jemalloc ${LEAKSCAN_HAVE_JEMALLOC}")
# libphonenumber and MeCab ship neither a CMake config nor a pkg-config file.
include(${CMAKE_CURRENT_LIST_DIR}/ImportedLibraries.cmake)
