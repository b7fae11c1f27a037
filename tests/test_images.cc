// Pictures (extract/image, face_detector, ocr) and machine-readable zones
// (extract/mrz): specimen zones from ICAO Doc 9303 (the fictional Utopia),
// pictures written here byte by byte.
#include <libscan/rules.h>

#include "extract/face_detector.h"
#include "extract/image.h"
#include "extract/mrz.h"
#include "extract/ocr.h"
#include "mime/charset.h"
#include "office_writer.h"
#include "picture_writer.h"
#include "scanned_page.h"
#include "test_util.h"

#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <catch2/catch.hpp>

#ifdef LEAKSCAN_TEST_LEPTONICA
#include <leptonica/allheaders.h>
#endif
#ifdef LEAKSCAN_TEST_HEIF
#include <libheif/heif.h>
#endif

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>

using namespace leakscan;
using leakscan::test::decode_bytes;
using leakscan::test::find_part;
using leakscan::test::has_defect;
using leakscan::test::with_attachment;

namespace {

const char kTd3Line1[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
const char kTd3Line2[] = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

void put16le(std::string& s, unsigned v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put32le(std::string& s, unsigned v) {
  put16le(s, v & 0xFFFF);
  put16le(s, v >> 16);
}

// A 24-bit BMP of one grey level; `claimed_height` lies about its size when
// set.
std::string grey_bmp(unsigned width, unsigned height, unsigned char level, unsigned claimed_height = 0) {
  unsigned row = (width * 3 + 3) / 4 * 4;
  std::string b = "BM";
  put32le(b, 54 + row * height);
  put32le(b, 0);
  put32le(b, 54);
  put32le(b, 40);
  put32le(b, width);
  put32le(b, claimed_height ? claimed_height : height);
  put16le(b, 1);
  put16le(b, 24);
  put32le(b, 0);
  put32le(b, row * height);
  put32le(b, 2835);
  put32le(b, 2835);
  put32le(b, 0);
  put32le(b, 0);
  b.append(static_cast<std::size_t>(row) * height, static_cast<char>(level));
  return b;
}

// A JPEG header with an EXIF block naming its Artist, and a frame header
// of 640x480; no scan data (the probe reads headers only).
std::string jpeg_with_artist(const std::string& artist) {
  std::string tiff = "II*";
  tiff.push_back('\0');
  put32le(tiff, 8);
  put16le(tiff, 1);       // one entry
  put16le(tiff, 0x013B);  // Artist
  put16le(tiff, 2);       // ASCII
  put32le(tiff, static_cast<unsigned>(artist.size() + 1));
  put32le(tiff, 8 + 2 + 12 + 4);  // after the IFD
  put32le(tiff, 0);               // no next IFD
  tiff += artist;
  tiff.push_back('\0');
  std::string app1 = std::string("Exif\0\0", 6) + tiff;
  std::string j = "\xFF\xD8";
  j += "\xFF\xE1";
  j.push_back(static_cast<char>((app1.size() + 2) >> 8));
  j.push_back(static_cast<char>((app1.size() + 2) & 0xFF));
  j += app1;
  j += std::string("\xFF\xC0\x00\x11\x08\x01\xE0\x02\x80\x03", 10) + std::string(9, '\x01');
  j += "\xFF\xD9";
  return j;
}

// A page of text as a scanner would give it: a PDF page rendered by
// poppler at 300 dpi, saved as PNG.
std::string scanned_page(const std::vector<std::string>& lines) {
  std::string pdf = leakscan::sample::make_pdf({lines}, "Courier");
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  std::unique_ptr<poppler::page> page(doc->create_page(0));
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_rgb24);
  renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
  poppler::image image = renderer.render_page(page.get(), 300, 300);
  test::TempDir dir;
  std::string path = (dir.path() / "page.png").string();
  image.save(path, "png");
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool has_finding(const std::vector<Finding>& found, const std::string& item, const std::string& value) {
  return std::any_of(found.begin(), found.end(), [&](const Finding& f) { return f.item == item && f.value == value; });
}

const RuleSet& rules() {
  static const RuleSet r = RuleSet::load_directory(LEAKSCAN_RULES_DIR);
  return r;
}

// A synthetic Japanese passport's second line, its check digits computed.
std::string japanese_td3_line2() {
  std::string line2 = "TK1234567" + std::to_string(mrz_check_digit("TK1234567")) + "JPN850401" +
                      std::to_string(mrz_check_digit("850401")) + "F300401" +
                      std::to_string(mrz_check_digit("300401")) + std::string(14, '<') + "0";
  return line2 + std::to_string(mrz_check_digit(line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 22)));
}

}  // namespace

TEST_CASE("MRZ check digits follow ICAO 9303's 7-3-1 weights", "[mrz]") {
  CHECK(mrz_check_digit("L898902C3") == 6);
  CHECK(mrz_check_digit("740812") == 2);
  CHECK(mrz_check_digit("120415") == 9);
  CHECK(mrz_check_digit("<<<<") == 0);
  CHECK(mrz_check_digit("ab") == -1);
}

TEST_CASE("a passport's zone (TD3) yields its fields, each confirmed by its check digit", "[mrz]") {
  std::string text = std::string("some OCR noise\n") + kTd3Line1 + "\n" + kTd3Line2 + "\n";
  std::vector<MachineReadableZone> zones = find_machine_readable_zones(text);
  REQUIRE(zones.size() == 1);
  const MachineReadableZone& z = zones[0];
  CHECK(z.format == "TD3");
  CHECK(z.is_passport());
  CHECK(z.issuing_state == "UTO");
  CHECK(z.surname == "ERIKSSON");
  CHECK(z.given_names == "ANNA MARIA");
  CHECK(z.document_number == "L898902C3");
  CHECK(z.nationality == "UTO");
  CHECK(z.birth_date == "1974-08-12");
  CHECK(z.sex == "F");
  CHECK(z.expiry_date == "2012-04-15");
  CHECK(z.optional_data == "ZE184226B");
  CHECK(z.failed_checks.empty());
  CHECK(text.substr(z.begin, z.end - z.begin) == std::string(kTd3Line1) + "\n" + kTd3Line2);
  std::string fields = machine_readable_zone_text(z);
  CHECK(fields.find("Passport No.: L898902C3\n") != std::string::npos);
  CHECK(fields.find("Date of birth: 1974-08-12\n") != std::string::npos);
  CHECK(fields.find("Name: Eriksson Anna Maria\n") != std::string::npos);
}

TEST_CASE("the benchmarks' synthetic passports carry zones the MRZ reader accepts whole", "[mrz]") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) {
    leakscan::sample::Passport p = leakscan::sample::random_passport(rng);
    auto lines = p.zone();
    REQUIRE(lines[0].size() == 44);
    REQUIRE(lines[1].size() == 44);
    CHECK(leakscan::sample::mrz_check_digit(p.number) == mrz_check_digit(p.number));
    std::vector<MachineReadableZone> zones = find_machine_readable_zones(lines[0] + "\n" + lines[1] + "\n");
    REQUIRE(zones.size() == 1);
    CHECK(zones[0].failed_checks.empty());
    CHECK(zones[0].document_number == p.number);
    CHECK(zones[0].birth_date == p.birth_iso());
    CHECK(zones[0].sex == p.sex);
    CHECK(zones[0].surname == p.surname);
  }
}

