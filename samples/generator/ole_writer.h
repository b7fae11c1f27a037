// Writing compound files (OLE2) through libgsf, for the synthetic legacy
// attachments: Outlook .msg files, Word 97 .doc, Excel 97 .xls and
// PowerPoint 97 .ppt documents (samples/generator/legacy_office.h). Only for
// our own synthetic data.
#pragma once

#include <string>
#include <vector>

namespace leakscan::sample {

struct OleStream {
  std::string path;  // "WordDocument", "__attach_version1.0_#00000000/__substg1.0_37010102"
  std::string data;
};

// A compound file holding `streams`; storages are made from the paths.
std::string make_ole(const std::vector<OleStream>& streams);

}  // namespace leakscan::sample
