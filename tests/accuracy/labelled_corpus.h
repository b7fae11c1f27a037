// A generated, labelled mail corpus for measuring the detectors: Japanese
// and English business mail (forms, résumés, family forms, signatures,
// payment details) with every personal item recorded where it is written,
// and mail full of the numbers that are not personal data (order,
// invoice and tracking numbers, product codes, meeting dates, amounts, fax
// and invalid phone numbers, postal codes alone, version strings). All
// values are synthetic. Deterministic for a seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leakscan::accuracy {

struct Truth {
  std::size_t message = 0;
  std::string item;
  std::string value;  // as written in the mail
};

struct LabelledCorpus {
  std::vector<std::string> messages;  // RFC 5322
  std::vector<Truth> truth;
};

LabelledCorpus make_labelled_corpus(std::size_t messages, std::uint64_t seed);

}  // namespace leakscan::accuracy
