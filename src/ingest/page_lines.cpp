#include "ingest/page_lines.h"

#include <array>
#include <algorithm>
#include <cstdint>
#include <vector>

#include "base/utf8.h"
#include "ingest/fold.h"
#include "ingest/paragraphs.h"

namespace riwaya::ingest {
namespace {

// Only the start of a line can hold a label; never fold a 50 MB paragraph.
constexpr size_t kFoldLimit = 72;  // the longest label, with tatweel, fits
// Credit lines are short; longer lines are body text.
constexpr size_t kMaxCreditLine = 200;

// If the folded line starts with the (folded) label at a word boundary,
// returns the original offset just after the label.
std::optional<size_t> MatchPrefix(const FoldedText& f, std::string_view line, std::string_view label) {
  if (f.text.compare(0, label.size(), label) != 0) return std::nullopt;
  if (f.text.size() == label.size()) return f.consumed < line.size() ? f.consumed : line.size();
  if (f.text[label.size()] != ' ') return std::nullopt;
  return f.origin[label.size()];
}

// Strips separators and blanks at the start of `v`; reports whether a colon was among them.
std::string_view SkipSeparators(std::string_view v, bool* saw_colon) {
  size_t i = 0;
  while (i < v.size()) {
    size_t j = i;
    char32_t cp = utf8::Next(v, j);
    const bool sep = cp == ' ' || cp == '\t' || cp == 0xA0 || cp == ':' || cp == 0xFF1A ||
                     cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == '|' || IsFoldIgnorable(cp);
    if (!sep) break;
    if ((cp == ':' || cp == 0xFF1A) && saw_colon) *saw_colon = true;
    i = j;
  }
  return TrimBlank(v.substr(i));
}

bool HasDigit(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    char32_t cp = utf8::Next(s, i);
    if ((cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669) ||
        (cp >= 0x06F0 && cp <= 0x06F9))
      return true;
  }
  return false;
}

// Strips brackets, quotes and trailing punctuation around a credit value.
std::string CleanCredit(std::string_view v) {
  v = TrimBlank(v);
  for (bool changed = true; changed && !v.empty();) {
    changed = false;
    for (std::string_view p : {"(", "[", "\xC2\xAB", "\"", "-", "\xE2\x80\x93", "\xE2\x80\x94"}) {
      if (v.substr(0, p.size()) == p) { v.remove_prefix(p.size()); changed = true; }
    }
    for (std::string_view p : {")", "]", "\xC2\xBB", "\"", ".", "\xD8\x8C", ",", ":"}) {
      if (v.size() >= p.size() && v.substr(v.size() - p.size()) == p) {
        v.remove_suffix(p.size());
        changed = true;
      }
    }
    v = TrimBlank(v);
  }
  return std::string(v);
}

// Wire services and outlets that appear alone on a credit line. Kept short:
// a false credit would remove a body line.
constexpr std::array<std::string_view, 44> kKnownCredits = {
    "وكالات", "رويترز", "أ ف ب", "ا ف ب", "أ.ف.ب", "فرانس برس", "فرانس برس", "وكالة فرانس برس",
    "أ ب", "أسوشيتد برس", "أسوشيتيد برس", "د ب أ", "د.ب.أ", "الأناضول", "وكالة الأناضول",
    "سكاي نيوز عربية", "سبوتنيك", "واس", "وام", "قنا", "كونا", "بترا", "سانا", "أ ش أ", "الجزيرة",
    "الجزيرة نت", "العربية", "العربية نت", "بي بي سي", "بي بي سي عربي", "الحرة", "فرانس 24",
    "سي إن إن", "روسيا اليوم", "شينخوا", "إرنا", "مواقع", "مواقع إلكترونية", "rt", "cnn", "bbc",
    "afp", "reuters", "ap",
};

bool IsKnownCredit(const std::string& folded) {
  // Folded once; immutable afterwards (thread-safe static initialisation).
  static const std::vector<std::string> kFolded = [] {
    std::vector<std::string> v;
    for (std::string_view k : kKnownCredits) v.push_back(FoldWords(k));
    return v;
  }();
  for (const std::string& k : kFolded) {
    if (k == folded) return true;
  }
  return false;
}

struct Label {
  std::string_view text;
  bool is_update;
};
constexpr std::array<Label, 11> kDateLabels = {{
    {"تاريخ النشر", false}, {"تم النشر في", false}, {"تم النشر", false},
    {"نشر بتاريخ", false},  {"نشر في", false},      {"تاريخ الخبر", false},
    {"اخر تحديث", true},    {"تاريخ التحديث", true}, {"تم التحديث", true},
    {"بتاريخ", false},      {"التاريخ", false},
}};

constexpr std::array<std::string_view, 5> kCreditLabels = {
    "مصدر الخبر", "المصدر", "المصادر", "نقلا عن", "عن",
};

constexpr std::array<std::string_view, 8> kReadAlsoLabels = {
    "اقرا ايضا", "اقرا كذلك", "طالع ايضا", "اقرا المزيد", "مواضيع ذات صله",
    "اخبار ذات صله", "مقالات ذات صله", "ذات صله",
};

}  // namespace

