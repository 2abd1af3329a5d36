// Date lexer: splits UTF-8 text into number, word and punctuation tokens for
// the date grammar, lazily and with bounded memory, folding Arabic spelling
// variants (hamza, ة/ه, ى/ي, diacritics, tatweel) and mapping Eastern Arabic
// and Persian digits to values. Internal to text/dates; never fails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace riwaya::text::date_internal {

struct WordInfo;

// Trivially constructible on purpose: the lexer's ring of tokens costs
// nothing to set up; LexOne fills every field it later reads.
struct DateToken {
  enum Kind : uint8_t { kEnd, kNum, kWord, kPunct };
  Kind kind;
  bool space_before;      // whitespace separates it from the previous token
  bool latin;             // word made of ASCII letters (lower-cased)
  uint8_t ndigits;        // kNum: digits written (leading zeros count)
  uint8_t wlen;           // kWord: bytes in `word`; kTooLong if it did not fit
  char32_t punct;         // kPunct: the code point, dashes folded to '-', '،' to ','
  int64_t num;            // kNum: value (saturates)
  size_t begin;           // byte span in the input
  size_t end;
  const WordInfo* info;   // kWord: keyword entry, if any
  char word[40];          // kWord: folded spelling (first wlen bytes)

  static constexpr uint8_t kTooLong = 255;
  std::string_view Word() const {
    return kind == kWord && wlen != kTooLong ? std::string_view(word, wlen) : std::string_view();
  }
};

// Folds one code point for matching: returns 0 to drop it (diacritics,
// tatweel), otherwise the folded code point.
char32_t FoldLetter(char32_t cp);
// Folds a whole word (used to build keyword tables with the lexer's rules).
std::string FoldWord(std::string_view utf8);

// Lazily tokenises `text` into a fixed ring of tokens: no allocation, memory
// independent of the input size. Tokens are addressed by absolute index; a
// reference stays valid while the caller looks less than kWindow/2 tokens
// ahead of it (the grammar looks a few dozen at most). Indexes that have left
// the window return the end token.
class DateLexer {
 public:
  explicit DateLexer(std::string_view text);
  DateLexer(const DateLexer&) = delete;
  DateLexer& operator=(const DateLexer&) = delete;

  const DateToken& At(size_t i) {
    if (i < hi_ && i >= lo_) return ring_[i & (kWindow - 1)];
    return Slow(i);
  }
  std::string_view text() const { return text_; }

  static constexpr size_t kWindow = 256;  // power of two

 private:
  const DateToken& Slow(size_t i);
  bool LexOne(DateToken& out);

  std::string_view text_;
  size_t pos_ = 0;
  size_t lo_ = 0, hi_ = 0;  // absolute indexes held in ring_
  bool done_ = false;
  DateToken end_{};
  DateToken ring_[kWindow];
};

}  // namespace riwaya::text::date_internal