TEST_CASE("OCR's confusions are undone where the check digit decides; a wrong digit drops the field", "[mrz]") {
  std::string line2 = kTd3Line2;
  line2[15] = 'O';  // birth date 74O812
  line2[5] = 'O';   // document number L8989O2C3
  // Spaces OCR put in a line, and a first line whose fillers came out short.
  std::string line1 = std::string(kTd3Line1).substr(0, 38);
  line1.insert(5, " ");
  std::vector<MachineReadableZone> zones = find_machine_readable_zones(line1 + "\n" + line2);
  REQUIRE(zones.size() == 1);
  CHECK(zones[0].birth_date == "1974-08-12");
  CHECK(zones[0].document_number == "L898902C3");
  CHECK(zones[0].surname == "ERIKSSON");

  std::string wrong = kTd3Line2;
  wrong[9] = '7';  // the document number's check digit
  zones = find_machine_readable_zones(std::string(kTd3Line1) + "\n" + wrong);
  REQUIRE(zones.size() == 1);
  CHECK(zones[0].document_number.empty());
  CHECK(std::find(zones[0].failed_checks.begin(), zones[0].failed_checks.end(), "document number") !=
        zones[0].failed_checks.end());
  CHECK(std::find(zones[0].failed_checks.begin(), zones[0].failed_checks.end(), "composite") !=
        zones[0].failed_checks.end());
  CHECK(machine_readable_zone_text(zones[0]).find("Passport No.") == std::string::npos);
  CHECK(zones[0].birth_date == "1974-08-12");
}

TEST_CASE("a zone OCR miscounted is rebuilt when every check digit agrees with one reading", "[mrz]") {
  const std::string line1 = "P<JPNYAMADA<<HANAKO<<<<<<<<<<<<<<<<<<<<<<<<<";
  const std::string line2 = japanese_td3_line2();
  REQUIRE(line2.size() == 44);
  auto read = [](const std::string& text) {
    std::vector<MachineReadableZone> zones = find_machine_readable_zones(text);
    return zones.size() == 1 && zones[0].failed_checks.empty() && zones[0].document_number == "TK1234567" &&
           zones[0].birth_date == "1985-04-01" && zones[0].nationality == "JPN" && zones[0].surname == "YAMADA" &&
           zones[0].given_names == "HANAKO";
  };
  CHECK(read(line1 + "\n" + line2));
  // A blank line between the two.
  CHECK(read(line1 + "\n\n" + line2));
  // Fillers miscounted: three short, two too many.
  CHECK(read(line1 + "\n" + line2.substr(0, 28) + std::string(11, '<') + line2.substr(42)));
  CHECK(read(line1 + "\n" + line2.substr(0, 28) + std::string(16, '<') + line2.substr(42)));
  // A stray character among the check digits after them ("0Q8"), and one
  // in the fields: "TK12345673JPN" (the J read as "3J"), which reads as
  // JPN, JJN or JJP: the issuing state's JPN is taken.
  CHECK(read(line1 + "\n" + line2.substr(0, 42) + "Q" + line2.substr(43)));
  CHECK(read(line1 + "\n" + line2.substr(0, 10) + "3" + line2.substr(10)));
  // JPN read as 3PN: no digit belongs in a letter field.
  CHECK(read(line1 + "\n" + line2.substr(0, 10) + "3" + line2.substr(11)));
  // A first line cut short after the names, beside a second line that checks.
  CHECK(read("P<JPNYAMADA<<HANAKO<<<\n" + line2));
  // A stray character in the sex field: only one reading leaves M or F there.
  CHECK(read(line1 + "\n" + line2.substr(0, 20) + "X" + line2.substr(20)));
  // One in the nationality, which no check digit covers: "JPXN" reads as
  // JPN, PXN, JXN or JPX alike, and is not guessed at when the issuing
  // state is none of them.
  CHECK(find_machine_readable_zones("P<UTOYAMADA<<HANAKO<<<<<<<<<<<<<<<<<<<<<<<<<\n" + line2.substr(0, 12) + "X" +
                                    line2.substr(12))
            .empty());
}

