#include "extract/image.h"

#include "extract/heif_reader.h"
#include "mime/charset.h"

#include <libexif/exif-data.h>
#include <libexif/exif-log.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <vector>

namespace leakscan {

namespace {

std::uint32_t be16(std::string_view b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 8) | static_cast<unsigned char>(b[at + 1]);
}
std::uint32_t le16(std::string_view b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8) | static_cast<unsigned char>(b[at]);
}
std::uint32_t be32(std::string_view b, std::size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }
std::uint32_t le32(std::string_view b, std::size_t at) { return (le16(b, at + 2) << 16) | le16(b, at); }
std::uint32_t le24(std::string_view b, std::size_t at) {
  return le16(b, at) | (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16);
}

bool starts(std::string_view b, std::string_view magic) { return b.substr(0, magic.size()) == magic; }

void jpeg_size(std::string_view b, ImageFacts& f) {
  std::size_t at = 2;
  // Markers until a start of frame; each segment says its length.
  while (at + 9 < b.size()) {
    if (static_cast<unsigned char>(b[at]) != 0xFF) return;
    auto marker = static_cast<unsigned char>(b[at + 1]);
    if (marker == 0xFF) {
      ++at;
      continue;
    }
    bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      f.height = be16(b, at + 5);
      f.width = be16(b, at + 7);
      return;
    }
    if (marker == 0xD9 || marker == 0xDA) return;  // end of image, start of scan
    at += 2 + be16(b, at + 2);
  }
}

// A TIFF (at least its 8-byte header) in its own byte order.
struct Tiff {
  std::string_view b;
  bool little = b[0] == 'I';
  std::uint32_t u16(std::size_t at) const { return little ? le16(b, at) : be16(b, at); }
  std::uint32_t u32(std::size_t at) const { return little ? le32(b, at) : be32(b, at); }

  // Calls visit(tag, type, count, entry offset) for each entry of the
  // first directory that lies within the bytes.
  template <typename Visit>
  void for_each_entry(Visit visit) const {
    std::size_t ifd = u32(4);
    if (ifd < 8 || ifd + 2 > b.size()) return;
    std::uint32_t entries = u16(ifd);
    for (std::size_t i = 0; i < entries && ifd + 2 + (i + 1) * 12 <= b.size(); ++i) {
      std::size_t e = ifd + 2 + i * 12;
      visit(u16(e), u16(e + 2), u32(e + 4), e);
    }
  }
};

void tiff_size(std::string_view b, ImageFacts& f) {
  Tiff tiff{b};
  tiff.for_each_entry([&](std::uint32_t tag, std::uint32_t type, std::uint32_t, std::size_t e) {
    std::uint32_t value = type == 3 ? tiff.u16(e + 8) : tiff.u32(e + 8);
    if (tag == 256) f.width = value;
    if (tag == 257) f.height = value;
  });
}

void webp_size(std::string_view b, ImageFacts& f) {
  std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8 " && b.size() >= 30) {
    f.width = le16(b, 26) & 0x3FFF;
    f.height = le16(b, 28) & 0x3FFF;
  } else if (chunk == "VP8L" && b.size() >= 25) {
    std::uint32_t bits = le32(b, 21);
    f.width = (bits & 0x3FFF) + 1;
    f.height = ((bits >> 14) & 0x3FFF) + 1;
  } else if (chunk == "VP8X" && b.size() >= 30) {
    f.width = le24(b, 24) + 1;
    f.height = le24(b, 27) + 1;
  }
}

std::string image_format(std::string_view b) {
  if (starts(b, "\xFF\xD8\xFF")) return "jpeg";
  if (starts(b, "\x89PNG\r\n\x1A\n")) return "png";
  if (starts(b, "GIF87a") || starts(b, "GIF89a")) return "gif";
  if (starts(b, "BM") && b.size() >= 26) return "bmp";
  if (starts(b, std::string_view("II*\0", 4)) || starts(b, std::string_view("MM\0*", 4))) return "tiff";
  if (starts(b, "RIFF") && b.substr(8, 4) == "WEBP") return "webp";
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
    std::string_view brand = b.substr(8, 4);
    for (std::string_view heif : {"heic", "heix", "heim", "heis", "hevc", "mif1", "msf1", "avif"}) {
      if (brand == heif) return "heif";
    }
  }
  return "";
}

struct ExifDeleter {
  void operator()(ExifData* d) const { exif_data_unref(d); }
};
struct ExifLogDeleter {
  void operator()(ExifLog* l) const { exif_log_unref(l); }
};

void note_corruption(ExifLog*, ExifLogCode code, const char*, const char*, va_list, void* damaged) {
  if (code == EXIF_LOG_CODE_CORRUPT_DATA) *static_cast<bool*>(damaged) = true;
}

std::string entry_value(ExifContent* content, ExifTag tag) {
  if (content == nullptr) return "";
  ExifEntry* entry = exif_content_get_entry(content, tag);
  if (entry == nullptr) return "";
  char buf[1024] = {};
  if (exif_entry_get_value(entry, buf, sizeof buf) == nullptr) return "";
  std::string value(buf);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) value.pop_back();
  return value;
}

