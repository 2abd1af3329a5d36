// Calendar arithmetic for date parsing: proleptic Gregorian day numbers,
// Hijri (Umm al-Qura, through ICU) to Gregorian, and named-zone offsets
// (through ICU's tz data). Pure functions; never throw; no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace riwaya::text {

// Days since 1970-01-01 for a proleptic Gregorian date (no validation).
int64_t DaysFromCivil(int64_t year, int month, int day);

struct CivilDate {
  int64_t year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
};
CivilDate CivilFromDays(int64_t days);

bool IsLeapYear(int64_t year);
// True when year/month/day is a real Gregorian day (31/02 is not).
bool IsValidGregorian(int64_t year, int month, int day);

// Days since 1970-01-01 of a Hijri date in ICU's Umm al-Qura calendar
// (month 1 = Muharram). nullopt for impossible dates (day 30 of a 29-day
// month, month 13, ...) or when ICU fails.
std::optional<int64_t> HijriToDays(int year, int month, int day);

// UTC offset in minutes of the IANA zone `zone_id` at the wall-clock time
// `local_epoch` (seconds, as if the local time were UTC). Handles DST.
std::optional<int> ZoneOffsetMinutes(const std::string& zone_id, int64_t local_epoch);

}  // namespace riwaya::text