TEST_CASE("identity cards' zones (TD1, three lines of 30) are read too; prose is not a zone", "[mrz]") {
  std::vector<MachineReadableZone> zones = find_machine_readable_zones(
      "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\n");
  REQUIRE(zones.size() == 1);
  CHECK(zones[0].format == "TD1");
  CHECK(!zones[0].is_passport());
  CHECK(zones[0].document_number == "D23145890");
  CHECK(zones[0].birth_date == "1974-08-12");
  CHECK(zones[0].given_names == "ANNA MARIA");
  CHECK(zones[0].failed_checks.empty());
  CHECK(machine_readable_zone_text(zones[0]).find("Document No.: D23145890") != std::string::npos);
  CHECK(find_machine_readable_zones("THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG AGAIN\n1234\n").empty());
}

TEST_CASE("a picture's header gives its format and size; EXIF gives who took it", "[image]") {
  ImageFacts bmp = probe_image(grey_bmp(32, 16, 200));
  CHECK(bmp.format == "bmp");
  CHECK(bmp.width == 32);
  CHECK(bmp.height == 16);
  std::string png = "\x89PNG\r\n\x1A\n";
  png += std::string("\0\0\0\x0DIHDR\0\0\x02\x80\0\0\x01\xE0", 16);
  ImageFacts p = probe_image(png);
  CHECK(p.format == "png");
  CHECK(p.width == 640);
  CHECK(p.height == 480);
  ImageFacts gif = probe_image(std::string("GIF89a\x10\x00\x20\x00", 10));
  CHECK(gif.format == "gif");
  CHECK(gif.height == 32);
  CHECK(probe_image("not a picture").format.empty());

  ImageFacts j = probe_image(jpeg_with_artist("Hanako Yamada"));
  CHECK(j.format == "jpeg");
  CHECK(j.width == 640);
  CHECK(j.height == 480);
  CharsetDecoder charsets;
  CHECK(exif_person_text(j, charsets) == "Artist: Hanako Yamada\n");
}

TEST_CASE("an image attachment: its EXIF text is scanned, its facts recorded, lies about size refused",
          "[image][extract]") {
  Message m = decode_bytes(with_attachment("IMG_0001.jpg", "image/jpeg", jpeg_with_artist("山田 花子")));
  const Part* exif = find_part(m, "2#exif");
  REQUIRE(exif != nullptr);
  CHECK(exif->text == "Artist: 山田 花子\n");
  CHECK(exif->spans.at(0).location == "EXIF");
  REQUIRE(!m.attachments.empty());
  CHECK(m.attachments[0].facts.rfind("jpeg 640x480 exif=yes", 0) == 0);
  // Its scan data is missing: with OpenCV it cannot be decoded for faces.
  CHECK(m.attachments[0].read == !FaceDetector::built_in());

  Message huge = decode_bytes(with_attachment("scan.bmp", "image/bmp", grey_bmp(8, 8, 0, 100'000'000)));
  CHECK(has_defect(huge, "image.too-large"));
  Message fake = decode_bytes(with_attachment("photo.png", "image/png", "this is text"));
  CHECK(has_defect(fake, "image.corrupt"));
  CHECK(!fake.attachments.at(0).read);
}

TEST_CASE("a PNG chunk that declares more bytes than the file holds is not decoded", "[image][extract]") {
  // Found by fuzz_attachment: libpng allocates what a chunk declares before
  // reading it, so 163 bytes made it ask for 1.6 GB.
  std::string png = "\x89PNG\r\n\x1A\n";
  png += std::string("\0\0\0\x0DIHDR\0\0\0\x0E\0\0\0\x0E\x08\x02\0\0\0\x90\x2A\xBA\x86", 25);
  png += std::string("\x64\0\0\x13tEXtSoftware\0Greenshot", 26);
  ImageFacts facts = probe_image(png);
  CHECK(facts.width == 14);
  CHECK(facts.undecodable == "png chunk 'tEXt' declares 1677721619 bytes, 18 are left");
  Message m = decode_bytes(with_attachment("screen.png", "image/png", png));
  CHECK(has_defect(m, "image.corrupt"));
  REQUIRE(!m.attachments.empty());
  CHECK(!m.attachments[0].read);
  CHECK(m.attachments[0].reason == "corrupt");

  std::string whole = png.substr(0, 33) + std::string("\0\0\0\0IEND\xAE\x42\x60\x82", 12);
  CHECK(probe_image(whole).undecodable.empty());
}

