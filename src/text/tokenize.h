// Tokenizer: splits UTF-8 text into words with byte spans into the ORIGINAL
// text and a normalised form. Arabic, Latin and digits; `F-35`, `كوفيد-19`,
// `3.5`, `1,000` and `الـ5G` stay one word; zero-width and bidi controls never
// split a word; invalid bytes separate words. Never allocates per token.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/chartable.h"

namespace riwaya::text {

struct RawToken {
  uint32_t begin = 0;  // byte span of the surface word in the original text
  uint32_t end = 0;
  std::string_view form;  // normalised; valid until the next Next() call
  // Bytes at the start of `form` that are Arabic letters, up to the first
  // non-Arabic character (== form.size() when all letters are Arabic).
  uint32_t arabic_prefix_bytes = 0;
  bool all_arabic = false;  // every character is an Arabic letter
  bool plain_arabic = false;  // ... and all in U+0600..U+06FF (IsPlainArabic holds)
  bool too_long = false;    // longer than kMaxFormBytes: not worth indexing
};

class Tokenizer {
 public:
  static constexpr size_t kMaxFormBytes = 240;

  // `text` must outlive the tokenizer. Text beyond 4 GiB is ignored (offsets are 32-bit).
  Tokenizer(std::string_view text, const NormalizeOptions& options = {});

  // Fills `token` with the next word; false at the end of the text.
  bool Next(RawToken& token);

 private:
  bool JoinsAcross(CharClass infix, CharClass last, size_t after) const;
  bool GroupOfThreeFollows(size_t after) const;

  std::string_view text_;
  const CharTable& table_;
  size_t pos_ = 0;
  size_t form_len_ = 0;
  char form_[kMaxFormBytes + 8];  // fixed: the hot loop never reallocates
  char wide_[CharTable::kScratchBytes];  // folded spelling of a rare code point
};

// Convenience: every token (begin, end, form) of `text`.
struct TokenSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string form;
};
std::vector<TokenSpan> Tokenize(std::string_view text, const NormalizeOptions& options = {});

}  // namespace riwaya::text
