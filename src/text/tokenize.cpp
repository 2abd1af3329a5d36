#include "text/tokenize.h"

#include <cstdint>
#include <limits>

namespace riwaya::text {

Tokenizer::Tokenizer(std::string_view text, const NormalizeOptions& options)
    : text_(text.substr(0, std::min<size_t>(text.size(), std::numeric_limits<uint32_t>::max()))),
      table_(CharTable::Get(options)) {}

// True when exactly three digits follow `after` and then no further digit
// (so `1,000` and `1,000,000.5` join but a list like `3,4` does not).
bool Tokenizer::GroupOfThreeFollows(size_t after) const {
  size_t i = after;
  uint8_t len = 0;
  for (int k = 0; k < 3; ++k) {
    if (i >= text_.size()) return false;
    if (table_.ClassAt(text_.data() + i, text_.size() - i, len) != CharClass::kDigit) return false;
    i += len;
  }
  if (i >= text_.size()) return true;
  return table_.ClassAt(text_.data() + i, text_.size() - i, len) != CharClass::kDigit;
}

// Whether an infix character (hyphen, decimal point, group separator) whose
// bytes end at `after` keeps the current word going.
bool Tokenizer::JoinsAcross(CharClass infix, CharClass last, size_t after) const {
  if (after >= text_.size()) return false;
  uint8_t len = 0;
  const CharClass next = table_.ClassAt(text_.data() + after, text_.size() - after, len);
  switch (infix) {
    case CharClass::kHyphen: {
      // Letters and digits (F-35, كوفيد-19, 19-كوفيد) but not word-word or
      // number-number (2018-2019 is a range, searched as two numbers).
      const bool last_letter = last == CharClass::kArabic || last == CharClass::kLetter;
      const bool next_letter = next == CharClass::kArabic || next == CharClass::kLetter;
      return (last_letter && next == CharClass::kDigit) || (last == CharClass::kDigit && next_letter);
    }
    case CharClass::kDecimalPoint:
      return last == CharClass::kDigit && next == CharClass::kDigit;
    case CharClass::kGroupSeparator:
      return last == CharClass::kDigit && GroupOfThreeFollows(after);
    default:
      return false;
  }
}

namespace {

// Lead bytes of U+0600..U+06FF, the Arabic block: every Arabic-class entry
// there folds to a two-byte letter of the same block.
inline bool IsArabicBlockLead(unsigned char b) { return b >= 0xD8 && b <= 0xDB; }

}  // namespace

bool Tokenizer::Next(RawToken& token) {
  // The state lives in locals, not members: writes to the char buffer could
  // otherwise alias them and force reloads on every character.
  const char* const p = text_.data();
  const size_t n = text_.size();
  const CharTable& table = table_;
  char* const form = form_;
  size_t pos = pos_;

  // Skip to the first word character.
  Decoded d;
  for (;;) {
    if (pos >= n) {
      pos_ = pos;
      return false;
    }
    const auto b0 = static_cast<unsigned char>(p[pos]);
    if (b0 < 0x80) {
      // ASCII separators (spaces, punctuation) are most of what lies between words.
      const CharTable::Entry& e = table.Small(b0);
      if (e.cls != CharClass::kLetter && e.cls != CharClass::kDigit) {
        ++pos;
        continue;
      }
    }
    d = table.Decode(p + pos, n - pos, wide_);
    if (IsWordClass(d.cls)) break;
    pos += d.in_len;
  }

  size_t flen = 0;
  const size_t begin = pos;
  size_t end = pos;
  CharClass last = d.cls;
  bool all_arabic = d.cls == CharClass::kArabic;
  bool plain = true;
  bool in_arabic_prefix = all_arabic;
  size_t arabic_prefix = 0;
  bool forced_join = false;  // the previous character was a joining infix
  bool too_long = false;

  // Appends a folded spelling unless the word has grown too long to index.
  auto append = [&](const char* src, size_t len) {
    if (too_long) return;
    if (flen + len > kMaxFormBytes) {
      too_long = true;
      return;
    }
    for (size_t k = 0; k < len; ++k) form[flen + k] = src[k];
    flen += len;
  };
  // The general case: any word character.
  auto take = [&](const Decoded& c) {
    append(c.data(), c.out_len);
    if (c.cls != CharClass::kArabic) {
      all_arabic = false;
      in_arabic_prefix = false;
    } else {
      if (in_arabic_prefix) arabic_prefix += c.out_len;
      if (c.out_len != 2 || !IsArabicBlockLead(static_cast<unsigned char>(c.data()[0]))) plain = false;
    }
    last = c.cls;
    pos += c.in_len;
    end = pos;
    forced_join = false;
  };

  take(d);
  while (pos < n) {
    const auto b0 = static_cast<unsigned char>(p[pos]);
    if (b0 < 0x80) {
      const CharTable::Entry& e = table.Small(b0);
      if (e.cls == CharClass::kSeparator) break;  // the usual end
      if (e.cls == CharClass::kLetter || e.cls == CharClass::kDigit) {
        // Latin letters and digits: one byte in, one byte out.
        append(e.out, 1);
        all_arabic = false;
        in_arabic_prefix = false;
        last = e.cls;
        end = ++pos;
        forced_join = false;
        continue;
      }
      d = Decoded{e.cls, 1, e.out_len, false, e.out};
    } else if (IsArabicBlockLead(b0) && pos + 1 < n &&
               (static_cast<unsigned char>(p[pos + 1]) & 0xC0) == 0x80) {
      const auto b1 = static_cast<unsigned char>(p[pos + 1]);
      const CharTable::Entry& e = table.Small(((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu));
      if (e.cls == CharClass::kArabic) {
        // Latin or digits followed by Arabic start a new word (2018م → 2018, م);
        // Arabic followed by Latin/digits stays one (الـ5G, كوفيد19).
        if (last != CharClass::kArabic && !forced_join) break;
        append(e.out, 2);
        last = CharClass::kArabic;
        forced_join = false;
        pos += 2;
        // The rest of the Arabic run: letters and marks of the Arabic block,
        // with nothing to decide but where the run ends.
        size_t run_letters = 2;  // bytes of letters (not marks) in this run
        while (pos + 1 < n) {
          const auto lead = static_cast<unsigned char>(p[pos]);
          const auto trail = static_cast<unsigned char>(p[pos + 1]);
          if (!IsArabicBlockLead(lead) || (trail & 0xC0) != 0x80) break;
          const CharTable::Entry& r = table.Small(((lead & 0x1Fu) << 6) | (trail & 0x3Fu));
          if (r.cls == CharClass::kArabic) {
            run_letters += 2;
            if (flen + 2 <= kMaxFormBytes && !too_long) {
              form[flen] = r.out[0];
              form[flen + 1] = r.out[1];
              flen += 2;
            } else {
              too_long = true;
            }
          } else if (r.cls != CharClass::kMark) {
            break;
          }
          pos += 2;
        }
        end = pos;
        if (in_arabic_prefix) arabic_prefix += run_letters;
        continue;
      }
      if (e.cls == CharClass::kMark) {  // harakat and tatweel belong to the written word
        pos += 2;
        end = pos;
        continue;
      }
      d = Decoded{e.cls, 2, e.out_len, false, e.out};
    } else {
      d = table.Decode(p + pos, n - pos, wide_);
    }
    bool stop = false;
    switch (d.cls) {
      case CharClass::kArabic:
        if (last != CharClass::kArabic && !forced_join) {
          stop = true;
          break;
        }
        take(d);
        break;
      case CharClass::kLetter:
      case CharClass::kDigit:
        take(d);
        break;
      case CharClass::kMark:
        pos += d.in_len;
        end = pos;  // harakat and tatweel belong to the written word
        break;
      case CharClass::kIgnorable:
        pos += d.in_len;  // inside the word, but not part of its span's edge
        break;
      case CharClass::kHyphen:
      case CharClass::kDecimalPoint:
      case CharClass::kGroupSeparator:
        if (forced_join || !JoinsAcross(d.cls, last, pos + d.in_len)) {
          stop = true;
          break;
        }
        if (d.cls == CharClass::kDecimalPoint && !too_long) form[flen++] = '.';
        pos += d.in_len;
        forced_join = true;
        break;
      case CharClass::kSeparator:
        stop = true;
        break;
    }
    if (stop) break;
  }
  pos_ = pos;
  form_len_ = flen;
  token.begin = static_cast<uint32_t>(begin);
  token.end = static_cast<uint32_t>(end);
  token.form = std::string_view(form_, flen);
  token.arabic_prefix_bytes = static_cast<uint32_t>(arabic_prefix);
  token.all_arabic = all_arabic && !too_long;
  token.plain_arabic = token.all_arabic && plain && flen > 0;
  token.too_long = too_long;
  return true;
}

std::vector<TokenSpan> Tokenize(std::string_view text, const NormalizeOptions& options) {
  std::vector<TokenSpan> out;
  Tokenizer tokenizer(text, options);
  RawToken t;
  while (tokenizer.Next(t)) out.push_back(TokenSpan{t.begin, t.end, std::string(t.form)});
  return out;
}

}  // namespace riwaya::text