TEST_CASE("faces are looked for when OpenCV is built in; a blank picture has none", "[image][faces]") {
  if (!FaceDetector::built_in()) {
    std::string error;
    CHECK(FaceDetector::open("", error) == nullptr);
    CHECK(error.find("without OpenCV") != std::string::npos);
    WARN("built without OpenCV: face detection not tested");
    return;
  }
  std::string error;
  std::unique_ptr<FaceDetector> detector = FaceDetector::open(FaceDetector::default_model(), error);
  REQUIRE(detector != nullptr);
  std::optional<FaceCount> faces = detector->detect(grey_bmp(200, 200, 128));
  REQUIRE(faces.has_value());
  CHECK(faces->faces == 0);
  CHECK(!detector->detect("garbage").has_value());
  CHECK(FaceDetector::open("/nonexistent.xml", error) == nullptr);

  Message m = decode_bytes(with_attachment("face.bmp", "image/bmp", grey_bmp(120, 160, 90)));
  CHECK(m.attachments.at(0).facts == "bmp 120x160 faces=0");
  // A picture cut after its header cannot be decoded.
  Message cut = decode_bytes(with_attachment("face.bmp", "image/bmp", grey_bmp(120, 160, 90).substr(0, 80)));
  CHECK(has_defect(cut, "image.corrupt"));
}

namespace {

// What the process writes to stderr between construction and take().
class StderrCapture {
 public:
  StderrCapture() : file_(std::tmpfile()) {
    std::fflush(stderr);
    saved_ = ::dup(2);
    ::dup2(::fileno(file_), 2);
  }
  ~StderrCapture() { restore(); }
  std::string take() {
    restore();
    std::rewind(file_);
    std::string out;
    for (int c; (c = std::fgetc(file_)) != EOF;) out.push_back(static_cast<char>(c));
    return out;
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }
  std::FILE* file_;
  int saved_ = -1;
};

}  // namespace

TEST_CASE("damaged JPEG and PNG pictures are defects, never lines on stderr", "[image][faces]") {
  if (!FaceDetector::built_in()) {
    WARN("built without OpenCV: pictures are not decoded");
    return;
  }
  // An 8x8 grey PNG; then one byte of its IDAT changed (a CRC error), and
  // a JPEG cut in half. libpng and libjpeg, under Leptonica, printed
  // "libpng error: IDAT: CRC error" and "Premature end of JPEG file".
  const std::string png(
      "\x89\x50\x4E\x47\x0D\x0A\x1A\x0A\x00\x00\x00\x0D\x49\x48\x44\x52\x00\x00\x00\x08\x00\x00\x00\x08\x08\x00"
      "\x00\x00\x00\xE1\x64\xE1\x57\x00\x00\x00\x14\x49\x44\x41\x54\x78\x9C\x63\x70\xF0\x08\x88\x48\xC8\x28\xA8"
      "\x60\xA0\x8C\x01\x00\x31\xF5\x17\x01\xC1\x55\x6C\x2D\x00\x00\x00\x00\x49\x45\x4E\x44\xAE\x42\x60\x82",
      77);
  std::string bad_crc = png;
  bad_crc[50] = static_cast<char>(bad_crc[50] ^ 0x55);
  std::string jpeg = sample::plain_jpeg(64, 64, 100);
  StderrCapture capture;
  Message good = decode_bytes(with_attachment("a.png", "image/png", png));
  Message crc = decode_bytes(with_attachment("b.png", "image/png", bad_crc));
  Message cut = decode_bytes(with_attachment("c.jpg", "image/jpeg", jpeg.substr(0, jpeg.size() / 2)));
  Message whole = decode_bytes(with_attachment("d.jpg", "image/jpeg", jpeg));
  CHECK(capture.take().empty());
  CHECK(good.attachments.at(0).facts == "png 8x8 faces=0");
  CHECK(!crc.attachments.at(0).read);
  CHECK(has_defect(crc, "image.corrupt"));
  CHECK(whole.attachments.at(0).facts == "jpeg 64x64 faces=0");
  REQUIRE(!cut.attachments.empty());
}

