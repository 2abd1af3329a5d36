// CharTable: how the analyzer sees each code point: its class for tokenising
// and its folded spelling for matching (DESIGN.md "Arabic text"). Built once
// per option set and immutable afterwards; ICU is consulted while building and
// only for rare code points above U+07FF outside the prebuilt ranges.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace riwaya::text {

enum class CharClass : uint8_t {
  kSeparator,      // splits words: space, punctuation, symbols, invalid bytes
  kArabic,         // an Arabic letter (after folding)
  kLetter,         // any other letter (Latin, Cyrillic, CJK...), lower-cased
  kDigit,          // a decimal digit of any script, folded to ASCII
  kMark,           // harakat, tatweel, combining marks: dropped, never split a word
  kIgnorable,      // zero-width and bidi controls: dropped, never split a word
  kHyphen,         // joins letters and digits (F-35), else separates
  kDecimalPoint,   // '.' or U+066B between digits (3.5), else separates
  kGroupSeparator, // ',' or U+066C inside a number (1,000), else separates
};

inline bool IsWordClass(CharClass c) {
  return c == CharClass::kArabic || c == CharClass::kLetter || c == CharClass::kDigit;
}

// One decoded code point: its class, how many input bytes it used and its
// folded UTF-8 spelling `out[0..out_len)` (possibly empty), which points into
// the table or into the caller's scratch buffer. Plain scalars, so a decoded
// character lives in registers in the tokenizer's hot loop.
struct Decoded {
  CharClass cls = CharClass::kSeparator;
  uint8_t in_len = 1;
  uint8_t out_len = 0;
  bool invalid = false;  // a byte that does not start valid UTF-8
  const char* out = nullptr;
  const char* data() const { return out; }
};

struct NormalizeOptions {
  // Fold hamza carriers ؤ → و and ئ → ي. Off by default: DESIGN.md asks for
  // this to be measured, not assumed.
  bool fold_hamza_carriers = false;
};

class CharTable {
 public:
  static const CharTable& Get(const NormalizeOptions& options);

  // Decodes the code point at p[0..avail) (avail >= 1). A folded spelling
  // that is not in the table (rare letters above U+07FF) is written to
  // `scratch` (at least kScratchBytes), which must outlive the result's use.
  static constexpr size_t kScratchBytes = 4;
  Decoded Decode(const char* p, size_t avail, char* scratch) const {
    const auto b0 = static_cast<unsigned char>(p[0]);
    if (b0 < 0x80) return FromEntry(small_[b0], 1);
    if (b0 >= 0xC2 && b0 <= 0xDF && avail >= 2) {
      const auto b1 = static_cast<unsigned char>(p[1]);
      if ((b1 & 0xC0) == 0x80) return FromEntry(small_[((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu)], 2);
    }
    return DecodeSlow(p, avail, scratch);
  }
  // The class alone (for look-ahead), and the bytes the code point uses.
  CharClass ClassAt(const char* p, size_t avail, uint8_t& in_len) const {
    char scratch[kScratchBytes];
    const Decoded d = Decode(p, avail, scratch);
    in_len = d.in_len;
    return d.cls;
  }

  CharTable(const CharTable&) = delete;
  CharTable& operator=(const CharTable&) = delete;

  struct Entry {
    CharClass cls = CharClass::kSeparator;
    uint8_t out_len = 0;
    char out[4] = {};
  };
  // Direct access for hot loops; cp < 0x800. Arabic-class entries below
  // U+0800 always fold to a two-byte letter.
  const Entry& Small(uint32_t cp) const { return small_[cp]; }

 private:
  struct Wide {  // presentation forms: NFKC result, folded
    CharClass cls = CharClass::kSeparator;
    std::string out;
  };

  explicit CharTable(const NormalizeOptions& options);
  static Decoded FromEntry(const Entry& e, uint8_t in_len) {
    Decoded d;
    d.cls = e.cls;
    d.in_len = in_len;
    d.out_len = e.out_len;
    d.out = e.out;
    return d;
  }
  Decoded DecodeSlow(const char* p, size_t avail, char* scratch) const;
  Decoded DecodeWide(char32_t cp, uint8_t in_len, char* scratch) const;

  std::array<Entry, 0x800> small_;   // U+0000..U+07FF: ASCII, Latin, Arabic
  std::vector<Wide> presentation_;   // U+FB50..U+FEFF
};

}  // namespace riwaya::text