// The tags people fill in, and those that date and place a picture.
struct ExifField {
  ExifIfd ifd;
  ExifTag tag;
  const char* title;
};
constexpr ExifField kExifFields[] = {
    {EXIF_IFD_0, EXIF_TAG_MAKE, "Make"},
    {EXIF_IFD_0, EXIF_TAG_MODEL, "Model"},
    {EXIF_IFD_0, EXIF_TAG_SOFTWARE, "Software"},
    {EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, "DateTimeOriginal"},
    {EXIF_IFD_0, EXIF_TAG_ARTIST, "Artist"},
    {EXIF_IFD_0, EXIF_TAG_COPYRIGHT, "Copyright"},
    {EXIF_IFD_0, EXIF_TAG_IMAGE_DESCRIPTION, "ImageDescription"},
    {EXIF_IFD_EXIF, EXIF_TAG_USER_COMMENT, "UserComment"},
    {EXIF_IFD_0, EXIF_TAG_XP_AUTHOR, "XPAuthor"},
    {EXIF_IFD_0, EXIF_TAG_XP_TITLE, "XPTitle"},
    {EXIF_IFD_0, EXIF_TAG_XP_SUBJECT, "XPSubject"},
    {EXIF_IFD_0, EXIF_TAG_XP_COMMENT, "XPComment"},
};

constexpr std::string_view kPersonFields[] = {"Artist",  "Copyright", "ImageDescription", "UserComment", "XPAuthor",
                                              "XPTitle", "XPSubject", "XPComment",        "GPS"};

// Whether a JPEG carries an EXIF block: an APP1 segment that begins
// "Exif\0\0" before the image data. libexif reports a JPEG without one as
// corrupt, which it is not.
bool has_exif_segment(std::string_view jpeg) {
  std::size_t pos = 2;
  while (pos + 4 <= jpeg.size() && static_cast<unsigned char>(jpeg[pos]) == 0xFF) {
    auto marker = static_cast<unsigned char>(jpeg[pos + 1]);
    if (marker == 0xDA || marker == 0xD9) return false;  // start of scan, end of image
    std::size_t length = static_cast<std::size_t>(static_cast<unsigned char>(jpeg[pos + 2])) << 8 |
                         static_cast<unsigned char>(jpeg[pos + 3]);
    if (marker == 0xE1 && jpeg.substr(pos + 4, 6) == std::string_view("Exif\0\0", 6)) return true;
    if (length < 2) return false;
    pos += 2 + length;
  }
  return false;
}

void read_exif(std::string_view bytes, ImageFacts& facts) {
  std::unique_ptr<ExifData, ExifDeleter> data(exif_data_new());
  std::unique_ptr<ExifLog, ExifLogDeleter> log(exif_log_new());
  if (!data || !log) return;
  exif_log_set_func(log.get(), note_corruption, &facts.exif_damaged);
  exif_data_log(data.get(), log.get());
  // Read what is there; libexif must not "repair" the evidence's tags.
  exif_data_unset_option(data.get(), EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_load_data(data.get(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      static_cast<unsigned int>(std::min<std::size_t>(bytes.size(), 0xFFFFFFFFu)));
  for (const ExifField& field : kExifFields) {
    std::string value = entry_value(data->ifd[field.ifd], field.tag);
    // An empty user comment is stored as its character-set header alone.
    if (!value.empty() && value.find_first_not_of(' ') != std::string::npos)
      facts.exif.emplace_back(field.title, value);
  }
  ExifContent* gps = data->ifd[EXIF_IFD_GPS];
  std::string latitude = entry_value(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE));
  std::string longitude = entry_value(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE));
  if (!latitude.empty() && !longitude.empty()) {
    facts.exif.emplace_back("GPS", latitude + " " + entry_value(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF)) +
                                       " " + longitude + " " +
                                       entry_value(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF)));
  }
}

