#include "ingest/html_dates.h"

#include <array>
#include <cctype>
#include <string>

#include "text/date_calendar.h"

namespace riwaya::ingest {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[static_cast<size_t>(m - 1)];
}

// Reads exactly `n` ASCII digits at s[pos]; advances pos.
bool Digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    char c = s[pos + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

// Reads 1..max digits.
bool SomeDigits(std::string_view s, size_t& pos, size_t max, int& out) {
  size_t start = pos;
  int v = 0;
  while (pos < s.size() && pos - start < max && s[pos] >= '0' && s[pos] <= '9') {
    v = v * 10 + (s[pos] - '0');
    ++pos;
  }
  out = v;
  return pos > start;
}

bool ValidDate(int y, int mo, int d) {
  return y >= 1900 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= DaysInMonth(y, mo);
}

bool ValidTime(int h, int mi, int sec) { return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 60; }

model::PublishedDate Make(int64_t epoch, bool date_only, std::string_view original, model::DateSource src) {
  model::PublishedDate d;
  d.known = true;
  d.date_only = date_only;
  d.epoch_seconds = epoch;
  d.original = std::string(original);
  d.source = src;
  return d;
}

// "+03:00", "+0300", "+03", "Z". Returns offset in seconds east of UTC.
bool NumericZone(std::string_view s, size_t& pos, int& offset) {
  if (pos >= s.size()) return false;
  if (s[pos] == 'Z' || s[pos] == 'z') { ++pos; offset = 0; return true; }
  if (s[pos] != '+' && s[pos] != '-') return false;
  int sign = s[pos] == '-' ? -1 : 1;
  ++pos;
  int hh = 0, mm = 0;
  if (!Digits(s, pos, 2, hh)) return false;
  if (pos < s.size() && s[pos] == ':') ++pos;
  if (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])) && !Digits(s, pos, 2, mm)) return false;
  if (hh > 14 || mm > 59) return false;
  offset = sign * (hh * 3600 + mm * 60);
  return true;
}

std::optional<model::PublishedDate> ParseIso(std::string_view s, model::DateSource src) {
  size_t pos = 0;
  int y = 0, mo = 0, d = 0;
  if (!Digits(s, pos, 4, y) || pos >= s.size() || s[pos] != '-') return std::nullopt;
  ++pos;
  if (!Digits(s, pos, 2, mo) || pos >= s.size() || s[pos] != '-') return std::nullopt;
  ++pos;
  if (!Digits(s, pos, 2, d) || !ValidDate(y, mo, d)) return std::nullopt;
  int64_t days = text::DaysFromCivil(y, mo, d);
  if (pos == s.size()) return Make(days * 86400, true, s, src);
  if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
  ++pos;
  int h = 0, mi = 0, sec = 0;
  if (!Digits(s, pos, 2, h) || pos >= s.size() || s[pos] != ':') return std::nullopt;
  ++pos;
  if (!Digits(s, pos, 2, mi)) return std::nullopt;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!Digits(s, pos, 2, sec)) return std::nullopt;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      size_t start = pos;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  if (!ValidTime(h, mi, sec)) return std::nullopt;
  int offset = 0;
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (pos < s.size()) {
    if (s.substr(pos) == "UTC" || s.substr(pos) == "GMT") {
      pos = s.size();
    } else if (!NumericZone(s, pos, offset)) {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  return Make(days * 86400 + h * 3600 + mi * 60 + sec - offset, false, s, src);
}

int MonthFromName(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  static constexpr std::array<std::string_view, 12> kFull = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  std::string lower;
  for (char c : w) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t i = 0; i < 12; ++i) {
    if (lower == kNames[i] || lower == kFull[i] || (i == 8 && lower == "sept")) return static_cast<int>(i) + 1;
  }
  return 0;
}

std::optional<model::PublishedDate> ParseRfc822(std::string_view s, model::DateSource src) {
  size_t pos = 0;
  auto skip_spaces = [&] { while (pos < s.size() && s[pos] == ' ') ++pos; };
  auto word = [&] {
    size_t start = pos;
    while (pos < s.size() && std::isalpha(static_cast<unsigned char>(s[pos]))) ++pos;
    return s.substr(start, pos - start);
  };
  // Optional day name.
  if (pos < s.size() && std::isalpha(static_cast<unsigned char>(s[pos]))) {
    std::string_view dn = word();
    if (dn.size() < 3) return std::nullopt;
    if (pos < s.size() && s[pos] == ',') ++pos;
    skip_spaces();
  }
  int d = 0, y = 0;
  if (!SomeDigits(s, pos, 2, d)) return std::nullopt;
  skip_spaces();
  if (pos < s.size() && s[pos] == '-') ++pos;
  int mo = MonthFromName(word());
  if (mo == 0) return std::nullopt;
  skip_spaces();
  if (pos < s.size() && s[pos] == '-') ++pos;
  size_t ystart = pos;
  if (!SomeDigits(s, pos, 4, y)) return std::nullopt;
  if (pos - ystart == 2) {
    y += y < 50 ? 2000 : 1900;
  } else if (pos - ystart != 4) {
    return std::nullopt;
  }
  if (!ValidDate(y, mo, d)) return std::nullopt;
  int64_t days = text::DaysFromCivil(y, mo, d);
  skip_spaces();
  if (pos == s.size()) return Make(days * 86400, true, s, src);
  int h = 0, mi = 0, sec = 0;
  if (!Digits(s, pos, 2, h) || pos >= s.size() || s[pos] != ':' ) return std::nullopt;
  ++pos;
  if (!Digits(s, pos, 2, mi)) return std::nullopt;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!Digits(s, pos, 2, sec)) return std::nullopt;
  }
  if (!ValidTime(h, mi, sec)) return std::nullopt;
  skip_spaces();
  int offset = 0;
  if (pos < s.size()) {
    if (s[pos] == '+' || s[pos] == '-') {
      if (!NumericZone(s, pos, offset)) return std::nullopt;
    } else {
      std::string_view z = word();
      struct Zone { std::string_view name; int hours; };
      static constexpr std::array<Zone, 12> kZones = {{{"GMT", 0}, {"UT", 0}, {"UTC", 0}, {"Z", 0},
                                                       {"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5},
                                                       {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}}};
      bool found = false;
      for (const Zone& zone : kZones) {
        if (z == zone.name) { offset = zone.hours * 3600; found = true; }
      }
      if (!found) return std::nullopt;
    }
    skip_spaces();
  }
  if (pos != s.size()) return std::nullopt;
  return Make(days * 86400 + h * 3600 + mi * 60 + sec - offset, false, s, src);
}

}  // namespace

std::optional<model::PublishedDate> ParseMachineDate(std::string_view s, model::DateSource src) {
  s = Trim(s);
  if (s.size() < 8 || s.size() > 64) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(s[0])) && s.size() >= 10 && s[4] == '-') return ParseIso(s, src);
  return ParseRfc822(s, src);
}

}  // namespace riwaya::ingest
