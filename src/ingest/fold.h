// Fold: how ingest compares short page text (labels, credits, bylines,
// headings) whatever the hamza, diacritics, tatweel, direction marks or case.
// One character-by-character fold with an optional word mode that also turns
// punctuation into single spaces; every folded byte maps back to the input, so
// a match on folded text cuts the original exactly. Display text is never folded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace riwaya::ingest {

enum class FoldMode {
  // Each character folds alone: harakat, tatweel, superscript alef and
  // direction marks dropped; أ إ آ ٱ → ا, ى → ي, ة → ه; ASCII lower-cased.
  kChars,
  // kChars, and punctuation and blank runs become one space; none at the ends.
  kWords,
};

struct FoldedText {
  std::string text;
  std::vector<uint32_t> origin;  // for each byte of `text`: where its character starts in the input
  size_t consumed = 0;           // input bytes read: the input size unless `limit` stopped early
};

// Folds `s`, reading at most about `limit` bytes of it (never splitting a character).
FoldedText FoldWithOffsets(std::string_view s, FoldMode mode, size_t limit = SIZE_MAX);

// True for the marks every fold drops (harakat, tatweel, direction marks...).
bool IsFoldIgnorable(char32_t cp);

std::string FoldChars(std::string_view s);  // FoldWithOffsets(s, kChars).text
std::string FoldWords(std::string_view s);  // FoldWithOffsets(s, kWords).text

// The end, in `original`, of the part whose kChars fold is the first
// `folded_len` bytes of FoldChars(original), stretched over any marks that
// fold to nothing right after it (the tanween of "أيضاً" belongs to the label).
size_t OriginalEnd(std::string_view original, size_t folded_len);

}  // namespace riwaya::ingest
