#include "base/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace riwaya::utf8 {
namespace {

// Length of the valid sequence starting at s[i], or 0 if invalid.
size_t SeqLen(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const size_t n = s.size();
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  auto cont = [&](size_t k) { return k < n && (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(i + 1) > 0x9F) return 0;  // surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;
    if (c == 0xF4 && b(i + 1) > 0x8F) return 0;
    return 4;
  }
  return 0;
}

}  // namespace

size_t FindInvalid(std::string_view s) {
  // Fast paths for what news text is made of, ASCII and two-byte sequences
  // (Arabic): with SSE2 a block of 16 such bytes is checked at once; anything
  // else goes one sequence at a time. `i` always stands at a sequence boundary.
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    if (i + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(v));
      if (high == 0) {
        i += 16;
        continue;
      }
      // As signed bytes: continuations 0x80..0xBF are < -64, two-byte leads
      // 0xC2..0xDF lie in -62..-33. Valid when every other byte is ASCII and
      // the continuations are exactly the bytes after a lead; a lead in the
      // last byte is left for the next block.
      const unsigned cont = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64))));
      const unsigned lead = static_cast<unsigned>(_mm_movemask_epi8(
          _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-63)), _mm_cmplt_epi8(v, _mm_set1_epi8(-32)))));
      if ((high & ~(cont | lead)) == 0 && ((lead << 1) & 0xFFFFu) == cont) {
        i += (lead & 0x8000u) ? 15 : 16;
        continue;
      }
    }
#endif
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
      i += 2;
    } else {
      const size_t len = SeqLen(s, i);
      if (len == 0) return i;
      i += len;
    }
  }
  return std::string_view::npos;
}

char32_t Next(std::string_view s, size_t& i) {
  size_t len = SeqLen(s, i);
  const auto b = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[k])); };
  char32_t cp;
  switch (len) {
    case 1: cp = b(i); break;
    case 2: cp = ((b(i) & 0x1F) << 6) | (b(i + 1) & 0x3F); break;
    case 3: cp = ((b(i) & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F); break;
    case 4:
      cp = ((b(i) & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
           (b(i + 3) & 0x3F);
      break;
    default: ++i; return 0xFFFD;
  }
  i += len;
  return cp;
}

void Append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string Sanitize(std::string_view s) {
  if (IsValid(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) Append(out, Next(s, i));
  return out;
}

LineCol Locate(std::string_view s, size_t pos) {
  LineCol lc{1, 1};
  size_t i = 0;
  if (pos > s.size()) pos = s.size();
  while (i < pos) {
    if (s[i] == '\n') { ++lc.line; lc.column = 1; ++i; continue; }
    Next(s, i);
    ++lc.column;
  }
  return lc;
}

}  // namespace riwaya::utf8
