// Google Benchmark micro-benchmarks of the hot stages, each on a few MB of
// data built here: base64 and quoted-printable decoding, charset conversion
// (Shift_JIS, ISO-2022-JP), normalisation, and the rule engine on business
// text. Bytes/s is of the stage's input.
//
//   build/release/bench/micro [--benchmark_filter=REGEX]
#include "detect/normalize.h"
#include "encoding.h"
#include "mime/charset.h"
#include "mime/transfer.h"

#include <libscan/rules.h>

#include <benchmark/benchmark.h>
#include <unicode/ucnv.h>

#include <random>
#include <string>
#include <vector>

namespace {

using leakscan::TransferEncoding;

const char* const kSentences[] = {
    "いつもお世話になっております。株式会社サンプル商事の山田です。\n",
    "ご依頼の資料を添付にてお送りいたします。ご査収のほどよろしくお願いいたします。\n",
    "担当：佐藤 花子（営業部 課長）　TEL: 03-1234-5678　携帯：090-1234-5678\n",
    "Please find the KYC documents attached. Passport No.: TK1234567, date of birth 1985-04-01.\n",
    "振込先：みずほ銀行 東京支店 普通 1234567　口座名義 ヤマダ タロウ\n",
    "〒100-0005 東京都千代田区丸の内1-2-3 サンプルビル5階\n",
    "Could we move the call to Thursday afternoon? Regards, John Smith\n",
    "メール：taro.yamada@example-trading.co.jp までご連絡ください。\n",
    "①４月１０日（水）１４時～　②４月１１日（木）１０時～\n",
};

std::string business_text(std::size_t bytes) {
  std::string text;
  std::mt19937 rng(1);
  while (text.size() < bytes) text += kSentences[rng() % (sizeof kSentences / sizeof kSentences[0])];
  return text;
}

void transfer(benchmark::State& state, const std::string& encoded, TransferEncoding encoding, bool keep) {
  std::string out;
  for (auto _ : state) {
    out.clear();
    leakscan::TransferResult r =
        leakscan::transfer_decode(encoded, encoding, std::size_t{1} << 30, keep ? &out : nullptr);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * encoded.size()));
}

void BM_Base64Decode(benchmark::State& state) {
  std::string random(4 << 20, '\0');
  std::mt19937 rng(2);
  for (char& c : random) c = static_cast<char>(rng());
  static const std::string encoded = leakscan::sample::base64(random);
  transfer(state, encoded, TransferEncoding::kBase64, state.range(0) != 0);
}
BENCHMARK(BM_Base64Decode)->Arg(1)->Arg(0)->ArgName("keep");

void BM_Base64Extent(benchmark::State& state) {
  std::string random(4 << 20, '\0');
  std::mt19937 rng(2);
  for (char& c : random) c = static_cast<char>(rng());
  std::string encoded = leakscan::sample::base64(random);
  for (auto _ : state) benchmark::DoNotOptimize(leakscan::find_base64_extent(encoded));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * encoded.size()));
}
BENCHMARK(BM_Base64Extent);

void BM_QuotedPrintableDecode(benchmark::State& state) {
  static const std::string encoded = leakscan::sample::quoted_printable(business_text(2 << 20));
  transfer(state, encoded, TransferEncoding::kQuotedPrintable, true);
}
BENCHMARK(BM_QuotedPrintableDecode);

void charset(benchmark::State& state, const char* icu_name, const char* label) {
  std::string bytes = leakscan::sample::encode_charset(business_text(2 << 20), icu_name);
  leakscan::CharsetDecoder decoder;
  std::string out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(decoder.decode(bytes, label, out));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
void BM_CharsetShiftJis(benchmark::State& state) { charset(state, "windows-31j", "Shift_JIS"); }
void BM_CharsetIso2022Jp(benchmark::State& state) { charset(state, "ISO-2022-JP", "ISO-2022-JP"); }
void BM_CharsetUtf8(benchmark::State& state) { charset(state, "UTF-8", "UTF-8"); }
BENCHMARK(BM_CharsetShiftJis);
BENCHMARK(BM_CharsetIso2022Jp);
BENCHMARK(BM_CharsetUtf8);

void BM_Normalize(benchmark::State& state) {
  std::string text = business_text(2 << 20);
  leakscan::TextNormalizer normalizer;
  leakscan::NormalizedText out;
  for (auto _ : state) {
    normalizer.normalize(text, out);
    benchmark::DoNotOptimize(out.text.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Normalize);

// The rule engine over texts the size of a message body (4 KB), as a scan
// calls it; the first pass also builds RE2's DFA states.
void BM_RuleEngine(benchmark::State& state) {
  static const leakscan::RuleSet rules = leakscan::RuleSet::load_directory(LEAKSCAN_RULES_DIR);
  std::string text = business_text(1 << 20);
  std::vector<std::string_view> bodies;
  for (std::size_t at = 0; at + 4096 <= text.size(); at += 4096) {
    std::size_t end = text.find('\n', at + 4096);
    bodies.push_back(std::string_view(text).substr(at, std::min(end, text.size()) - at));
    at = std::min(end, text.size()) - 4096;
  }
  leakscan::Detector detector(rules);
  std::vector<leakscan::TextFinding> found;
  std::size_t findings = 0;
  for (auto _ : state) {
    for (std::string_view body : bodies) {
      found.clear();
      detector.scan_text(body, found);
      findings += found.size();
    }
  }
  state.counters["findings/iteration"] = static_cast<double>(findings) / static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_RuleEngine)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
