// Date expressions in Arabic and English news text. Pure functions.
// Never invents a date: anything ambiguous or incomplete is "not found".
// Recognised families, conventions and precedence: docs/dates.md. Notably,
// all-numeric dates are read day-first (05/06/2024 = 5 June), the Arabic
// convention; this is a convention, not something the text proves.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace riwaya::text {

struct DateContext {
  // Reference instant (UTC epoch seconds) for relative forms ("منذ ساعتين",
  // "أمس"); 0 means relative forms are not resolved.
  int64_t reference_epoch = 0;
  // Offset applied when the text names no zone (minutes east of UTC).
  int default_utc_offset_minutes = 0;
};

struct DateMatch {
  int64_t epoch_seconds = 0;  // UTC; for date_only, 00:00 UTC of that day
  bool date_only = false;
  size_t begin = 0;           // byte span of the expression within the input
  size_t end = 0;
  bool has_zone = false;      // the text named the zone/offset (else ctx default applied)
  bool from_hijri = false;    // only a Hijri date was given (converted via Umm al-Qura)
  bool relative = false;      // resolved against ctx.reference_epoch
};

// Finds the first complete, unambiguous date expression in `text`. When a
// Hijri date is directly followed by its Gregorian equivalent ("الموافق"),
// the Gregorian one is used and the span covers both.
std::optional<DateMatch> ParseDate(std::string_view text, const DateContext& ctx = {});

// For structured fields (RSS pubDate, <TIME>, JSON "date", meta tags): the
// whole string, apart from surrounding whitespace, must be one date.
std::optional<DateMatch> ParseDateStrict(std::string_view whole, const DateContext& ctx = {});

// Dates written in URLs: /2024/06/26/, /2024-06-26-, _20240626_ (year
// 1990..2100). Month-only paths (/2024/06/) give nothing.
std::optional<DateMatch> ParseDateInUrl(std::string_view url);

// "2024-06-26" for date_only matches, else "2024-06-26T11:05:00Z".
std::string FormatDate(const DateMatch& m);
// Same, from raw fields (for stored dates).
std::string FormatDate(int64_t epoch_seconds, bool date_only);

}  // namespace riwaya::text