#ifdef LEAKSCAN_TEST_LEPTONICA
TEST_CASE("TIFF, GIF and WebP: faces are found; damage is a defect, never lines on stderr", "[image][faces]") {
  // Leptonica decodes these through libtiff, giflib and libwebp, whose own
  // handlers would print; each picture whole, cut in half, with bytes
  // garbled in its data and in its header.
  PIX* pix = pixCreate(300, 200, 8);
  REQUIRE(pix != nullptr);
  pixSetAllArbitrary(pix, 128);
  const std::pair<int, const char*> formats[] = {
      {IFF_TIFF, "tiff"}, {IFF_TIFF_LZW, "tiff"}, {IFF_TIFF_ZIP, "tiff"}, {IFF_GIF, "gif"}, {IFF_WEBP, "webp"}};
  std::vector<std::pair<std::string, std::string>> pictures;  // (format, bytes)
  for (auto [format, name] : formats) {
    l_uint8* data = nullptr;
    size_t size = 0;
    REQUIRE(pixWriteMem(&data, &size, pix, format) == 0);
    pictures.emplace_back(name, std::string(reinterpret_cast<const char*>(data), size));
    lept_free(data);
  }
  pixDestroy(&pix);
  StderrCapture capture;
  int unread = 0;
  for (const auto& [format, whole] : pictures) {
    std::string cut = whole.substr(0, whole.size() / 2), garbled = whole, header = whole;
    for (std::size_t i = whole.size() / 3; i < whole.size() / 3 + 20; ++i)
      garbled[i] = static_cast<char>(garbled[i] ^ 0x5A);
    for (std::size_t i = 4; i < std::min<std::size_t>(whole.size(), 60); ++i)
      header[i] = static_cast<char>(header[i] ^ 0xA5);
    std::string type = "image/" + format;
    Message good = decode_bytes(with_attachment("a." + format, type, whole));
    REQUIRE(good.attachments.size() == 1);
    CHECK(good.attachments[0].read);
    CHECK(good.attachments[0].facts.find(format + " 300x200") == 0);
    for (const std::string& damaged : {cut, garbled, header}) {
      Message m = decode_bytes(with_attachment("b." + format, type, damaged));
      REQUIRE(m.attachments.size() == 1);
      if (!m.attachments[0].read) {
        ++unread;
        CHECK(has_defect(m, "image.corrupt"));
      }
    }
  }
  CHECK(capture.take().empty());
  CHECK(unread >= 10);  // most damage is seen (a cut GIF keeps its size and reads)

  // Faces are looked for in every format Leptonica decodes (a GIF too).
  if (FaceDetector::built_in()) {
    sample::FaceDrawing drawing;
    std::vector<unsigned char> face = sample::drawn_face_pixels(drawing);
    PIX* drawn = pixCreate(drawing.width, drawing.height, 8);
    REQUIRE(drawn != nullptr);
    for (int y = 0; y < drawing.height; ++y) {
      for (int x = 0; x < drawing.width; ++x)
        pixSetPixel(drawn, x, y, face[static_cast<std::size_t>(y) * drawing.width + x]);
    }
    for (auto [format, name] : formats) {
      l_uint8* data = nullptr;
      size_t size = 0;
      REQUIRE(pixWriteMem(&data, &size, drawn, format) == 0);
      std::string bytes(reinterpret_cast<const char*>(data), size);
      lept_free(data);
      Message m = decode_bytes(with_attachment(std::string("face.") + name, std::string("image/") + name, bytes));
      REQUIRE(m.attachments.size() == 1);
      INFO(name << ": " << m.attachments[0].facts);
      CHECK(m.attachments[0].facts.find("faces=1") != std::string::npos);
    }
    pixDestroy(&drawn);
  }
}
#endif

#ifdef LEAKSCAN_TEST_HEIF
namespace {

// EXIF as a JPEG's APP1 holds it: "Exif\0\0", then a little-endian TIFF
// header and IFD0 with one Artist tag.
std::string exif_with_artist(const std::string& artist) {
  std::string value = artist + '\0';
  std::string t("Exif\0\0II*\0", 10);
  auto put16 = [&](unsigned v) { t.push_back(static_cast<char>(v & 0xFF)), t.push_back(static_cast<char>(v >> 8)); };
  auto put32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) t.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  put32(8);  // IFD0, from the TIFF header
  put16(1);
  put16(0x013B);  // Artist
  put16(2);       // ASCII
  put32(static_cast<std::uint32_t>(value.size()));
  put32(8 + 2 + 12 + 4);
  put32(0);
  return t + value;
}

heif_error append_to_string(heif_context*, const void* data, size_t size, void* userdata) {
  static_cast<std::string*>(userdata)->append(static_cast<const char*>(data), size);
  return {heif_error_Ok, heif_suberror_Unspecified, "ok"};
}

// A grey picture as HEIC (HEVC, 4:2:0 with neutral chroma), with `exif`.
std::string gray_heic(const std::vector<unsigned char>& pixels, int width, int height, const std::string& exif) {
  heif_context* context = heif_context_alloc();
  heif_encoder* encoder = nullptr;
  heif_image* image = nullptr;
  heif_image_handle* handle = nullptr;
  std::string out;
  if (heif_context_get_encoder_for_format(context, heif_compression_HEVC, &encoder).code == heif_error_Ok &&
      heif_image_create(width, height, heif_colorspace_YCbCr, heif_chroma_420, &image).code == heif_error_Ok) {
    heif_image_add_plane(image, heif_channel_Y, width, height, 8);
    heif_image_add_plane(image, heif_channel_Cb, (width + 1) / 2, (height + 1) / 2, 8);
    heif_image_add_plane(image, heif_channel_Cr, (width + 1) / 2, (height + 1) / 2, 8);
    int stride = 0;
    std::uint8_t* y = heif_image_get_plane(image, heif_channel_Y, &stride);
    for (int row = 0; row < height; ++row) {
      std::copy(pixels.begin() + static_cast<std::ptrdiff_t>(row) * width,
                pixels.begin() + static_cast<std::ptrdiff_t>(row + 1) * width,
                y + static_cast<std::ptrdiff_t>(row) * stride);
    }
    for (heif_channel chroma : {heif_channel_Cb, heif_channel_Cr}) {
      std::uint8_t* c = heif_image_get_plane(image, chroma, &stride);
      std::fill(c, c + static_cast<std::ptrdiff_t>(stride) * ((height + 1) / 2), 128);
    }
    heif_encoder_set_logging_level(encoder, 0);
    heif_encoder_set_lossy_quality(encoder, 90);
    heif_writer writer{1, append_to_string};
    if (heif_context_encode_image(context, image, encoder, nullptr, &handle).code == heif_error_Ok &&
        (exif.empty() ||
         heif_context_add_exif_metadata(context, handle, exif.data(), static_cast<int>(exif.size())).code ==
             heif_error_Ok)) {
      heif_context_write(context, &writer, &out);
    }
  }
  if (handle != nullptr) heif_image_handle_release(handle);
  if (image != nullptr) heif_image_release(image);
  if (encoder != nullptr) heif_encoder_release(encoder);
  heif_context_free(context);
  return out;
}

}  // namespace

