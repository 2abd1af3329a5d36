// Output identity of the analyzers on the real ANT corpus (title, abstract and
// text): a hash of every (term, form, begin, end, position). Run by hand
// around a change that must not alter analyzer output (the whole corpus is
// read only when one of the variables below is set):
//   RIWAYA_ANT_HASH_LIGHT=<hex> build/text_tests --gtest_filter='AntIdentity*'
// prints each analyzer's hash (set a variable empty to print only) and, when
// RIWAYA_ANT_HASH_<NAME> is non-empty (name upper-cased, '+' as '_'), requires
// it. Also requires that the streaming entry point (AnalyzeInto) yields
// exactly what Analyze yields.
#include <gtest/gtest.h>
#include <xxhash.h>

#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/ant_corpus.h"

namespace riwaya::text {
namespace {

void Put(XXH3_state_t* st, uint32_t v) {
  unsigned char b[4] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8),
                        static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 24)};
  XXH3_64bits_update(st, b, sizeof b);
}

void PutToken(XXH3_state_t* st, std::string_view term, std::string_view form, uint32_t begin,
              uint32_t end, uint32_t position) {
  Put(st, static_cast<uint32_t>(term.size()));
  XXH3_64bits_update(st, term.data(), term.size());
  Put(st, static_cast<uint32_t>(form.size()));
  XXH3_64bits_update(st, form.data(), form.size());
  Put(st, begin);
  Put(st, end);
  Put(st, position);
}

std::string EnvName(std::string_view analyzer) {
  std::string s = "RIWAYA_ANT_HASH_";
  for (char c : analyzer) s += c == '+' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

TEST(AntIdentity, TokenHash) {
  // The whole corpus only when a hash is to be checked (by hand); otherwise a
  // prefix, which still compares AnalyzeInto with Analyze, keeps the suite fast.
  [[maybe_unused]] const bool by_hand = std::getenv("RIWAYA_ANT_HASH_LIGHT") != nullptr ||
                       std::getenv("RIWAYA_ANT_HASH_NONE") != nullptr ||
                       std::getenv("RIWAYA_ANT_HASH_LIGHT_HAMZA") != nullptr;
#ifdef RIWAYA_SANITIZED
  const size_t max_fields = 3000, max_bytes = 8u << 20;  // sanitizers: always a prefix
#else
  const size_t max_fields = by_hand ? SIZE_MAX : 6000, max_bytes = by_hand ? SIZE_MAX : (24u << 20);
#endif
  const std::vector<std::string> fields =
      testing::LoadAntFields({"TITLE", "ABSTRACT", "TEXT"}, max_fields, max_bytes);
  if (fields.empty()) GTEST_SKIP() << "SKIP: " << testing::AntPath() << " not found";
  for (std::string_view name : {"light", "none", "light+hamza"}) {
    auto a = MakeAnalyzer(name);
    ASSERT_NE(a, nullptr);
    XXH3_state_t* vec = XXH3_createState();
    XXH3_64bits_reset(vec);
    std::vector<Token> tokens;
    size_t count = 0;
    for (size_t i = 0; i < fields.size(); ++i) {
      tokens.clear();
      a->Analyze(fields[i], tokens, static_cast<uint32_t>(i % 7));  // vary the first position
      Put(vec, static_cast<uint32_t>(i));
      for (const Token& t : tokens) PutToken(vec, t.term, t.form, t.begin, t.end, t.position);
      count += tokens.size();
    }
    const uint64_t h = XXH3_64bits_digest(vec);
    XXH3_freeState(vec);

    // The streaming entry point must hand over exactly the same tokens.
    struct HashSink : TokenSink {
      XXH3_state_t* st = XXH3_createState();
      ~HashSink() override { XXH3_freeState(st); }
      void OnToken(const TokenView& t) override { PutToken(st, t.term, t.form, t.begin, t.end, t.position); }
    } sink;
    XXH3_64bits_reset(sink.st);
    for (size_t i = 0; i < fields.size(); ++i) {
      Put(sink.st, static_cast<uint32_t>(i));
      a->AnalyzeInto(fields[i], sink, static_cast<uint32_t>(i % 7));
    }
    EXPECT_EQ(XXH3_64bits_digest(sink.st), h) << name << ": AnalyzeInto differs from Analyze";
    char hex[32];
    std::snprintf(hex, sizeof hex, "%016" PRIx64, h);
    std::printf("[identity] %-12s %zu fields, %zu tokens: %s\n", std::string(name).c_str(), fields.size(),
                count, hex);
    EXPECT_GT(count, fields.size());
    const std::string env = EnvName(name);
    if (const char* want = std::getenv(env.c_str()); want != nullptr && *want != '\0') {
      EXPECT_EQ(std::string(hex), std::string(want)) << name << ": output changed (" << env << ")";
    }
  }
}

}  // namespace
}  // namespace riwaya::text
