#include "mime/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace leakscan {

namespace {

enum class Family {
  kAbsent,  // no label, or one that says nothing (us-ascii, unknown-8bit)
  kUtf8,
  kIso2022Jp,   // 7-bit: 8-bit bytes mean the label is wrong
  kSingleByte,  // Latin and other 8-bit tables: valid UTF-8 means mislabelled
  kOther,       // trust the label
};

struct Known {
  std::string_view label;
  Family family;
  const char* icu;        // ICU converter name
  const char* canonical;  // what decoded_charset reports
};

constexpr const char* kCp932 = "ibm-943_P15A-2003";
constexpr const char* kJis = "ISO_2022,locale=ja,version=3";

// Labels seen in mail whose ICU meaning is not what the mail meant, or that
// ICU does not know. Anything else goes to ICU as written.
constexpr std::array kKnown = {
    Known{"", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"us-ascii", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"ascii", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"us", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"ansi_x3.4-1968", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"iso646-us", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"unknown", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"unknown-8bit", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"x-unknown", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"x-user-defined", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"default", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"7bit", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"8bit", Family::kAbsent, "US-ASCII", "us-ascii"},
    Known{"utf-8", Family::kUtf8, "UTF-8", "utf-8"},
    Known{"utf8", Family::kUtf8, "UTF-8", "utf-8"},
    Known{"unicode-1-1-utf-8", Family::kUtf8, "UTF-8", "utf-8"},
    Known{"x-unicode20utf8", Family::kUtf8, "UTF-8", "utf-8"},
    Known{"iso-2022-jp", Family::kIso2022Jp, kJis, "iso-2022-jp"},
    Known{"csiso2022jp", Family::kIso2022Jp, kJis, "iso-2022-jp"},
    Known{"iso-2022-jp-1", Family::kIso2022Jp, kJis, "iso-2022-jp"},
    Known{"iso-2022-jp-3", Family::kIso2022Jp, kJis, "iso-2022-jp"},
    Known{"iso-2022-jp-ms", Family::kIso2022Jp, kJis, "iso-2022-jp"},
    Known{"cp50220", Family::kIso2022Jp, kJis, "iso-2022-jp"},
    Known{"cp50221", Family::kIso2022Jp, kJis, "iso-2022-jp"},
    Known{"cp50222", Family::kIso2022Jp, kJis, "iso-2022-jp"},
    Known{"iso-2022-jp-2", Family::kIso2022Jp, "ISO_2022,locale=ja,version=2", "iso-2022-jp-2"},
    Known{"shift_jis", Family::kOther, kCp932, "windows-31j"},
    Known{"shift-jis", Family::kOther, kCp932, "windows-31j"},
    Known{"sjis", Family::kOther, kCp932, "windows-31j"},
    Known{"x-sjis", Family::kOther, kCp932, "windows-31j"},
    Known{"shift_jisx0213", Family::kOther, kCp932, "windows-31j"},
    Known{"ms_kanji", Family::kOther, kCp932, "windows-31j"},
    Known{"csshiftjis", Family::kOther, kCp932, "windows-31j"},
    Known{"windows-31j", Family::kOther, kCp932, "windows-31j"},
    Known{"cp932", Family::kOther, kCp932, "windows-31j"},
    Known{"ms932", Family::kOther, kCp932, "windows-31j"},
    Known{"x-ms-cp932", Family::kOther, kCp932, "windows-31j"},
    Known{"euc-jp", Family::kOther, "EUC-JP", "euc-jp"},
    Known{"x-euc-jp", Family::kOther, "EUC-JP", "euc-jp"},
    Known{"eucjp", Family::kOther, "EUC-JP", "euc-jp"},
    Known{"eucjp-ms", Family::kOther, "EUC-JP", "euc-jp"},
    Known{"euc-jp-ms", Family::kOther, "EUC-JP", "euc-jp"},
    Known{"cseucpkdfmtjapanese", Family::kOther, "EUC-JP", "euc-jp"},
    Known{"iso-8859-1", Family::kSingleByte, "windows-1252", "windows-1252"},
    Known{"iso8859-1", Family::kSingleByte, "windows-1252", "windows-1252"},
    Known{"iso_8859-1", Family::kSingleByte, "windows-1252", "windows-1252"},
    Known{"latin1", Family::kSingleByte, "windows-1252", "windows-1252"},
    Known{"l1", Family::kSingleByte, "windows-1252", "windows-1252"},
    Known{"cp819", Family::kSingleByte, "windows-1252", "windows-1252"},
    Known{"windows-1252", Family::kSingleByte, "windows-1252", "windows-1252"},
    Known{"cp1252", Family::kSingleByte, "windows-1252", "windows-1252"},
    Known{"ks_c_5601-1987", Family::kOther, "windows-949", "windows-949"},
    Known{"ks_c_5601", Family::kOther, "windows-949", "windows-949"},
    Known{"ksc5601", Family::kOther, "windows-949", "windows-949"},
    Known{"euc-kr", Family::kOther, "windows-949", "windows-949"},
    Known{"cp949", Family::kOther, "windows-949", "windows-949"},
    Known{"gb2312", Family::kOther, "GB18030", "gb18030"},
    Known{"gbk", Family::kOther, "GB18030", "gb18030"},
    Known{"x-gbk", Family::kOther, "GB18030", "gb18030"},
    Known{"cp936", Family::kOther, "GB18030", "gb18030"},
    Known{"euc-cn", Family::kOther, "GB18030", "gb18030"},
    Known{"csgb2312", Family::kOther, "GB18030", "gb18030"},
    Known{"gb18030", Family::kOther, "GB18030", "gb18030"},
    Known{"big5", Family::kOther, "windows-950", "big5"},
    Known{"x-big5", Family::kOther, "windows-950", "big5"},
    Known{"cn-big5", Family::kOther, "windows-950", "big5"},
    Known{"big5-hkscs", Family::kOther, "ibm-1375_P100-2008", "big5-hkscs"},
    Known{"utf-7", Family::kOther, "UTF-7", "utf-7"},
    Known{"unicode-1-1-utf-7", Family::kOther, "UTF-7", "utf-7"},
};

const Known* find_known(std::string_view label) {
  for (const Known& k : kKnown) {
    if (k.label == label) return &k;
  }
  return nullptr;
}

struct ReplacementCounter {
  std::size_t count = 0;
};

void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                          UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to write
  auto* counter = static_cast<ReplacementCounter*>(const_cast<void*>(context));
  ++counter->count;
  static const UChar kReplacement = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

bool is_ascii(std::string_view bytes) {
  return std::none_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

bool has_iso2022_escape(std::string_view bytes) {
  for (std::size_t i = bytes.find('\x1b'); i != std::string_view::npos; i = bytes.find('\x1b', i + 1)) {
    std::string_view esc = bytes.substr(i, 3);
    if (esc == "\x1b$B" || esc == "\x1b$@" || esc == "\x1b(I" || esc == "\x1b(J" || esc == "\x1b$(") return true;
  }
  return false;
}

bool has_utf8_multibyte(std::string_view bytes) { return !is_ascii(bytes); }

// Valid UTF-8 with several multi-byte sequences: text in a double-byte
// legacy charset passes this by chance only when very short.
bool looks_like_utf8_text(std::string_view bytes) {
  std::size_t leads = static_cast<std::size_t>(
      std::count_if(bytes.begin(), bytes.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0xC0; }));
  return leads >= 4 && is_valid_utf8(bytes);
}

// Bytes 0x81-0x9F (other than EUC-JP's single shifts 0x8E/0x8F) are lead
// bytes of nearly every CP932 kanji and never occur in EUC-JP.
bool has_cp932_only_lead(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c >= 0x81 && c <= 0x9F && c != 0x8E && c != 0x8F;
  });
}

