// Page lines: recognises the special lines of an Arabic news page: date
// labels ("تاريخ النشر: ..."), credit lines ("المصدر: الحرة", "(أ ف ب)",
// "وكالات") and read-also markers ("إقرأ أيضاً:"), whatever the hamza,
// tanween, diacritics, tatweel or colon. Pure functions, usable by any parser
// that sees page text (plain pages, HTML). Matching folds with FoldWords (fold.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace riwaya::ingest {

struct DateLabel {
  std::string_view value;  // what follows the label and its separator, trimmed
  bool is_update = false;  // "آخر تحديث": a revision date, weaker than publication
};
// A line that starts with a publication/update label. Without a colon the
// value must be short and hold a digit, so prose like "نشر في صحيفة..." is not
// a label.
std::optional<DateLabel> MatchDateLabel(std::string_view line);

// The credit named by a standalone credit line ("المصدر: الحرة" → "الحرة",
// "(أ ف ب)" → "أ ف ب", "وكالات", "دبي - سكاي نيوز عربية" → "سكاي نيوز عربية").
std::optional<std::string> MatchCreditLine(std::string_view line);

// The wire credit of a dateline at the start of a paragraph:
// "باريس (أ ف ب) - قال..." → "أ ف ب". The paragraph itself stays body text.
std::optional<std::string> MatchDatelineCredit(std::string_view paragraph);

struct ReadAlsoMarker {
  std::string_view inline_title;  // "اقرأ أيضاً: عنوان" → "عنوان"; empty for a bare marker
};
std::optional<ReadAlsoMarker> MatchReadAlso(std::string_view line);

// Words separated by spaces or tabs.
size_t CountWords(std::string_view s);

}  // namespace riwaya::ingest
