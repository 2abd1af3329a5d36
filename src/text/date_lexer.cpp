#include "text/date_lexer.h"

#include "base/utf8.h"
#include "text/date_words.h"

namespace riwaya::text::date_internal {
namespace {

// ASCII fast path; everything else through the shared decoder.
// ASCII and two-byte (Arabic block) fast paths; the rest through the shared
// decoder, which also handles invalid sequences.
inline char32_t Decode(std::string_view s, size_t& i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  if (c >= 0xC2 && c <= 0xDF && i + 1 < s.size()) {
    const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c1 & 0xC0) == 0x80) {
      i += 2;
      return (static_cast<char32_t>(c & 0x1F) << 6) | (c1 & 0x3F);
    }
  }
  return utf8::Next(s, i);
}

int DigitValue(char32_t cp) {
  if (cp >= '0' && cp <= '9') return static_cast<int>(cp - '0');
  if (cp >= 0x0660 && cp <= 0x0669) return static_cast<int>(cp - 0x0660);
  if (cp >= 0x06F0 && cp <= 0x06F9) return static_cast<int>(cp - 0x06F0);
  return -1;
}

bool IsSpace(char32_t cp) {
  switch (cp) {
    case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
    case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;  // en/em/thin spaces
  }
}

// Invisible formatting (bidi marks and embeddings, zero-width characters):
// pages sprinkle them around numbers, so they neither separate nor join.
bool IsInvisible(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2069) || cp == 0x061C || cp == 0xFEFF;
}

inline bool IsArabicLetter(char32_t cp) {
  return (cp >= 0x0620 && cp <= 0x063F) || (cp >= 0x0641 && cp <= 0x064A) ||
         cp == 0x066E || cp == 0x066F || (cp >= 0x0671 && cp <= 0x06D3) || cp == 0x06D5 ||
         (cp >= 0x06FA && cp <= 0x06FF);
}

inline bool IsArabicMark(char32_t cp) {
  return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640 ||
         (cp >= 0x06D6 && cp <= 0x06ED);
}

char32_t FoldPunct(char32_t cp) {
  switch (cp) {
    case 0x060C: case 0x066C: return ',';
    case 0x061B: return ';';
    case 0x066B: case 0x06D4: return '.';
    case 0x2044: case 0x2215: return '/';
    case 0xFF1A: return ':';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
      return '-';
    default:
      return cp;
  }
}

inline char32_t FoldFast(char32_t cp) {
  if (IsArabicMark(cp)) return 0;
  switch (cp) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
      return 0x0627;  // alef variants
    case 0x0649: case 0x06CC: case 0x06D2: return 0x064A;  // ى ی → ي
    case 0x0629: case 0x06C1: case 0x06D5: case 0x06BE: return 0x0647;  // ة ہ ە ھ → ه
    case 0x06A9: return 0x0643;  // ک → ك
    default: break;
  }
  if (cp >= 'A' && cp <= 'Z') return cp - 'A' + 'a';
  return cp;
}

}  // namespace

char32_t FoldLetter(char32_t cp) { return FoldFast(cp); }

std::string FoldWord(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = FoldLetter(utf8::Next(s, i));
    if (cp != 0) utf8::Append(out, cp);
  }
  return out;
}

DateLexer::DateLexer(std::string_view text) : text_(text) {
  end_.kind = DateToken::kEnd;
  end_.begin = end_.end = text.size();
}

const DateToken& DateLexer::Slow(size_t i) {
  if (i < lo_) return end_;
  while (!done_ && i >= hi_) {
    DateToken& slot = ring_[hi_ & (kWindow - 1)];
    if (!LexOne(slot)) {
      done_ = true;
      break;
    }
    ++hi_;
    if (hi_ - lo_ > kWindow) ++lo_;
  }
  if (i >= hi_) return end_;
  return ring_[i & (kWindow - 1)];
}

bool DateLexer::LexOne(DateToken& t) {
  const std::string_view s = text_;
  bool space = false;
  while (pos_ < s.size()) {
    size_t start = pos_;
    size_t i = pos_;
    char32_t cp = Decode(s, i);
    if (IsSpace(cp)) {
      space = true;
      pos_ = i;
      continue;
    }
    if (IsArabicMark(cp) || IsInvisible(cp)) {  // a stray mark or tatweel between tokens
      pos_ = i;
      continue;
    }
    t.kind = DateToken::kEnd;
    t.space_before = space;
    t.latin = false;
    t.ndigits = 0;
    t.wlen = 0;
    t.punct = 0;
    t.num = 0;
    t.info = nullptr;
    t.begin = start;
    int dv = DigitValue(cp);
    if (dv >= 0) {
      t.kind = DateToken::kNum;
      int64_t v = 0;
      int n = 0;
      size_t j = start;
      while (j < s.size()) {
        size_t k = j;
        int d = DigitValue(Decode(s, k));
        if (d < 0) break;
        if (v < 100000000000000000LL) v = v * 10 + d;
        if (n < 200) ++n;
        j = k;
      }
      t.num = v;
      t.ndigits = static_cast<uint8_t>(n);
      t.end = pos_ = j;
      return true;
    }
    const bool latin = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (latin || IsArabicLetter(cp)) {
      t.kind = DateToken::kWord;
      t.latin = latin;
      size_t len = 0;
      bool overflow = false;
      size_t j = start;
      while (j < s.size()) {
        size_t k = j;
        char32_t c = Decode(s, k);
        const bool l = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (latin ? !l : !(IsArabicLetter(c) || IsArabicMark(c))) break;
        const char32_t f = FoldFast(c);
        if (f != 0 && !overflow) {
          if (f < 0x80 && len + 1 <= sizeof(t.word)) {
            t.word[len++] = static_cast<char>(f);
          } else if (f >= 0x80 && f < 0x800 && len + 2 <= sizeof(t.word)) {
            t.word[len++] = static_cast<char>(0xC0 | (f >> 6));
            t.word[len++] = static_cast<char>(0x80 | (f & 0x3F));
          } else {
            overflow = true;  // not a keyword: all keywords are short Arabic/Latin words
          }
        }
        j = k;
      }
      t.wlen = overflow ? DateToken::kTooLong : static_cast<uint8_t>(len);
      if (len == 0 && !overflow) {  // only marks: not a word
        pos_ = j;
        continue;
      }
      t.info = overflow ? nullptr : LookupDateWord(t.Word());
      t.end = pos_ = j;
      return true;
    }
    t.kind = DateToken::kPunct;
    t.punct = FoldPunct(cp);
    t.end = pos_ = i;
    return true;
  }
  return false;
}

}  // namespace riwaya::text::date_internal