// Latin-1 text read as CP932 also decodes without errors, into isolated
// kanji and half-width katakana between ASCII letters. Japanese text has
// kana, or runs of several CJK characters, and little half-width katakana.
// Half or more of the non-ASCII characters are CJK ideographs or kana.
bool mostly_kanji(std::string_view utf8) {
  std::size_t non_ascii = 0, cjk = 0;
  for (std::size_t i = 0; i < utf8.size() && i < (1u << 20);) {
    UChar32 c = 0;
    U8_NEXT(utf8.data(), i, utf8.size(), c);
    if (c < 0x80) continue;
    ++non_ascii;
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3040 && c <= 0x30FF) || c == 0x3000) ++cjk;
  }
  return non_ascii > 0 && cjk * 2 >= non_ascii;
}

bool looks_japanese(std::string_view utf8) {
  std::size_t non_ascii = 0, kana = 0, halfwidth = 0, runs = 0;
  bool in_run = false;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  int32_t length = static_cast<int32_t>(std::min<std::size_t>(utf8.size(), 1u << 20));
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0x80) {
      in_run = false;
      continue;
    }
    ++non_ascii;
    if (!in_run) ++runs;
    in_run = true;
    if ((c >= 0x3040 && c <= 0x30FF)) ++kana;
    if (c >= 0xFF61 && c <= 0xFF9F) ++halfwidth;
  }
  if (non_ascii == 0) return true;
  if (halfwidth * 10 > non_ascii * 3) return false;
  // Kanji without kana happens in short names; longer Japanese text is at
  // least a tenth kana, while Latin-1 art, Korean or Chinese read as
  // Japanese has none.
  if (kana == 0 && non_ascii >= 8) return false;
  if (non_ascii >= 20 && kana * 10 < non_ascii) return false;
  return kana > 0 || non_ascii >= 2 * runs;
}

}  // namespace