// A TIFF's own tags are EXIF's IFD0, but libexif reads at most 64 KB and
// TIFF writers put the directory after the pixels. The text tags of IFD0
// (kExifFields') are copied into a small block as a JPEG's APP1 holds it,
// for read_exif. "" when there are none. Sub-directories (EXIF, GPS) are
// not followed: scanners do not write them.
std::string tiff_exif_block(std::string_view b) {
  constexpr std::size_t kMaxValue = 4096;
  Tiff source{b};
  bool little = source.little;
  auto put16 = [&](std::string& out, std::uint32_t v) {
    char hi = static_cast<char>(v >> 8 & 0xFF), lo = static_cast<char>(v & 0xFF);
    out.push_back(little ? lo : hi);
    out.push_back(little ? hi : lo);
  };
  auto put32 = [&](std::string& out, std::uint32_t v) {
    put16(out, little ? v & 0xFFFF : v >> 16);
    put16(out, little ? v >> 16 : v & 0xFFFF);
  };
  struct Tag {
    std::uint32_t tag, type;
    std::string_view value;
  };
  std::vector<Tag> tags;
  source.for_each_entry([&](std::uint32_t tag, std::uint32_t type, std::uint32_t count, std::size_t e) {
    bool wanted = std::any_of(std::begin(kExifFields), std::end(kExifFields),
                              [&](const ExifField& f) { return f.ifd == EXIF_IFD_0 && f.tag == tag; });
    // ASCII, BYTE (the XP tags' UTF-16) or UNDEFINED: one byte a value.
    if (!wanted || (type != 1 && type != 2 && type != 7) || count == 0 || count > kMaxValue) return;
    std::size_t at = count <= 4 ? e + 8 : source.u32(e + 8);
    if (at > b.size() || count > b.size() - at) return;
    tags.push_back({tag, type, b.substr(at, count)});
  });
  if (tags.empty()) return "";
  std::sort(tags.begin(), tags.end(), [](const Tag& x, const Tag& y) { return x.tag < y.tag; });
  std::string block("Exif\0\0", 6);
  block += little ? std::string_view("II*\0", 4) : std::string_view("MM\0*", 4);
  std::string tiff;
  put32(tiff, 8);
  put16(tiff, static_cast<std::uint32_t>(tags.size()));
  std::string values;
  std::size_t values_at = 8 + 2 + tags.size() * 12 + 4;  // from the TIFF header
  for (const Tag& t : tags) {
    put16(tiff, t.tag);
    put16(tiff, t.type);
    put32(tiff, static_cast<std::uint32_t>(t.value.size()));
    if (t.value.size() <= 4) {
      tiff += t.value;
      tiff.append(4 - t.value.size(), '\0');
    } else {
      put32(tiff, static_cast<std::uint32_t>(values_at + values.size()));
      values += t.value;
      if (values.size() % 2 != 0) values.push_back('\0');  // word-aligned, as TIFF wants
    }
  }
  put32(tiff, 0);
  return block + tiff + values;
}

// Walks the chunks after the signature up to IEND: each must fit in the// Walks the chunks after the signature up to
// IEND: each must fit in the bytes that are left.
std::string png_chunk_problem(std::string_view bytes) {
  std::size_t pos = 8;
  while (pos + 8 <= bytes.size()) {
    std::uint32_t length = be32(bytes, pos);
    std::string_view type = bytes.substr(pos + 4, 4);
    if (length > bytes.size() - pos - 8) {
      std::string printable;
      for (char c : type) printable += (c >= 0x20 && c < 0x7F) ? c : '?';
      return "png chunk '" + printable + "' declares " + std::to_string(length) + " bytes, " +
             std::to_string(bytes.size() - pos - 8) + " are left";
    }
    if (type == "IEND") return "";
    pos += std::size_t{12} + length;
  }
  return "";  // cut between chunks: the decoder reads what is there
}

}  // namespace

ImageFacts probe_image(std::string_view bytes) {
  ImageFacts facts;
  facts.format = image_format(bytes);
  if (facts.format == "jpeg") {
    jpeg_size(bytes, facts);
  } else if (facts.format == "png" && bytes.size() >= 24) {
    facts.width = be32(bytes, 16);
    facts.height = be32(bytes, 20);
    facts.undecodable = png_chunk_problem(bytes);
  } else if (facts.format == "gif" && bytes.size() >= 10) {
    facts.width = le16(bytes, 6);
    facts.height = le16(bytes, 8);
  } else if (facts.format == "bmp") {
    facts.width = le32(bytes, 18);
    facts.height = static_cast<std::uint32_t>(std::abs(static_cast<std::int32_t>(le32(bytes, 22))));
  } else if (facts.format == "tiff" && bytes.size() >= 8) {
    tiff_size(bytes, facts);
  } else if (facts.format == "webp" && bytes.size() >= 16) {
    webp_size(bytes, facts);
  }
  // EXIF travels in JPEG's APP1, in TIFF as its own tags, and in a HEIF's
  // Exif item, which libheif finds.
  if (facts.format == "jpeg" && has_exif_segment(bytes)) read_exif(bytes, facts);
  if (facts.format == "tiff" && bytes.size() >= 8) {
    if (std::string block = tiff_exif_block(bytes); !block.empty()) read_exif(block, facts);
  }
  if (facts.format == "heif" && heif_built_in()) {
    HeifPicture heif = probe_heif(bytes);
    if (heif.readable) {
      facts.width = heif.width;
      facts.height = heif.height;
      if (!heif.exif.empty()) read_exif(heif.exif, facts);
    } else {
      facts.undecodable = heif.problem;
    }
  }
  return facts;
}

std::string exif_person_text(const ImageFacts& facts, CharsetDecoder& charsets) {
  std::string out;
  for (const auto& [title, value] : facts.exif) {
    for (std::string_view person : kPersonFields) {
      if (title != person) continue;
      out.append(title).append(": ");
      // EXIF's ASCII fields hold whatever the writer put there: Japanese
      // cameras and Windows write Shift_JIS. Not UTF-8, a value is decoded
      // as an unlabelled text is (CP932, EUC-JP, windows-1252 sniffed).
      if (is_valid_utf8(value)) {
        out.append(value);
      } else {
        charsets.decode(value, "", out);
      }
      out.push_back('\n');
    }
  }
  return out;
}

}  // namespace leakscan
