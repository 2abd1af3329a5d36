#include "text/chartable.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstring>

#include "base/utf8.h"

namespace riwaya::text {
namespace {

constexpr char32_t kPresentationFirst = 0xFB50;
constexpr char32_t kPresentationLast = 0xFEFF;

bool IsIgnorable(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF ||
         cp == 0x061C || cp == 0x00AD;
}

// The class and folded code point of `cp`, before any NFKC step.
// Returns 0 as the folded code point when nothing is emitted.
char32_t Fold(char32_t cp, bool fold_hamza, CharClass& cls) {
  cls = CharClass::kSeparator;
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') { cls = CharClass::kLetter; return cp + 32; }
    if (cp >= 'a' && cp <= 'z') { cls = CharClass::kLetter; return cp; }
    if (cp >= '0' && cp <= '9') { cls = CharClass::kDigit; return cp; }
    if (cp == '-') { cls = CharClass::kHyphen; return cp; }
    if (cp == '.') { cls = CharClass::kDecimalPoint; return cp; }
    if (cp == ',') { cls = CharClass::kGroupSeparator; return cp; }
    return 0;
  }
  if (IsIgnorable(cp)) { cls = CharClass::kIgnorable; return 0; }
  if (cp == 0x2010 || cp == 0x2011) { cls = CharClass::kHyphen; return '-'; }
  if (cp >= 0x0600 && cp <= 0x06FF) {
    if (cp == 0x0640 || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 ||
        (cp >= 0x0610 && cp <= 0x061A)) {
      cls = CharClass::kMark;
      return 0;
    }
    if (cp >= 0x0660 && cp <= 0x0669) { cls = CharClass::kDigit; return '0' + (cp - 0x0660); }
    if (cp >= 0x06F0 && cp <= 0x06F9) { cls = CharClass::kDigit; return '0' + (cp - 0x06F0); }
    if (cp == 0x066B) { cls = CharClass::kDecimalPoint; return '.'; }
    if (cp == 0x066C) { cls = CharClass::kGroupSeparator; return ','; }
    switch (cp) {  // the folds DESIGN.md prescribes, plus Persian/Urdu look-alikes
      case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673: case 0x0675:
        cls = CharClass::kArabic; return 0x0627;
      case 0x0649: case 0x06CC: cls = CharClass::kArabic; return 0x064A;
      case 0x0629: case 0x06C0: case 0x06C1: case 0x06C2: case 0x06C3:
        cls = CharClass::kArabic; return 0x0647;
      case 0x06A9: cls = CharClass::kArabic; return 0x0643;
      case 0x0624: cls = CharClass::kArabic; return fold_hamza ? 0x0648 : cp;
      case 0x0626: cls = CharClass::kArabic; return fold_hamza ? 0x064A : cp;
      default: break;
    }
  }
  const int8_t type = u_charType(static_cast<UChar32>(cp));
  switch (type) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER: {
      const bool arabic = (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
                          (cp >= 0x08A0 && cp <= 0x08FF);
      cls = arabic ? CharClass::kArabic : CharClass::kLetter;
      return arabic ? cp : static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
    }
    case U_DECIMAL_DIGIT_NUMBER: {
      const int v = u_charDigitValue(static_cast<UChar32>(cp));
      if (v >= 0 && v <= 9) { cls = CharClass::kDigit; return static_cast<char32_t>('0' + v); }
      return 0;
    }
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK:
      cls = CharClass::kMark;
      return 0;
    case U_FORMAT_CHAR:
      cls = CharClass::kIgnorable;
      return 0;
    default:
      return 0;
  }
}

}  // namespace

const CharTable& CharTable::Get(const NormalizeOptions& options) {
  // Immutable after construction; C++ guarantees thread-safe initialisation.
  static const CharTable plain(NormalizeOptions{false});
  static const CharTable hamza(NormalizeOptions{true});
  return options.fold_hamza_carriers ? hamza : plain;
}