void CharsetDecoder::ConverterDeleter::operator()(UConverter* c) const { ucnv_close(c); }

CharsetDecoder::CharsetDecoder() = default;
CharsetDecoder::~CharsetDecoder() = default;

std::string normalize_charset_label(std::string_view label) {
  while (!label.empty() &&
         (label.front() == ' ' || label.front() == '"' || label.front() == '\'' || label.front() == '\t')) {
    label.remove_prefix(1);
  }
  while (!label.empty() && (label.back() == ' ' || label.back() == '"' || label.back() == '\'' ||
                            label.back() == '\t' || label.back() == ';')) {
    label.remove_suffix(1);
  }
  std::string out(label);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

bool is_valid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  int32_t length = static_cast<int32_t>(std::min<std::size_t>(bytes.size(), INT32_MAX));
  int32_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return bytes.size() <= INT32_MAX;
}

std::size_t append_utf8_lossy(std::string_view bytes, std::string& out) {
  std::size_t replacements = 0;
  out.reserve(out.size() + bytes.size());
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data() + pos);
    int32_t length = static_cast<int32_t>(std::min<std::size_t>(bytes.size() - pos, 1u << 30));
    int32_t i = 0;
    int32_t run_start = 0;
    while (i < length) {
      if (s[i] < 0x80) {
        ++i;
        continue;
      }
      int32_t start = i;
      UChar32 c;
      U8_NEXT(s, i, length, c);
      if (c < 0) {
        out.append(reinterpret_cast<const char*>(s + run_start), static_cast<std::size_t>(start - run_start));
        out.append("\xEF\xBF\xBD");
        ++replacements;
        run_start = i;
      }
    }
    out.append(reinterpret_cast<const char*>(s + run_start), static_cast<std::size_t>(length - run_start));
    pos += static_cast<std::size_t>(length);
  }
  return replacements;
}

