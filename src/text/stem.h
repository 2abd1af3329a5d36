// Light Arabic stemmer for retrieval, on NORMALISED words: article family
// (ال وال بال لل ...), pronoun suffixes, plural/feminine/nisba endings and the
// accusative alef, then و، ب ل ك ف and future س, each under a length guard so
// that حكومة/والحكومة/للحكومات meet while كتاب and كاتب stay apart. No allocation.
#pragma once

#include <cstddef>
#include <string_view>

namespace riwaya::text {

struct LightStemOptions {
  bool strip_waw = true;          // conjunction و (guarded)
  size_t waw_min_rest = 3;        // letters that must remain after removing و
  // ب ل ك ف at the front (after the other steps): letters that must remain
  // after removing one (0 = never remove).
  size_t single_proclitic_min_rest = 4;
  bool strip_future_seen = true;  // future س before an imperfect verb (guarded)
  bool strip_suffixes = true;     // pronoun and number/gender suffixes
  bool strip_accusative_alef = true;  // final ا of تنوين الفتح (جديدا → جديد)
  // Letters that must remain after removing a final nisba/possessive ي.
  size_t nisba_min_rest = 3;
  // After the accusative alef, whether the ending beneath it is tried too
  // (سوريا → سوري → سور).
  bool ending_after_alef = true;
  // ات under a one-letter pronoun (مقالاته → مقال, like مقالاتهم → مقال).
  bool plural_under_pronoun = false;
};

// True when `word` consists only of letters U+0600..U+06FF (two bytes each).
bool IsPlainArabic(std::string_view word);

// The light stem of a normalised word. Words that are not plain Arabic are returned unchanged.
std::string_view LightStem(std::string_view word, const LightStemOptions& options = {});
// The same for a word already known to satisfy IsPlainArabic (the tokenizer's
// RawToken::plain_arabic), skipping the check.
std::string_view LightStemPlainArabic(std::string_view word, const LightStemOptions& options = {});

// Words like الـ5G, ب2024, وF-35: an Arabic proclitic written onto a Latin or
// numeric word. Returns the foreign part when the Arabic prefix of `form`
// (its first `arabic_prefix_bytes` bytes) is a proclitic, else `form`.
std::string_view StripProcliticBeforeForeign(std::string_view form, size_t arabic_prefix_bytes);

}  // namespace riwaya::text