CharTable::CharTable(const NormalizeOptions& options) {
  const bool fold_hamza = options.fold_hamza_carriers;
  std::string tmp;
  for (char32_t cp = 0; cp < 0x800; ++cp) {
    Entry& e = small_[cp];
    const char32_t f = Fold(cp, fold_hamza, e.cls);
    tmp.clear();
    if (f != 0) utf8::Append(tmp, f);
    if (tmp.size() > sizeof(e.out)) tmp.clear();  // cannot happen below U+0800; be safe
    e.out_len = static_cast<uint8_t>(tmp.size());
    std::memcpy(e.out, tmp.data(), tmp.size());
  }

  // Presentation forms: NFKC once here, so the hot path never calls ICU.
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  presentation_.resize(kPresentationLast - kPresentationFirst + 1);
  for (char32_t cp = kPresentationFirst; cp <= kPresentationLast; ++cp) {
    Wide& w = presentation_[cp - kPresentationFirst];
    if (IsIgnorable(cp)) { w.cls = CharClass::kIgnorable; continue; }
    if (U_FAILURE(status) || nfkc == nullptr) continue;
    UErrorCode st = U_ZERO_ERROR;
    icu::UnicodeString src(static_cast<UChar32>(cp));
    icu::UnicodeString dst = nfkc->normalize(src, st);
    if (U_FAILURE(st)) continue;
    bool any_mark = false;
    for (int32_t i = 0; i < dst.length();) {
      const UChar32 c = dst.char32At(i);
      i += U16_LENGTH(c);
      CharClass c_cls;
      const char32_t f = Fold(static_cast<char32_t>(c), fold_hamza, c_cls);
      if (IsWordClass(c_cls)) {
        if (w.cls != CharClass::kArabic) w.cls = c_cls;
        if (f != 0) utf8::Append(w.out, f);
      } else if (c_cls == CharClass::kMark) {
        any_mark = true;
      }
    }
    if (!IsWordClass(w.cls) && any_mark) w.cls = CharClass::kMark;
    if (w.out.size() > 255) w.out.resize(0);
  }
}

Decoded CharTable::DecodeSlow(const char* p, size_t avail, char* scratch) const {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(p[k]); };
  const auto cont = [&](size_t k) { return k < avail && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  Decoded bad;
  bad.invalid = true;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return bad;
    if (c == 0xE0 && b(1) < 0xA0) return bad;  // overlong
    if (c == 0xED && b(1) > 0x9F) return bad;  // surrogate
    const char32_t cp = ((c & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
    return DecodeWide(cp, 3, scratch);
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return bad;
    if (c == 0xF0 && b(1) < 0x90) return bad;
    if (c == 0xF4 && b(1) > 0x8F) return bad;
    const char32_t cp = ((c & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) | ((b(2) & 0x3Fu) << 6) |
                        (b(3) & 0x3Fu);
    return DecodeWide(cp, 4, scratch);
  }
  return bad;  // stray continuation byte, C0/C1, F5..FF, or truncated two-byte sequence
}

Decoded CharTable::DecodeWide(char32_t cp, uint8_t in_len, char* scratch) const {
  Decoded d;
  d.in_len = in_len;
  if (cp >= kPresentationFirst && cp <= kPresentationLast) {
    const Wide& w = presentation_[cp - kPresentationFirst];
    d.cls = w.cls;
    d.out = w.out.data();
    d.out_len = static_cast<uint8_t>(w.out.size());
    return d;
  }
  const char32_t f = Fold(cp, false, d.cls);
  d.out = scratch;
  if (f != 0) {
    std::string tmp;
    utf8::Append(tmp, f);
    if (tmp.size() <= kScratchBytes) {
      d.out_len = static_cast<uint8_t>(tmp.size());
      std::memcpy(scratch, tmp.data(), tmp.size());
    }
  }
  return d;
}

}  // namespace riwaya::text
