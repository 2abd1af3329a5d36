#include "text/date_words.h"

#include <algorithm>
#include <bitset>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <string>

#include "text/date_lexer.h"

namespace riwaya::text::date_internal {
namespace {

struct Hash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
using Table = std::unordered_map<std::string, WordInfo, Hash, std::equal_to<>>;

class Builder {
 public:
  explicit Builder(Table& t) : t_(t) {}
  // Adds `info` under each spelling (folded with the lexer's rules), merging
  // with what is there: a word can play several parts (م is AD and PM).
  void Add(std::initializer_list<const char*> words, const WordInfo& info) {
    for (const char* w : words) {
      WordInfo& e = t_[FoldWord(w)];
      if (info.month) e.month = info.month;
      if (info.hijri) e.hijri = info.hijri;
      if (info.weekday >= 0) e.weekday = info.weekday;
      if (info.ampm) e.ampm = info.ampm;
      if (info.number) e.number = info.number;
      if (info.unit_count >= 0) {
        e.unit_count = info.unit_count;
        e.unit_seconds = info.unit_seconds;
      }
      if (info.days_back >= 0) e.days_back = info.days_back;
      if (info.has_zone) {
        e.has_zone = true;
        e.zone_minutes = info.zone_minutes;
      }
      if (info.zone_id) e.zone_id = info.zone_id;
      e.flags |= info.flags;
    }
  }
  void Month(int m, std::initializer_list<const char*> w) { WordInfo i; i.month = static_cast<int8_t>(m); Add(w, i); }
  void Hijri(int m, std::initializer_list<const char*> w) { WordInfo i; i.hijri = static_cast<int8_t>(m); Add(w, i); }
  void Weekday(int d, std::initializer_list<const char*> w) { WordInfo i; i.weekday = static_cast<int8_t>(d); Add(w, i); }
  void Flag(uint32_t f, std::initializer_list<const char*> w) { WordInfo i; i.flags = f; Add(w, i); }
  void AmPm(int a, std::initializer_list<const char*> w) { WordInfo i; i.ampm = static_cast<int8_t>(a); Add(w, i); }
  void Number(int n, std::initializer_list<const char*> w) { WordInfo i; i.number = static_cast<int8_t>(n); Add(w, i); }
  void Unit(int seconds, int count, std::initializer_list<const char*> w) {
    WordInfo i;
    i.unit_seconds = seconds;
    i.unit_count = static_cast<int8_t>(count);
    Add(w, i);
  }
  void Zone(int minutes, std::initializer_list<const char*> w) {
    WordInfo i;
    i.has_zone = true;
    i.zone_minutes = static_cast<int16_t>(minutes);
    Add(w, i);
  }
  void City(const char* id, std::initializer_list<const char*> w) { WordInfo i; i.zone_id = id; Add(w, i); }
  void DayWord(int back, std::initializer_list<const char*> w) {
    WordInfo i;
    i.days_back = static_cast<int8_t>(back);
    i.flags = kDayWord;
    Add(w, i);
  }