TEST_CASE("a HEIC photo is read through libheif: size, EXIF, faces; damage is a defect", "[image][faces][heif]") {
  sample::FaceDrawing drawing;
  std::string heic =
      gray_heic(sample::drawn_face_pixels(drawing), drawing.width, drawing.height, exif_with_artist("Yamada Hanako"));
  REQUIRE(heic.size() > 100);
  REQUIRE(heic.substr(4, 8) == "ftypheic");
  StderrCapture capture;
  Message m = decode_bytes(with_attachment("IMG_0001.HEIC", "image/heic", heic));
  REQUIRE(m.attachments.size() == 1);
  const AttachmentStatus& photo = m.attachments[0];
  CHECK(photo.read);
  CHECK(photo.facts.find("heif 200x200 exif=yes") == 0);
  const Part* exif = find_part(m, "2#exif");
  REQUIRE(exif != nullptr);
  CHECK(exif->text == "Artist: Yamada Hanako\n");
  if (FaceDetector::built_in()) CHECK(photo.facts.find("faces=1") != std::string::npos);
  for (const std::string& damaged :
       {heic.substr(0, heic.size() / 2), heic.substr(0, 40), heic.substr(0, 12) + std::string(400, '\x5A')}) {
    Message d = decode_bytes(with_attachment("IMG_0002.HEIC", "image/heic", damaged));
    REQUIRE(d.attachments.size() == 1);
    CHECK(!d.attachments[0].read);
    CHECK(has_defect(d, "image.corrupt"));
  }
  CHECK(capture.take().empty());
}
#endif

namespace {

// An 8-bit grey TIFF of `width` x `height` as TIFF writers lay it out: the
// pixels first, then the directory with the tags, then their values.
std::string tiff_with_tags(bool little, int width, int height,
                           const std::vector<std::pair<unsigned, std::string>>& ascii,
                           const std::vector<std::pair<unsigned, std::string>>& bytes) {
  std::string t = little ? std::string("II*\0", 4) : std::string("MM\0*", 4);
  auto put16 = [&](std::string& out, unsigned v) {
    char hi = static_cast<char>(v >> 8 & 0xFF), lo = static_cast<char>(v & 0xFF);
    out.push_back(little ? lo : hi);
    out.push_back(little ? hi : lo);
  };
  auto put32 = [&](std::string& out, std::uint32_t v) {
    put16(out, little ? v & 0xFFFF : v >> 16);
    put16(out, little ? v >> 16 : v & 0xFFFF);
  };
  std::size_t pixels = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  std::size_t ifd = 8 + pixels;
  put32(t, static_cast<std::uint32_t>(ifd));
  t.append(pixels, '\x80');
  struct Entry {
    unsigned tag, type;
    std::uint32_t count, value;
    std::string data;
  };
  std::vector<Entry> entries = {{256, 3, 1, static_cast<std::uint32_t>(width), ""},
                                {257, 3, 1, static_cast<std::uint32_t>(height), ""},
                                {258, 3, 1, 8, ""},
                                {259, 3, 1, 1, ""},
                                {262, 3, 1, 1, ""},
                                {273, 4, 1, 8, ""},
                                {277, 3, 1, 1, ""},
                                {278, 3, 1, static_cast<std::uint32_t>(height), ""},
                                {279, 4, 1, static_cast<std::uint32_t>(pixels), ""}};
  for (const auto& [tag, text] : ascii)
    entries.push_back({tag, 2, static_cast<std::uint32_t>(text.size() + 1), 0, text + '\0'});
  for (const auto& [tag, data] : bytes) entries.push_back({tag, 1, static_cast<std::uint32_t>(data.size()), 0, data});
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.tag < b.tag; });
  std::size_t values_at = ifd + 2 + entries.size() * 12 + 4;
  std::string values;
  put16(t, static_cast<unsigned>(entries.size()));
  for (const Entry& e : entries) {
    put16(t, e.tag);
    put16(t, e.type);
    put32(t, e.count);
    if (e.data.empty()) {
      if (e.type == 3) {
        put16(t, e.value);
        put16(t, 0);
      } else {
        put32(t, e.value);
      }
    } else {
      put32(t, static_cast<std::uint32_t>(values_at + values.size()));
      values += e.data;
    }
  }
  put32(t, 0);
  return t + values;
}

}  // namespace

