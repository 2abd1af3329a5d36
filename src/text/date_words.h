// Keyword table for the date grammar: month names in every Gregorian naming
// system (Egyptian/Gulf, Levantine/Iraqi, Tunisian/Algerian, Moroccan,
// English), Hijri months, weekdays, relative-time words, am/pm and zone words.
// Lookups take the lexer's folded spelling; the table is immutable.
#pragma once

#include <cstdint>
#include <string_view>

namespace riwaya::text::date_internal {

enum WordFlag : uint32_t {
  kMonthHead = 1u << 0,      // first word of a two-word month (كانون، تشرين، ربيع، جمادى، ذو)
  kOrdinalSuffix = 1u << 1,  // st nd rd th
  kOf = 1u << 2,             // of / من
  kMonthWord = 1u << 3,      // شهر (month of)
  kRelPrefix = 1u << 4,      // منذ / قبل
  kAgo = 1u << 5,            // ago
  kDayWord = 1u << 6,        // اليوم / أمس / yesterday (days back in `days_back`)
  kBeforeYesterday = 1u << 7,// أول (أمس)
  kTiming = 1u << 8,         // توقيت / بتوقيت
  kAccording = 1u << 9,      // حسب / بحسب (توقيت)
  kTimeConnector = 1u << 10, // الساعة / at / في / T
  kCorresponding = 1u << 11, // الموافق / ل (Hijri = Gregorian)
  kAD = 1u << 12,            // م / ميلادي
  kAH = 1u << 13,            // هـ / هجري
  kApprox = 1u << 14,        // حوالي / نحو
  kDayNoun = 1u << 15,       // يوم (before a weekday)
  kFirstDay = 1u << 16,      // الأول (من) / غرة: the first day of the month
  kHourWord = 1u << 17,      // الساعة: a clock follows, "1.30" allowed
  kDayVeto = 1u << 18,       // طوال / حتى ... before اليوم: "the day", not "today"
};

struct WordInfo {
  int8_t month = 0;       // Gregorian month 1..12
  int8_t hijri = 0;       // Hijri month 1..12
  int8_t weekday = -1;    // 0 = Sunday
  int8_t ampm = 0;        // 1 am, 2 pm, 3 noon (1-6 are pm), 4 night (12 is midnight, 6-11 pm)
  int8_t number = 0;      // number word value (ثلاث = 3, "an" = 1)
  int8_t unit_count = -1; // relative unit: 1 singular, 2 dual, 0 plural
  int8_t days_back = -1;  // kDayWord: 0 today, 1 yesterday
  bool has_zone = false;  // a fixed UTC offset in zone_minutes
  int16_t zone_minutes = 0;
  int32_t unit_seconds = 0;
  const char* zone_id = nullptr;  // IANA zone for city names (after توقيت)
  uint32_t flags = 0;
};

// nullptr when the word means nothing to the date grammar. Two-word names are
// looked up with a single space between the folded words.
const WordInfo* LookupDateWord(std::string_view folded);

}  // namespace riwaya::text::date_internal