size_t CountWords(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    const bool blank = c == ' ' || c == '\t';
    if (!blank && !in_word) ++words;
    in_word = !blank;
  }
  return words;
}

std::optional<DateLabel> MatchDateLabel(std::string_view line) {
  line = TrimBlank(line);
  const FoldedText f = FoldWithOffsets(line, FoldMode::kWords, kFoldLimit);
  for (const Label& label : kDateLabels) {
    auto end = MatchPrefix(f, line, label.text);
    if (!end) continue;
    bool colon = false;
    std::string_view value = SkipSeparators(line.substr(*end), &colon);
    // Bare labels without colon need a date-like, short value; "بتاريخ" and
    // "التاريخ" are common words and always need the colon.
    const bool weak = label.text == "بتاريخ" || label.text == "التاريخ";
    if (!colon && (weak || !HasDigit(value) || CountWords(value) > 10)) return std::nullopt;
    if (colon && CountWords(value) > 16) return std::nullopt;
    return DateLabel{value, label.is_update};
  }
  return std::nullopt;
}

std::optional<std::string> MatchCreditLine(std::string_view line) {
  line = TrimBlank(line);
  if (line.empty() || line.size() > kMaxCreditLine) return std::nullopt;
  const FoldedText f = FoldWithOffsets(line, FoldMode::kWords, kMaxCreditLine);
  if (f.text.empty()) return std::nullopt;
  // "المصدر: الحرة", "نقلا عن رويترز"
  for (std::string_view label : kCreditLabels) {
    auto end = MatchPrefix(f, line, label);
    if (!end) continue;
    bool colon = false;
    std::string_view value = SkipSeparators(line.substr(*end), &colon);
    std::string credit = CleanCredit(value);
    if (credit.empty()) return std::nullopt;
    const size_t words = CountWords(credit);
    // Without a colon, only a short value or a known credit: "المصدر أكد أن..." is prose.
    if (label == "عن" && !IsKnownCredit(FoldWords(credit))) return std::nullopt;
    if (!colon && words > 3 && !IsKnownCredit(FoldWords(credit))) return std::nullopt;
    if (words > 6) return std::nullopt;
    return credit;
  }
  // "(أ ف ب)" alone on a line.
  if (line.front() == '(' && line.back() == ')') {
    std::string inner = CleanCredit(line);
    if (!inner.empty() && CountWords(inner) <= 5 && !HasDigit(inner) &&
        inner.find_first_of("()") == std::string::npos)
      return inner;
  }
  // "وكالات", "- سكاي نيوز عربية", "دبي - وكالات".
  if (IsKnownCredit(f.text)) return CleanCredit(line);
  if (CountWords(line) <= 7) {
    for (std::string_view dash : {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " | ", "/"}) {
      size_t at = line.rfind(dash);
      if (at == std::string_view::npos) continue;
      std::string_view last = line.substr(at + dash.size());
      if (IsKnownCredit(FoldWords(last))) return CleanCredit(last);
    }
  }
  return std::nullopt;
}

std::optional<std::string> MatchDatelineCredit(std::string_view paragraph) {
  paragraph = TrimBlank(paragraph);
  const size_t open = paragraph.find('(');
  if (open == std::string_view::npos || open > 80) return std::nullopt;
  if (CountWords(paragraph.substr(0, open)) > 3) return std::nullopt;
  const size_t close = paragraph.find(')', open);
  if (close == std::string_view::npos || close - open > 60) return std::nullopt;
  std::string_view inner = TrimBlank(paragraph.substr(open + 1, close - open - 1));
  bool colon = false;
  std::string_view after = paragraph.substr(close + 1);
  std::string_view rest = SkipSeparators(after, &colon);
  // A dash or colon must follow: "(أ ف ب) - قال"; otherwise it is just a parenthesis.
  if (rest.size() == TrimBlank(after).size()) return std::nullopt;
  if (inner.empty() || CountWords(inner) > 4 || HasDigit(inner)) return std::nullopt;
  return CleanCredit(inner);
}

std::optional<ReadAlsoMarker> MatchReadAlso(std::string_view line) {
  line = TrimBlank(line);
  const FoldedText f = FoldWithOffsets(line, FoldMode::kWords, kFoldLimit);
  for (std::string_view label : kReadAlsoLabels) {
    auto end = MatchPrefix(f, line, label);
    if (!end) continue;
    std::string_view value = SkipSeparators(line.substr(*end), nullptr);
    return ReadAlsoMarker{value};
  }
  return std::nullopt;
}

}  // namespace riwaya::ingest
