// The text of Office 97-2003 documents, read from their compound files
// (extract/ole_file.h) after Microsoft's published formats:
//   .doc ([MS-DOC]): the piece table of Word 97 and later, each story in
//        order (main text, footnotes, headers, comments, endnotes, text
//        boxes); field instructions dropped, their results kept; table
//        cells as tabs, rows as lines. Word 6/95 files without fast saves
//        are read from their text range in the file's code page.
//   .xls ([MS-XLS], BIFF8, and BIFF5 strings): every sheet as
//        tab-separated rows with cell locations ("名簿!B3"): the shared
//        strings, inline strings, numbers, dates (by the cell's format),
//        booleans and formula results; phonetic guides left out.
//   .ppt ([MS-PPT]): the text atoms of every slide and note, in order.
// Encrypted documents are reported, not read. Damage ends the reading of a
// stream and is reported; what came before stays. Functions only; a
// CharsetDecoder is not thread-safe.
#pragma once

#include "extract/office.h"

#include <cstddef>
#include <string>
#include <vector>

namespace leakscan {

class CharsetDecoder;
class OleFile;

struct LegacyDocument {
  std::vector<DocumentText> texts;
  std::vector<std::string> problems;
  bool encrypted = false;
  bool unsupported = false;  // a version not read (reason in problems)
};

LegacyDocument read_word97(const OleFile& ole, CharsetDecoder& charsets, std::size_t max_bytes);
LegacyDocument read_excel97(const OleFile& ole, CharsetDecoder& charsets, std::size_t max_bytes);
LegacyDocument read_powerpoint97(const OleFile& ole, std::size_t max_bytes);

}  // namespace leakscan