UConverter* CharsetDecoder::converter(const std::string& icu_name, bool strict) {
  auto& cache = strict ? strict_ : lenient_;
  auto it = cache.find(icu_name);
  if (it != cache.end()) return it->second.get();
  if (unknown_.count(icu_name)) return nullptr;
  UErrorCode status = U_ZERO_ERROR;
  UConverter* c = ucnv_open(icu_name.c_str(), &status);
  if (U_FAILURE(status) || c == nullptr) {
    unknown_[icu_name] = true;
    return nullptr;
  }
  status = U_ZERO_ERROR;
  if (strict) {
    ucnv_setToUCallBack(c, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  }
  cache.emplace(icu_name, ConverterPtr(c));
  return c;
}

std::size_t CharsetDecoder::convert(std::string_view bytes, const std::string& icu_name, std::string& out) {
  UConverter* c = converter(icu_name, false);
  if (c == nullptr) return append_utf8_lossy(bytes, out);
  ReplacementCounter counter;
  UErrorCode status = U_ZERO_ERROR;
  ucnv_reset(c);
  ucnv_setToUCallBack(c, count_and_substitute, &counter, nullptr, nullptr, &status);
  std::array<UChar, 16384> utf16;
  std::array<char, std::size_t{16384} * 3> utf8;
  const char* source = bytes.data();
  const char* source_end = bytes.data() + bytes.size();
  bool flushed = false;
  while (!flushed) {
    UChar* target = utf16.data();
    status = U_ZERO_ERROR;
    ucnv_toUnicode(c, &target, utf16.data() + utf16.size(), &source, source_end, nullptr, true, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR) flushed = true;
    if (U_FAILURE(status) && status != U_BUFFER_OVERFLOW_ERROR) {
      ++counter.count;
      break;
    }
    int32_t produced = static_cast<int32_t>(target - utf16.data());
    int32_t written = 0;
    UErrorCode s2 = U_ZERO_ERROR;
    u_strToUTF8WithSub(utf8.data(), static_cast<int32_t>(utf8.size()), &written, utf16.data(), produced, 0xFFFD,
                       nullptr, &s2);
    out.append(utf8.data(), static_cast<std::size_t>(written));
  }
  ucnv_reset(c);
  return counter.count;
}

bool CharsetDecoder::decodes_cleanly(std::string_view bytes, const char* charset) {
  UConverter* c = converter(charset, true);
  if (c == nullptr) return false;
  ucnv_reset(c);
  std::array<UChar, 16384> utf16;
  const char* source = bytes.data();
  const char* source_end = bytes.data() + bytes.size();
  for (;;) {
    UChar* target = utf16.data();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_toUnicode(c, &target, utf16.data() + utf16.size(), &source, source_end, nullptr, true, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    ucnv_reset(c);
    return U_SUCCESS(status);
  }
}

TextDecodeResult CharsetDecoder::sniff(std::string_view bytes, std::string& out) {
  TextDecodeResult r;
  r.sniffed = true;
  if (is_ascii(bytes)) {
    if (has_iso2022_escape(bytes)) {
      r.charset = "iso-2022-jp";
      r.replacements = convert(bytes, kJis, out);
    } else {
      r.charset = "us-ascii";
      out.append(bytes);
    }
    return r;
  }
  if (is_valid_utf8(bytes)) {
    r.charset = "utf-8";
    out.append(bytes);
    return r;
  }
  // A candidate must read like Japanese and decode with at most a stray
  // error (mail cut at a limit, a mangled byte); CP932 only when it has a
  // lead byte EUC-JP never uses, or EUC-JP fits worse.
  std::size_t non_ascii = static_cast<std::size_t>(
      std::count_if(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
  std::size_t tolerated = std::max<std::size_t>(1, non_ascii / 100);
  std::string cp932_text, euc_text;
  std::size_t cp932_errors = convert(bytes, kCp932, cp932_text);
  std::size_t euc_errors = convert(bytes, "EUC-JP", euc_text);
  // Kanji alone (a list of names) does not look like running Japanese, but
  // bytes that decode as CP932 without a single error, with lead bytes
  // EUC-JP never uses, into mostly kanji, are CP932.
  bool cp932_kanji = cp932_errors == 0 && has_cp932_only_lead(bytes) && mostly_kanji(cp932_text);
  bool cp932_ok = cp932_errors <= tolerated && (looks_japanese(cp932_text) || cp932_kanji);
  bool euc_ok = euc_errors <= tolerated && looks_japanese(euc_text);
  if (cp932_ok && (has_cp932_only_lead(bytes) || !euc_ok || cp932_errors < euc_errors)) {
    r.charset = "windows-31j";
    r.replacements = cp932_errors;
    out.append(cp932_text);
    return r;
  }
  if (euc_ok) {
    r.charset = "euc-jp";
    r.replacements = euc_errors;
    out.append(euc_text);
    return r;
  }
  r.charset = "windows-1252";
  r.replacements = convert(bytes, "windows-1252", out);
  return r;
}

TextDecodeResult CharsetDecoder::decode(std::string_view bytes, std::string_view label, std::string& out) {
  std::string normalized = normalize_charset_label(label);
  const Known* known = find_known(normalized);
  TextDecodeResult r;

  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    if (!known || known->family != Family::kOther) {
      r.charset = "utf-8";
      r.sniffed = !known || known->family != Family::kUtf8;
      r.replacements = append_utf8_lossy(bytes, out);
      return r;
    }
  }

  // A UTF-16 byte order mark under no label (or a wrong one): a text file
  // saved by Windows, attached as application/octet-stream.
  if ((bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) &&
      (known == nullptr || known->family == Family::kAbsent || normalized.rfind("utf-16", 0) == 0)) {
    r.charset = bytes.starts_with("\xFF\xFE") ? "utf-16le" : "utf-16be";
    r.sniffed = normalized.rfind("utf-16", 0) != 0;
    r.replacements = convert(bytes.substr(2), r.charset, out);
    return r;
  }
  if (normalized == "utf-16" || normalized == "ucs-2" || normalized == "unicode") {
    // No BOM: ICU assumes big-endian, Windows writes little-endian; the
    // zero high bytes of ASCII text tell which.
    if (!bytes.starts_with("\xFE\xFF") && !bytes.starts_with("\xFF\xFE")) {
      std::size_t even_zero = 0, odd_zero = 0;
      for (std::size_t i = 0; i < bytes.size() && i < 4096; ++i) {
        if (bytes[i] == '\0') ++(i % 2 == 0 ? even_zero : odd_zero);
      }
      normalized = odd_zero > even_zero ? "utf-16le" : "utf-16be";
    }
  }
  if (known == nullptr) {
    UConverter* c = converter(normalized, false);
    if (c == nullptr) {
      r = sniff(bytes, out);
      r.label_unknown = true;
      return r;
    }
    if (ucnv_getMaxCharSize(c) == 1 && has_utf8_multibyte(bytes) && is_valid_utf8(bytes)) {
      r.charset = "utf-8";  // an 8-bit table cannot explain valid UTF-8
      r.sniffed = true;
      out.append(bytes);
      return r;
    }
    r.charset = normalized;
    r.replacements = convert(bytes, normalized, out);
    return r;
  }

  switch (known->family) {
    case Family::kAbsent: {
      TextDecodeResult s = sniff(bytes, out);
      s.sniffed = s.charset != "us-ascii";  // plain ASCII is not a guess
      return s;
    }
    case Family::kUtf8: {
      if (is_valid_utf8(bytes)) {
        r.charset = "utf-8";
        out.append(bytes);
        return r;
      }
      // Mostly-valid UTF-8 stays UTF-8; bytes that are really Japanese
      // legacy text (a common mislabel from mobile gateways) are sniffed.
      std::string lossy;
      std::size_t bad = append_utf8_lossy(bytes, lossy);
      std::size_t multibyte = static_cast<std::size_t>(std::count_if(
          lossy.begin(), lossy.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0xC0; }));
      if (multibyte > 4 * bad) {
        r.charset = "utf-8";
        r.replacements = bad;
        out.append(lossy);
        return r;
      }
      return sniff(bytes, out);
    }
    case Family::kIso2022Jp:
      if (!is_ascii(bytes)) return sniff(bytes, out);
      r.charset = known->canonical;
      r.replacements = convert(bytes, known->icu, out);
      return r;
    case Family::kSingleByte:
      if (has_utf8_multibyte(bytes) && is_valid_utf8(bytes)) {
        r.charset = "utf-8";
        r.sniffed = true;
        out.append(bytes);
        return r;
      }
      r.charset = known->canonical;
      r.replacements = convert(bytes, known->icu, out);
      return r;
    case Family::kOther:
      if (looks_like_utf8_text(bytes)) {
        r.charset = "utf-8";  // legacy CJK text is almost never valid UTF-8
        r.sniffed = true;
        out.append(bytes);
        return r;
      }
      r.charset = known->canonical;
      r.replacements = convert(bytes, known->icu, out);
      return r;
  }
  return r;
}

}  // namespace leakscan