TEST_CASE("a TIFF's own tags are its EXIF, wherever its directory lies", "[image]") {
  std::string author_utf16;  // XPAuthor: UTF-16LE, as Windows writes it
  for (char16_t c : std::u16string(u"山田 花子")) {
    author_utf16.push_back(static_cast<char>(c & 0xFF));
    author_utf16.push_back(static_cast<char>(c >> 8));
  }
  author_utf16 += std::string(2, '\0');
  for (bool little : {true, false}) {
    INFO((little ? "II" : "MM"));
    // 320 x 240: the directory sits 76,800 bytes in, past what libexif reads.
    std::string tiff = tiff_with_tags(little, 320, 240, {{0x010F, "EXAMPLE SCANNER"}, {0x013B, "Yamada Hanako"}},
                                      {{0x9C9D, author_utf16}});
    Message m = decode_bytes(with_attachment("scan.tif", "image/tiff", tiff));
    REQUIRE(m.attachments.size() == 1);
    CHECK(m.attachments[0].facts.find("tiff 320x240 exif=yes") == 0);
    CHECK(!has_defect(m, "image.exif-damaged"));
    const Part* exif = find_part(m, "2#exif");
    REQUIRE(exif != nullptr);
    CHECK(exif->text.find("Artist: Yamada Hanako\n") != std::string::npos);
    CHECK(exif->text.find("XPAuthor: 山田 花子\n") != std::string::npos);
  }
  // A name written in Shift_JIS into an ASCII tag is decoded as such; bytes
  // in no charset still give a UTF-8 text part (found by fuzzing).
  Message sjis = decode_bytes(with_attachment(
      "sjis.tif", "image/tiff", tiff_with_tags(true, 64, 64, {{0x013B, "\x8E\x52\x93\x63\x20\x89\xD4\x8E\x71"}}, {})));
  const Part* sjis_exif = find_part(sjis, "2#exif");
  REQUIRE(sjis_exif != nullptr);
  CHECK(sjis_exif->text == "Artist: 山田 花子\n");
  Message junk = decode_bytes(
      with_attachment("junk.tif", "image/tiff", tiff_with_tags(true, 64, 64, {{0x013B, "\xFF\xFE\x80\x81\xC0"}}, {})));
  const Part* junk_exif = find_part(junk, "2#exif");
  REQUIRE(junk_exif != nullptr);
  CHECK(is_valid_utf8(junk_exif->text));
  CHECK(junk_exif->text.find("Artist: ") == 0);
  // No text tags, no EXIF.
  Message plain = decode_bytes(with_attachment("plain.tif", "image/tiff", tiff_with_tags(true, 64, 64, {}, {})));
  REQUIRE(plain.attachments.size() == 1);
  CHECK(plain.attachments[0].facts.find("exif=yes") == std::string::npos);
}

TEST_CASE("a drawn face is found, through the decoder, and is a photo", "[image][faces]") {
  if (!FaceDetector::built_in()) {
    WARN("built without OpenCV: face detection not tested");
    return;
  }
  std::string error;
  std::unique_ptr<FaceDetector> detector = FaceDetector::open(FaceDetector::default_model(), error);
  REQUIRE(detector != nullptr);
  std::string face = sample::drawn_face_jpeg({});
  std::optional<FaceCount> faces = detector->detect(face);
  REQUIRE(faces.has_value());
  CHECK(faces->faces == 1);
  CHECK(faces->largest_share >= 0.2);
  std::optional<FaceCount> none = detector->detect(sample::plain_jpeg(200, 200, 180));
  REQUIRE(none.has_value());
  CHECK(none->faces == 0);

  // A neutral file name and no words about it: only the picture says photo.
  Message m = decode_bytes(with_attachment("IMG_0001.jpg", "image/jpeg", face, "よろしくお願いします。\n"));
  REQUIRE(m.attachments.size() == 1);
  CHECK(m.attachments[0].facts.rfind("jpeg 200x200 faces=1 face_share=", 0) == 0);
  CHECK(m.defects.empty());  // a JPEG without EXIF is not a damaged EXIF block
  std::vector<Finding> found;
  Detector(rules()).scan_message(m, found);
  CHECK(std::count_if(found.begin(), found.end(), [](const Finding& f) { return f.item == "photo"; }) == 1);
  CHECK(std::any_of(found.begin(), found.end(), [](const Finding& f) { return f.rule == "photo.face"; }));
  Message plain =
      decode_bytes(with_attachment("IMG_0002.jpg", "image/jpeg", sample::plain_jpeg(200, 200, 180), "どうぞ。\n"));
  found.clear();
  Detector(rules()).scan_message(plain, found);
  CHECK(std::none_of(found.begin(), found.end(), [](const Finding& f) { return f.item == "photo"; }));
}

TEST_CASE("the image rules read the facts: one large face is a photo, a zone an identity document", "[image][rules]") {
  Detector detector(rules());
  Message m;
  Part picture;
  picture.path = "2";
  picture.filename = "IMG_0001.jpg";
  picture.content_type = "image/jpeg";
  m.parts.push_back(picture);
  m.envelope.subject = "懇親会";
  AttachmentStatus status{"2", "IMG_0001.jpg", "image", true, "", "jpeg 600x800 faces=1 face_share=22"};
  m.attachments.push_back(status);
  std::vector<Finding> found;
  detector.scan_message(m, found);
  auto photo = std::find_if(found.begin(), found.end(), [](const Finding& f) { return f.rule == "photo.face"; });
  REQUIRE(photo != found.end());
  CHECK(photo->item == "photo");
  CHECK(photo->part == "2#filename");

  m.attachments[0].facts = "jpeg 4000x3000 faces=3 face_share=1";
  found.clear();
  detector.scan_message(m, found);
  CHECK(std::none_of(found.begin(), found.end(), [](const Finding& f) { return f.item == "photo"; }));
  m.attachments[0].facts = "jpeg 1700x1200 faces=0 mrz=TD3";
  found.clear();
  detector.scan_message(m, found);
  CHECK(std::any_of(found.begin(), found.end(), [](const Finding& f) { return f.rule == "photo.identity_document"; }));
}

