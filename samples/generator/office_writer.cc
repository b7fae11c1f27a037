#include "office_writer.h"

#include "encoding.h"

#include <zip.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace leakscan::sample {

namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string column_name(std::size_t column) {
  std::string name;
  for (std::size_t c = column + 1; c > 0; c = (c - 1) / 26)
    name.insert(name.begin(), static_cast<char>('A' + (c - 1) % 26));
  return name;
}

bool all_digits(const std::string& s) {
  if (s.empty() || s.size() > 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return s[0] != '0';
}

// Days from 1899-12-30 (Excel's day 0 for dates after February 1900).
long excel_serial(int y, int m, int d) { return days_from_civil(y, m, d) + 25569; }

constexpr const char* kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

}  // namespace

std::string make_zip(const std::vector<ZipFile>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (source == nullptr) throw std::runtime_error("libzip: cannot create a buffer");
  zip_source_keep(source);
  zip_t* zip = zip_open_from_source(source, ZIP_TRUNCATE, &error);
  if (zip == nullptr) throw std::runtime_error("libzip: cannot open the buffer");
  for (const ZipFile& f : files) {
    void* copy = std::malloc(f.data.size() + 1);
    std::memcpy(copy, f.data.data(), f.data.size());
    zip_source_t* data = zip_source_buffer(zip, copy, f.data.size(), 1);
    // A raw (CP932) name is not UTF-8: libzip stores it as it is, without the UTF-8 flag.
    zip_int64_t index = zip_file_add(zip, f.name.c_str(), data, f.raw_name ? ZIP_FL_ENC_GUESS : ZIP_FL_ENC_UTF_8);
    if (index < 0) throw std::runtime_error("libzip: cannot add " + f.name);
    if (f.stored) zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    // libzip stamps entries with the current time: a fixed one keeps the
    // generated mail the same from run to run (2024-04-01 00:00 UTC).
    zip_file_set_mtime(zip, static_cast<zip_uint64_t>(index), 1711929600, 0);
  }
  if (zip_close(zip) != 0) throw std::runtime_error("libzip: cannot write the archive");
  std::string out;
  if (zip_source_open(source) == 0) {
    char buffer[1 << 16];
    zip_int64_t n;
    while ((n = zip_source_read(source, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
    zip_source_close(source);
  }
  zip_source_free(source);
  return out;
}

std::string make_docx(const std::vector<std::string>& paragraphs, const Rows& table,
                      const std::vector<ZipFile>& media) {
  std::string body;
  for (const std::string& p : paragraphs) {
    body += "<w:p><w:r><w:t xml:space=\"preserve\">" + escape(p) + "</w:t></w:r></w:p>";
  }
  if (!table.empty()) {
    body += "<w:tbl>";
    for (const auto& row : table) {
      body += "<w:tr>";
      for (const std::string& cell : row) body += "<w:tc><w:p><w:r><w:t>" + escape(cell) + "</w:t></w:r></w:p></w:tc>";
      body += "</w:tr>";
    }
    body += "</w:tbl>";
  }
  std::string document = std::string(kXmlHead) +
                         "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                         "<w:body>" +
                         body + "</w:body></w:document>";
  std::vector<ZipFile> files = {
      {"[Content_Types].xml", std::string(kXmlHead) +
                                  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                                  "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
                                  "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"},
      {"word/document.xml", document}};
  for (const ZipFile& m : media) files.push_back({"word/media/" + m.name, m.data, false, true});
  return make_zip(files);
}

std::string make_xlsx(const std::vector<std::pair<std::string, Rows>>& sheets) {
  std::vector<std::string> strings;
  std::vector<ZipFile> files;
  std::string workbook = std::string(kXmlHead) +
                         "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                         "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>";
  std::string rels =
      std::string(kXmlHead) + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (std::size_t s = 0; s < sheets.size(); ++s) {
    std::string id = "rId" + std::to_string(s + 1);
    workbook += "<sheet name=\"" + escape(sheets[s].first) + "\" sheetId=\"" + std::to_string(s + 1) + "\" r:id=\"" +
                id + "\"/>";
    rels += "<Relationship Id=\"" + id +
            "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
            "Target=\"worksheets/sheet" +
            std::to_string(s + 1) + ".xml\"/>";
    std::string xml = std::string(kXmlHead) +
                      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    const Rows& rows = sheets[s].second;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      xml += "<row r=\"" + std::to_string(r + 1) + "\">";
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        const std::string& v = rows[r][c];
        if (v.empty()) continue;
        std::string ref = column_name(c) + std::to_string(r + 1);
        int y = 0, m = 0, d = 0;
        if (v.rfind("=DATE:", 0) == 0 && std::sscanf(v.c_str() + 6, "%d-%d-%d", &y, &m, &d) == 3) {
          xml += "<c r=\"" + ref + "\" s=\"1\"><v>" + std::to_string(excel_serial(y, m, d)) + "</v></c>";
        } else if (all_digits(v)) {
          xml += "<c r=\"" + ref + "\"><v>" + v + "</v></c>";
        } else {
          xml += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(strings.size()) + "</v></c>";
          strings.push_back(v);
        }
      }
      xml += "</row>";
    }
    xml += "</sheetData></worksheet>";
    files.push_back({"xl/worksheets/sheet" + std::to_string(s + 1) + ".xml", xml});
  }
  workbook += "</sheets></workbook>";
  rels += "</Relationships>";
  std::string shared = std::string(kXmlHead) +
                       "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" +
                       std::to_string(strings.size()) + "\">";
  for (const std::string& s : strings) shared += "<si><t>" + escape(s) + "</t></si>";
  shared += "</sst>";
  std::string styles =
      std::string(kXmlHead) +
      "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs>"
      "</styleSheet>";
  files.push_back({"xl/workbook.xml", workbook});
  files.push_back({"xl/_rels/workbook.xml.rels", rels});
  files.push_back({"xl/sharedStrings.xml", shared});
  files.push_back({"xl/styles.xml", styles});
  files.insert(files.begin(), {"[Content_Types].xml",
                               std::string(kXmlHead) +
                                   "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"});
  return make_zip(files);
}

std::string make_pptx(const std::vector<std::vector<std::string>>& slides) {
  std::vector<ZipFile> files = {{"ppt/presentation.xml", std::string(kXmlHead) + "<p:presentation/>"}};
  for (std::size_t s = 0; s < slides.size(); ++s) {
    std::string xml = std::string(kXmlHead) + "<p:sld><p:cSld><p:spTree><p:sp><p:txBody>";
    for (const std::string& p : slides[s]) xml += "<a:p><a:r><a:t>" + escape(p) + "</a:t></a:r></a:p>";
    xml += "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>";
    files.push_back({"ppt/slides/slide" + std::to_string(s + 1) + ".xml", xml});
  }
  return make_zip(files);
}

std::string make_odt(const std::vector<std::string>& paragraphs) {
  std::string xml = std::string(kXmlHead) +
                    "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>";
  for (const std::string& p : paragraphs) xml += "<text:p>" + escape(p) + "</text:p>";
  xml += "</office:text></office:body></office:document-content>";
  return make_zip({{"mimetype", "application/vnd.oasis.opendocument.text", false, true}, {"content.xml", xml}});
}

std::string make_ods(const std::vector<std::pair<std::string, Rows>>& sheets) {
  std::string xml = std::string(kXmlHead) +
                    "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
                    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>";
  for (const auto& [name, rows] : sheets) {
    xml += "<table:table table:name=\"" + escape(name) + "\">";
    for (const auto& row : rows) {
      xml += "<table:table-row>";
      for (const std::string& cell : row) {
        xml += cell.empty() ? "<table:table-cell/>"
                            : "<table:table-cell><text:p>" + escape(cell) + "</text:p></table:table-cell>";
      }
      xml += "</table:table-row>";
    }
    // Spreadsheet programs pad the sheet with repeated empty rows and cells.
    xml +=
        "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell "
        "table:number-columns-repeated=\"16384\"/></table:table-row></table:table>";
  }
  xml += "</office:spreadsheet></office:body></office:document-content>";
  return make_zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", false, true}, {"content.xml", xml}});
}

std::string make_pdf(const std::vector<std::vector<std::string>>& pages, const std::string& font) {
  std::vector<std::string> objects;  // numbered from 1
  std::string kids;
  int first_page = 4;
  for (std::size_t i = 0; i < pages.size(); ++i) kids += std::to_string(first_page + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /" + font + " >>");
  for (std::size_t i = 0; i < pages.size(); ++i) {
    std::string content = "BT /F1 11 Tf 72 760 Td 14 TL\n";
    for (const std::string& line : pages[i]) {
      std::string escaped;
      for (char c : line) {
        if (c == '(' || c == ')' || c == '\\') escaped.push_back('\\');
        escaped.push_back(c);
      }
      content += "(" + escaped + ") Tj T*\n";
    }
    content += "ET\n";
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
        "/Contents " +
        std::to_string(first_page + 2 * i + 1) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream");
  }
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

}  // namespace leakscan::sample
