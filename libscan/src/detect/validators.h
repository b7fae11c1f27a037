// Validators: the checks a candidate value must pass to be reported as its
// item (SPEC §5: a number that fails its check is not that item). Looked up
// by the name a rule file gives. Stateless and thread-safe (libphonenumber's
// PhoneNumberUtil is a thread-safe singleton).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

struct Validation {
  bool valid = false;
  double confidence_delta = 0;  // a signal short of a verdict (licence check digit)
};

// Per-thread state some validators need: a MeCab tagger (IPAdic), created
// on first use. Owned by a Detector; not thread-safe.
class ValidatorContext {
 public:
  ValidatorContext();
  ~ValidatorContext();
  ValidatorContext(const ValidatorContext&) = delete;  // owns a MeCab tagger
  ValidatorContext& operator=(const ValidatorContext&) = delete;

  struct Token {
    std::string surface;
    std::string feature;  // IPAdic CSV: 名詞,固有名詞,人名,姓,...
  };
  // MeCab's tokens for `text`; empty when MeCab is unavailable.
  const std::vector<Token>& tokenize(std::string_view text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

using ValidatorFn = Validation (*)(std::string_view value, ValidatorContext& context);

// The validator called `name`, or null.
ValidatorFn find_validator(std::string_view name);
// Whether it costs microseconds a call (libphonenumber, MeCab), so that a
// detector should remember its verdicts per value.
bool validator_is_costly(std::string_view name);
std::vector<std::string> validator_names();

// Exposed for tests.
std::string digits_of(std::string_view value);
bool my_number_check(std::string_view twelve_digits);
bool corporate_number_check(std::string_view thirteen_digits);
bool luhn_check(std::string_view digits);

struct CalendarDate {
  int year = 0, month = 0, day = 0;
};
// True when `value` reads as a Japanese personal name to MeCab: a surname
// or given name first, and nothing but name parts after it.
bool japanese_person_name(std::string_view value, ValidatorContext& context);

// Dates as mail writes them: 1985年4月1日, 昭和60年4月1日, S60.4.1, H元年1月8日,
// 1985/04/01, 1985-4-1, 1985.4.1, April 1, 1985, 1 Apr 1985, 4/1/1985 (US,
// when the first number cannot be a day). nullopt unless the date exists.
std::optional<CalendarDate> parse_date(std::string_view value);

}  // namespace leakscan