 private:
  Table& t_;
};

Table BuildTable() {
  Table t;
  Builder b(t);
  // Gregorian months. Egyptian/Gulf, Levantine/Iraqi, Tunisian/Algerian,
  // Moroccan and English; folding already merges hamza, ة/ه and ى/ي variants.
  b.Month(1, {"يناير", "كانون الثاني", "كانون ثاني", "جانفي", "جانفييه", "january", "jan"});
  b.Month(2, {"فبراير", "شباط", "فيفري", "فبرير", "february", "feb"});
  b.Month(3, {"مارس", "آذار", "march", "mar"});
  b.Month(4, {"أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "april", "apr"});
  b.Month(5, {"مايو", "أيار", "ماي", "may"});
  b.Month(6, {"يونيو", "يونيه", "حزيران", "جوان", "june", "jun"});
  b.Month(7, {"يوليو", "يوليه", "تموز", "جويلية", "جويلييه", "يوليوز", "july", "jul"});
  b.Month(8, {"أغسطس", "آب", "أوت", "غشت", "august", "aug"});
  b.Month(9, {"سبتمبر", "أيلول", "شتنبر", "september", "sep", "sept"});
  b.Month(10, {"أكتوبر", "تشرين الأول", "تشرين أول", "october", "oct"});
  b.Month(11, {"نوفمبر", "تشرين الثاني", "تشرين ثاني", "نونبر", "november", "nov"});
  b.Month(12, {"ديسمبر", "كانون الأول", "كانون أول", "دجنبر", "december", "dec"});
  b.Flag(kMonthHead, {"كانون", "تشرين", "ربيع", "جمادى", "جمادي", "ذو", "ذي", "ذى"});

  // Hijri months, with the ذو/ذي and الآخر/الثاني variants.
  b.Hijri(1, {"محرم", "المحرم", "محرّم"});
  b.Hijri(2, {"صفر"});
  b.Hijri(3, {"ربيع الأول", "ربيع أول", "ربيع الاول", "ربيع الأوّل"});
  b.Hijri(4, {"ربيع الآخر", "ربيع الثاني", "ربيع آخر", "ربيع ثاني", "ربيع الاخر"});
  b.Hijri(5, {"جمادى الأولى", "جمادى الأول", "جمادى أولى", "جمادي الأولى", "جمادى الاولى"});
  b.Hijri(6, {"جمادى الآخرة", "جمادى الآخر", "جمادى الثانية", "جمادى الثاني", "جمادى آخرة",
              "جمادى ثانية", "جمادي الآخرة", "جمادى الأخرى"});
  b.Hijri(7, {"رجب"});
  b.Hijri(8, {"شعبان"});
  b.Hijri(9, {"رمضان"});
  b.Hijri(10, {"شوال", "شوّال"});
  b.Hijri(11, {"ذو القعدة", "ذي القعدة", "ذو القعده", "ذوالقعدة", "ذيالقعدة", "ذى القعدة"});
  b.Hijri(12, {"ذو الحجة", "ذي الحجة", "ذو الحجه", "ذوالحجة", "ذيالحجة", "ذى الحجة"});

  b.Weekday(0, {"الأحد", "أحد", "sunday", "sun"});
  b.Weekday(1, {"الاثنين", "الإثنين", "اثنين", "إثنين", "monday", "mon"});
  b.Weekday(2, {"الثلاثاء", "ثلاثاء", "tuesday", "tue", "tues"});
  b.Weekday(3, {"الأربعاء", "أربعاء", "wednesday", "wed"});
  b.Weekday(4, {"الخميس", "خميس", "thursday", "thu", "thur", "thurs"});
  b.Weekday(5, {"الجمعة", "جمعة", "friday", "fri"});
  b.Weekday(6, {"السبت", "سبت", "saturday", "sat"});
  b.Flag(kDayNoun, {"يوم"});

  b.Flag(kOrdinalSuffix, {"st", "nd", "rd", "th"});
  b.Flag(kOf, {"of", "من"});
  b.Flag(kMonthWord, {"شهر"});
  b.Flag(kRelPrefix, {"منذ", "قبل"});
  b.Flag(kAgo, {"ago"});
  b.Flag(kApprox, {"حوالي", "حوالى", "نحو", "قرابة", "زهاء", "about", "around"});
  b.Flag(kTiming, {"توقيت", "بتوقيت"});
  b.Flag(kAccording, {"حسب", "بحسب"});
  b.Flag(kTimeConnector, {"الساعة", "عند", "تمام", "في", "على", "at", "t", "on"});
  b.Flag(kHourWord, {"الساعة"});
  // Words that make "اليوم" mean "the day" rather than "today": طوال اليوم.
  b.Flag(kDayVeto, {"طوال", "طيلة", "ساعات", "مدار", "نهاية", "منتصف", "حتى", "إلى", "هذا",
                    "ذلك", "لليوم"});
  b.Flag(kCorresponding, {"الموافق", "الموافقة", "ل", "لـ"});
  b.Flag(kAD, {"م", "ميلادي", "ميلادية", "للميلاد", "ad"});
  b.Flag(kAH, {"هـ", "ه", "هجري", "هجرية", "للهجرة", "ah"});

  b.DayWord(0, {"اليوم", "today"});
  b.DayWord(1, {"أمس", "الأمس", "بالأمس", "البارحة", "yesterday"});
  b.Flag(kBeforeYesterday, {"أول"});
  b.Flag(kFirstDay, {"الأول", "غرة"});

  // Relative units: singular, dual (counts itself) and plural (needs a number).
  b.Unit(1, 1, {"ثانية", "second", "sec"});
  b.Unit(1, 2, {"ثانيتين", "ثانيتان"});
  b.Unit(1, 0, {"ثوان", "ثواني", "ثوانٍ", "seconds", "secs"});
  b.Unit(60, 1, {"دقيقة", "minute", "min"});
  b.Unit(60, 2, {"دقيقتين", "دقيقتان"});
  b.Unit(60, 0, {"دقائق", "دقايق", "minutes", "mins"});
  b.Unit(3600, 1, {"ساعة", "hour", "hr"});
  b.Unit(3600, 2, {"ساعتين", "ساعتان"});
  b.Unit(3600, 0, {"ساعات", "hours", "hrs"});
  b.Unit(86400, 1, {"يوم", "day"});
  b.Unit(86400, 2, {"يومين", "يومان"});
  b.Unit(86400, 0, {"أيام", "days"});
  b.Unit(7 * 86400, 1, {"أسبوع", "week"});
  b.Unit(7 * 86400, 2, {"أسبوعين", "أسبوعان"});
  b.Unit(7 * 86400, 0, {"أسابيع", "weeks"});

  b.Number(1, {"واحد", "واحدة", "one", "a", "an"});
  b.Number(2, {"اثنين", "اثنتين", "اثنان", "اثنتان", "two"});
  b.Number(3, {"ثلاث", "ثلاثة", "three"});
  b.Number(4, {"أربع", "أربعة", "four"});
  b.Number(5, {"خمس", "خمسة", "five"});
  b.Number(6, {"ست", "ستة", "six"});
  b.Number(7, {"سبع", "سبعة", "seven"});
  b.Number(8, {"ثماني", "ثمانية", "ثمان", "eight"});
  b.Number(9, {"تسع", "تسعة", "nine"});
  b.Number(10, {"عشر", "عشرة", "ten"});

  // am/pm: 1 morning, 2 afternoon/evening, 3 noon (12 stays, 1-5 are pm),
  // 4 night (12 is midnight, 6-11 are pm).
  b.AmPm(1, {"am", "ص", "صباحا", "صباح", "الصباح", "صباحًا", "فجرا", "الفجر"});
  b.AmPm(2, {"pm", "م", "مساء", "مساءا", "المساء", "مساءً", "عصرا", "العصر"});
  b.AmPm(3, {"ظهرا", "الظهر", "ظهراً", "ظ"});
  b.AmPm(4, {"ليلا", "الليل", "ليلاً"});

  // Zones with a fixed offset (RFC 822 names and common abbreviations). AST
  // is left out on purpose: Arabia (+3) or Atlantic (-4).
  b.Zone(0, {"gmt", "utc", "ut", "غرينتش", "غرينيتش", "جرينتش", "جرينيتش", "غرنتش", "جرنتش"});
  b.Zone(-5 * 60, {"est"});
  b.Zone(-4 * 60, {"edt"});
  b.Zone(-6 * 60, {"cst"});
  b.Zone(-5 * 60, {"cdt"});
  b.Zone(-7 * 60, {"mst"});
  b.Zone(-6 * 60, {"mdt"});
  b.Zone(-8 * 60, {"pst"});
  b.Zone(-7 * 60, {"pdt"});
  b.Zone(60, {"bst", "cet"});
  b.Zone(120, {"cest", "eet"});
  b.Zone(180, {"eest", "msk"});

  // Places after توقيت: resolved through ICU's tz data (DST-aware). Names
  // that are ambiguous (عمان: Amman or Oman; طرابلس: Libya or Lebanon) are
  // left out, so the day is kept but not the instant.
  b.City("Asia/Riyadh", {"مكة", "مكه", "السعودية", "الرياض", "جدة", "المدينة"});
  b.City("Asia/Jerusalem", {"القدس"});
  b.City("Asia/Gaza", {"غزة", "فلسطين"});
  b.City("Asia/Beirut", {"بيروت", "لبنان"});
  b.City("Asia/Damascus", {"دمشق", "سوريا", "سورية"});
  b.City("Africa/Cairo", {"القاهرة", "مصر"});
  b.City("Asia/Baghdad", {"بغداد", "العراق"});
  b.City("Asia/Amman", {"الأردن"});
  b.City("Asia/Qatar", {"الدوحة", "قطر"});
  b.City("Asia/Dubai", {"أبوظبي", "دبي", "الإمارات"});
  b.City("Asia/Kuwait", {"الكويت"});
  b.City("Asia/Bahrain", {"المنامة", "البحرين"});
  b.City("Asia/Muscat", {"مسقط"});
  b.City("Asia/Aden", {"صنعاء", "اليمن"});
  b.City("Africa/Khartoum", {"الخرطوم", "السودان"});
  b.City("Africa/Casablanca", {"الرباط", "المغرب"});
  b.City("Africa/Algiers", {"الجزائر"});
  b.City("Africa/Tunis", {"تونس"});
  b.City("Europe/London", {"لندن"});
  b.City("Europe/Paris", {"باريس"});
  b.City("America/New_York", {"واشنطن", "نيويورك", "et"});
  b.City("America/Chicago", {"ct"});
  b.City("America/Denver", {"mt"});
  b.City("America/Los_Angeles", {"pt"});
  b.City("Asia/Riyadh", {"ksa"});
  return t;
}

// Most words in news text are not date words: a small bit filter on
// (length, first and last bytes) rejects them before any hashing.
size_t FilterKey(std::string_view w) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(w[i]); };
  return (w.size() * 131 + b(w.size() > 1 ? 1 : 0) * 31 + b(w.size() - 1)) & 4095;
}

struct Index {
  Table table = BuildTable();
  std::bitset<4096> filter;
  size_t max_len = 0;
  Index() {
    for (const auto& [k, v] : table) {
      filter.set(FilterKey(k));
      max_len = std::max(max_len, k.size());
    }
  }
};

}  // namespace

const WordInfo* LookupDateWord(std::string_view folded) {
  static const Index kIndex;
  if (folded.empty() || folded.size() > kIndex.max_len || !kIndex.filter.test(FilterKey(folded)))
    return nullptr;
  auto it = kIndex.table.find(folded);
  return it == kIndex.table.end() ? nullptr : &it->second;
}

}  // namespace riwaya::text::date_internal
