#include "text/date_calendar.h"

#include <memory>
#include <vector>

#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace riwaya::text {

// Howard Hinnant's public-domain civil calendar algorithms, rewritten here.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  CivilDate c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
  return c;
}

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool IsValidGregorian(int64_t y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  int max = kDays[m - 1];
  if (m == 2 && IsLeapYear(y)) max = 29;
  return d <= max;
}

namespace {

constexpr int kTableFirstYear = 1300;  // ICU's Umm al-Qura data covers 1300..1600 AH
constexpr int kTableLastYear = 1600;

std::unique_ptr<icu::Calendar> NewUmmAlQura() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Calendar> cal(icu::Calendar::createInstance(
      *icu::TimeZone::getGMT(), icu::Locale("ar@calendar=islamic-umalqura"), status));
  if (U_FAILURE(status)) return nullptr;
  return cal;
}

std::optional<int64_t> IcuHijriToDays(icu::Calendar& cal, int year, int month, int day) {
  UErrorCode status = U_ZERO_ERROR;
  cal.clear();
  cal.setLenient(false);
  cal.set(UCAL_ERA, 0);
  cal.set(UCAL_YEAR, year);
  cal.set(UCAL_MONTH, month - 1);
  cal.set(UCAL_DATE, day);
  const UDate ms = cal.getTime(status);
  if (U_FAILURE(status)) return std::nullopt;
  // A non-lenient calendar refuses overflow; check that nothing rolled over.
  if (cal.get(UCAL_DATE, status) != day || cal.get(UCAL_MONTH, status) != month - 1 ||
      U_FAILURE(status))
    return std::nullopt;
  const int64_t secs = static_cast<int64_t>(ms / 1000.0);
  return secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
}

// First day of every month 1300/1 .. 1601/1, built once from ICU and never
// changed afterwards: ICU recomputes Umm al-Qura year starts from 1300 on
// every call, which costs tens of microseconds per date.
struct MonthStarts {
  std::vector<int64_t> days;  // empty if ICU failed
  MonthStarts() {
    auto cal = NewUmmAlQura();
    if (!cal) return;
    const int n = (kTableLastYear - kTableFirstYear + 1) * 12 + 1;
    days.reserve(n);
    for (int k = 0; k < n; ++k) {
      auto d = IcuHijriToDays(*cal, kTableFirstYear + k / 12, k % 12 + 1, 1);
      if (!d) {
        days.clear();
        return;
      }
      days.push_back(*d);
    }
  }
};

}  // namespace

std::optional<int64_t> HijriToDays(int year, int month, int day) {
  if (year < 1 || year > 3000 || month < 1 || month > 12 || day < 1 || day > 30) return std::nullopt;
  if (year >= kTableFirstYear && year <= kTableLastYear) {
    static const MonthStarts kStarts;
    if (!kStarts.days.empty()) {
      const size_t k = static_cast<size_t>((year - kTableFirstYear) * 12 + month - 1);
      const int64_t first = kStarts.days[k];
      if (day > kStarts.days[k + 1] - first) return std::nullopt;
      return first + day - 1;
    }
  }
  // Outside the table: a calendar per call (ICU calendars are not
  // thread-safe, and such dates are rare).
  auto cal = NewUmmAlQura();
  if (!cal) return std::nullopt;
  return IcuHijriToDays(*cal, year, month, day);
}

std::optional<int> ZoneOffsetMinutes(const std::string& zone_id, int64_t local_epoch) {
  std::unique_ptr<icu::TimeZone> tz(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone_id)));
  if (!tz) return std::nullopt;
  icu::UnicodeString id;
  tz->getID(id);
  if (id == UNICODE_STRING_SIMPLE("Etc/Unknown")) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  tz->getOffset(static_cast<UDate>(local_epoch) * 1000.0, /*local=*/true, raw, dst, status);
  if (U_FAILURE(status)) return std::nullopt;
  return (raw + dst) / 60000;
}

}  // namespace riwaya::text