TEST_CASE("a zone's fields as labelled lines give passport, nationality, birth date, sex and name items",
          "[mrz][rules]") {
  Detector detector(rules());
  std::vector<MachineReadableZone> zones =
      find_machine_readable_zones(std::string(kTd3Line1) + "\n" + kTd3Line2 + "\n");
  REQUIRE(zones.size() == 1);
  Message m;
  Part mrz;
  mrz.path = "2#mrz";
  mrz.is_text = true;
  mrz.content_type = "text/plain";
  mrz.text = machine_readable_zone_text(zones[0]);
  m.parts.push_back(mrz);
  std::vector<Finding> found;
  detector.scan_message(m, found);
  auto has = [&](const std::string& item, const std::string& value) { return has_finding(found, item, value); };
  CHECK(has("passport_number", "L898902C3"));
  CHECK(has("nationality", "UTO"));
  CHECK(has("birth_date", "1974-08-12"));
  CHECK(has("gender", "F"));
  CHECK(std::any_of(found.begin(), found.end(), [](const Finding& f) { return f.item == "name"; }));
}

TEST_CASE("OCR is optional: without Tesseract --ocr is refused with the reason", "[ocr]") {
  std::string error;
  std::unique_ptr<OcrEngine> engine = OcrEngine::open("jpn+eng", error);
  if (!OcrEngine::built_in()) {
    CHECK(engine == nullptr);
    CHECK(error.find("without Tesseract") != std::string::npos);
    return;
  }
  REQUIRE(engine != nullptr);
  CHECK(!engine->recognize_image("garbage").has_value());
  std::string blank = grey_bmp(100, 50, 255);
  std::optional<std::string> text = engine->recognize_image(blank);
  REQUIRE(text.has_value());
  CHECK(text->find_first_not_of(" \n") == std::string::npos);
  CHECK(OcrEngine::open("xx-no-such-language", error) == nullptr);
}

TEST_CASE("OCR: a scanned passport page gives validated passport, name, nationality, birth date and sex",
          "[ocr][mrz]") {
  if (!OcrEngine::built_in()) {
    WARN("built without Tesseract: OCR not tested");
    return;
  }
  // A synthetic Japanese passport's zone, its check digits computed.
  std::string line1 = "P<JPNYAMADA<<HANAKO<<<<<<<<<<<<<<<<<<<<<<<<<";
  std::string line2 = japanese_td3_line2();
  std::string png = scanned_page({"PASSPORT", "Surname YAMADA", "Given name HANAKO", "", line1, line2});
  DecodeOptions options;
  options.ocr = true;
  Message m = decode_bytes(with_attachment("scan001.png", "image/png", png, "本人確認書類です。\n"), options);
  const Part* ocr = find_part(m, "2#ocr");
  REQUIRE(ocr != nullptr);
  CHECK(ocr->text.find("PASSPORT") != std::string::npos);
  const Part* mrz = find_part(m, "2#mrz");
  REQUIRE(mrz != nullptr);
  CHECK(mrz->text.find("Passport No.: TK1234567\n") != std::string::npos);
  CHECK(m.attachments.at(0).facts.find("mrz=TD3") != std::string::npos);
  Detector detector(rules());
  std::vector<Finding> found;
  detector.scan_message(m, found);
  auto has = [&](const std::string& item, const std::string& value) { return has_finding(found, item, value); };
  CHECK(has("passport_number", "TK1234567"));
  CHECK(has("birth_date", "1985-04-01"));
  CHECK(has("nationality", "JPN"));
  CHECK(has("gender", "F"));
  CHECK(has("name", "Yamada Hanako"));
  CHECK(has("photo", "scan001.png"));
}

TEST_CASE("OCR: a passport photographed under a lamp, dark on one side, still gives its zone", "[ocr][mrz]") {
  if (!OcrEngine::built_in()) {
    WARN("built without Tesseract: OCR not tested");
    return;
  }
  std::mt19937_64 rng(3);
  leakscan::sample::Passport passport = leakscan::sample::random_passport(rng);
  leakscan::sample::GrayPage page =
      leakscan::sample::render_page(leakscan::sample::make_pdf({passport.page_lines()}, "Courier"), 150);
  REQUIRE(page.width > 0);
  // Light falling off from left to right by 35 %: one threshold for the
  // page loses the zone's right half.
  for (int y = 0; y < page.height; ++y) {
    for (int x = 0; x < page.width; ++x) {
      unsigned char& p = page.pixels[static_cast<std::size_t>(y) * page.width + x];
      p = static_cast<unsigned char>(p * (1 - 0.35 * x / page.width));
    }
  }
  std::string jpeg = sample::gray_jpeg(page.pixels.data(), page.width, page.height, 80);
  DecodeOptions options;
  options.ocr = true;
  Message m = decode_bytes(with_attachment("photo.jpg", "image/jpeg", jpeg, "パスポートの写真です。\n"), options);
  REQUIRE(m.attachments.size() == 1);
  CHECK(m.attachments[0].facts.find("mrz=TD3") != std::string::npos);
  const Part* mrz = find_part(m, "2#mrz");
  REQUIRE(mrz != nullptr);
  CHECK(mrz->text.find("Passport No.: " + passport.number + "\n") != std::string::npos);
}
