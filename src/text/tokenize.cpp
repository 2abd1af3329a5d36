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
  for (int k = 0; k < 3; ++k) {
    if (i >= text_.size()) return false;
    const Decoded d = table_.Decode(text_.data() + i, text_.size() - i);
    if (d.cls != CharClass::kDigit) return false;
    i += d.in_len;
  }
  if (i >= text_.size()) return true;
  return table_.Decode(text_.data() + i, text_.size() - i).cls != CharClass::kDigit;
}

// Whether an infix character (hyphen, decimal point, group separator) whose
// bytes end at `after` keeps the current word going.
bool Tokenizer::JoinsAcross(const Decoded& infix, CharClass last, size_t after) const {
  if (after >= text_.size()) return false;
  const Decoded next = table_.Decode(text_.data() + after, text_.size() - after);
  switch (infix.cls) {
    case CharClass::kHyphen: {
      // Letters and digits (F-35, كوفيد-19, 19-كوفيد) but not word-word or
      // number-number (2018-2019 is a range, searched as two numbers).
      const bool last_letter = last == CharClass::kArabic || last == CharClass::kLetter;
      const bool next_letter = next.cls == CharClass::kArabic || next.cls == CharClass::kLetter;
      return (last_letter && next.cls == CharClass::kDigit) ||
             (last == CharClass::kDigit && next_letter);
    }
    case CharClass::kDecimalPoint:
      return last == CharClass::kDigit && next.cls == CharClass::kDigit;
    case CharClass::kGroupSeparator:
      return last == CharClass::kDigit && GroupOfThreeFollows(after);
    default:
      return false;
  }
}

bool Tokenizer::Next(RawToken& token) {
  const char* p = text_.data();
  const size_t n = text_.size();

  // Skip to the first word character.
  Decoded d;
  while (pos_ < n) {
    // ASCII separators (spaces, punctuation) are most of what lies between words.
    const auto b0 = static_cast<unsigned char>(p[pos_]);
    if (b0 < 0x80 && table_.Small(b0).cls == CharClass::kSeparator) {
      ++pos_;
      continue;
    }
    d = table_.Decode(p + pos_, n - pos_);
    if (IsWordClass(d.cls)) break;
    pos_ += d.in_len;
  }
  if (pos_ >= n) return false;

  form_len_ = 0;
  const size_t begin = pos_;
  size_t end = pos_;
  CharClass last = d.cls;
  bool all_arabic = d.cls == CharClass::kArabic;
  bool plain = true;
  bool in_arabic_prefix = all_arabic;
  size_t arabic_prefix = 0;
  bool forced_join = false;  // the previous character was a joining infix
  bool too_long = false;

  auto take = [&](const Decoded& c) {
    if (!too_long) {
      if (form_len_ + c.out_len > kMaxFormBytes) {
        too_long = true;
      } else {
        const char* src = c.data();
        for (uint8_t k = 0; k < c.out_len; ++k) form_[form_len_ + k] = src[k];
        form_len_ += c.out_len;
      }
    }
    if (c.cls != CharClass::kArabic) {
      all_arabic = false;
      in_arabic_prefix = false;
    } else {
      if (in_arabic_prefix) arabic_prefix += c.out_len;
      const auto lead = static_cast<unsigned char>(c.data()[0]);
      if (c.out_len != 2 || lead < 0xD8 || lead > 0xDB) plain = false;
    }
    last = c.cls;
    pos_ += c.in_len;
    end = pos_;
    forced_join = false;
  };

  take(d);
  while (pos_ < n) {
    const auto b0 = static_cast<unsigned char>(p[pos_]);
    if (b0 < 0x80 && table_.Small(b0).cls == CharClass::kSeparator) break;  // the usual end
    d = table_.Decode(p + pos_, n - pos_);
    switch (d.cls) {
      case CharClass::kArabic:
        // Latin or digits followed by Arabic start a new word (2018م → 2018, م);
        // Arabic followed by Latin/digits stays one (الـ5G, كوفيد19).
        if (last != CharClass::kArabic && !forced_join) goto done;
        take(d);
        // Fast path for the rest of an Arabic run: two-byte letters and marks.
        while (pos_ + 2 <= n) {
          const auto lead = static_cast<unsigned char>(p[pos_]);
          const auto trail = static_cast<unsigned char>(p[pos_ + 1]);
          if (lead < 0xD8 || lead > 0xDB || (trail & 0xC0) != 0x80) break;
          const CharTable::Entry& e = table_.Small(((lead & 0x1Fu) << 6) | (trail & 0x3Fu));
          if (e.cls == CharClass::kArabic) {
            if (form_len_ + 2 > kMaxFormBytes) {
              too_long = true;
            } else if (!too_long) {
              form_[form_len_] = e.out[0];
              form_[form_len_ + 1] = e.out[1];
              form_len_ += 2;
            }
            if (in_arabic_prefix) arabic_prefix += 2;
          } else if (e.cls != CharClass::kMark) {
            break;
          }
          pos_ += 2;
          end = pos_;
        }
        continue;
      case CharClass::kLetter:
      case CharClass::kDigit:
        take(d);
        continue;
      case CharClass::kMark:
        pos_ += d.in_len;
        end = pos_;  // harakat and tatweel belong to the written word
        continue;
      case CharClass::kIgnorable:
        pos_ += d.in_len;  // inside the word, but not part of its span's edge
        continue;
      case CharClass::kHyphen:
      case CharClass::kDecimalPoint:
      case CharClass::kGroupSeparator:
        if (forced_join || !JoinsAcross(d, last, pos_ + d.in_len)) goto done;
        if (d.cls == CharClass::kDecimalPoint && !too_long) form_[form_len_++] = '.';
        pos_ += d.in_len;
        forced_join = true;
        continue;
      case CharClass::kSeparator:
        goto done;
    }
  }
done:
  token.begin = static_cast<uint32_t>(begin);
  token.end = static_cast<uint32_t>(end);
  token.form = std::string_view(form_, form_len_);
  token.arabic_prefix_bytes = static_cast<uint32_t>(arabic_prefix);
  token.all_arabic = all_arabic && !too_long;
  token.plain_arabic = token.all_arabic && plain && form_len_ > 0;
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
