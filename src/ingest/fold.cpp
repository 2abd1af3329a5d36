#include "ingest/fold.h"

#include <algorithm>

#include "base/utf8.h"

namespace riwaya::ingest {
namespace {

bool IsSeparator(char32_t cp) {
  switch (cp) {
    case ' ': case '\t': case '\r': case '\n': case 0xA0: case ':': case 0xFF1A: case '-':
    case 0x2013: case 0x2014: case '.': case ',': case 0x060C: case ';': case 0x061B: case '|':
    case '/': case '(': case ')': case '[': case ']': case '{': case '}': case '"': case '\'':
    case 0xAB: case 0xBB: case 0x201C: case 0x201D: case 0x2018: case 0x2019: case '*':
    case '_': case '!': case '?': case 0x061F: case 0x2026: case '=': case '>': case '<':
      return true;
    default:
      return false;
  }
}

char32_t FoldLetter(char32_t cp) {
  switch (cp) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627;
    case 0x0649: return 0x064A;
    case 0x0629: return 0x0647;
    default: break;
  }
  if (cp >= 'A' && cp <= 'Z') return cp + ('a' - 'A');
  return cp;
}

}  // namespace

// Marks that change neither meaning nor match: harakat and tanween, superscript
// alef, tatweel, zero-width and bidi controls, BOM.
bool IsFoldIgnorable(char32_t cp) {
  return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640 || (cp >= 0x200B && cp <= 0x200F) ||
         cp == 0xFEFF || (cp >= 0x202A && cp <= 0x202E);
}

FoldedText FoldWithOffsets(std::string_view s, FoldMode mode, size_t limit) {
  FoldedText f;
  const bool words = mode == FoldMode::kWords;
  bool pending_space = false;
  size_t pending_at = 0;
  size_t i = 0;
  const size_t end = std::min(s.size(), limit);
  f.text.reserve(end);
  f.origin.reserve(end);
  while (i < end) {
    const size_t at = i;
    char32_t cp = utf8::Next(s, i);
    if (IsFoldIgnorable(cp)) continue;
    if (words && IsSeparator(cp)) {
      if (!pending_space) pending_at = at;
      pending_space = true;
      continue;
    }
    if (pending_space && !f.text.empty()) {
      f.text += ' ';
      f.origin.push_back(static_cast<uint32_t>(pending_at));
    }
    pending_space = false;
    utf8::Append(f.text, FoldLetter(cp));
    f.origin.resize(f.text.size(), static_cast<uint32_t>(at));
  }
  f.consumed = i;
  return f;
}

std::string FoldChars(std::string_view s) { return FoldWithOffsets(s, FoldMode::kChars).text; }
std::string FoldWords(std::string_view s) { return FoldWithOffsets(s, FoldMode::kWords).text; }

size_t OriginalEnd(std::string_view original, size_t folded_len) {
  // Walks only as far as needed: `original` may be a long paragraph.
  size_t i = 0, produced = 0;
  while (i < original.size()) {
    size_t next = i;
    const char32_t cp = utf8::Next(original, next);
    if (!IsFoldIgnorable(cp)) {
      if (produced >= folded_len) break;
      const char32_t f = FoldLetter(cp);
      produced += f < 0x80 ? 1 : f < 0x800 ? 2 : f < 0x10000 ? 3 : 4;  // its UTF-8 length
    }
    i = next;
  }
  return i;
}

}  // namespace riwaya::ingest
