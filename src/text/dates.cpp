#include "text/dates.h"

#include <cstdio>

#include "text/date_calendar.h"
#include "text/date_lexer.h"
#include "text/date_words.h"

namespace riwaya::text {
namespace {

using date_internal::DateLexer;
using date_internal::DateToken;
using date_internal::LookupDateWord;
using date_internal::WordInfo;
namespace dw = date_internal;

// Plausible Gregorian years for news; a 4-digit number outside is not a year.
constexpr int64_t kMinYear = 1800;
constexpr int64_t kMaxYear = 2200;
// Hijri years accepted without an explicit هـ marker (ICU's Umm al-Qura range).
constexpr int64_t kMinHijriBare = 1300;
constexpr int64_t kMaxHijriBare = 1600;
// A relative count above this is not a news date ("منذ 5000 يوم").
constexpr int64_t kMaxRelativeCount = 1000;
// Tokens scanned between a Hijri date and its Gregorian equivalent.
constexpr int kMaxBridge = 4;

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

struct Zone {
  enum Kind { kNone, kFixed, kNamed, kUnknown } kind = kNone;
  int minutes = 0;
  const char* id = nullptr;
  size_t end = 0;  // token after the zone
};

struct Clock {
  int seconds = 0;  // since local midnight
  Zone zone;
  size_t end = 0;
};

// A calendar day found in text, and where it sits in the token stream.
struct Core {
  int64_t days = 0;
  bool hijri = false;
  size_t begin = 0;
  size_t end = 0;  // token after the day (and its year markers)
  bool has_clock = false;  // asctime order: the clock sat inside the core
  Clock clock;
};

class Parser {
 public:
  Parser(std::string_view text, const DateContext& ctx) : lex_(text), ctx_(ctx) {}

  std::optional<DateMatch> First() {
    for (size_t i = 0;; ++i) {
      const DateToken& t = T(i);
      if (t.kind == DateToken::kEnd) return std::nullopt;
      if (Candidate(i)) {
        if (auto m = TryAt(i)) return m;
      }
    }
  }

 private:
  const DateToken& T(size_t i) { return lex_.At(i); }
  const WordInfo* W(size_t i) { return T(i).info; }
  bool P(size_t i, char32_t c) {
    const DateToken& t = T(i);
    return t.kind == DateToken::kPunct && t.punct == c;
  }
  bool Tight(size_t i) { return !T(i).space_before; }
  bool Num(size_t i, int min_digits, int max_digits) {
    const DateToken& t = T(i);
    return t.kind == DateToken::kNum && t.ndigits >= min_digits && t.ndigits <= max_digits;
  }
  bool Flag(size_t i, uint32_t f) {
    const WordInfo* w = W(i);
    return w && (w->flags & f);
  }
  bool IsWord(size_t i, std::string_view folded) { return T(i).Word() == folded; }

  bool Candidate(size_t i) {
    const DateToken& t = T(i);
    if (t.kind == DateToken::kNum) return true;
    const WordInfo* w = W(i);
    if (!w) return false;
    return w->month || w->number > 0 ||
           (w->flags & (dw::kMonthHead | dw::kRelPrefix | dw::kDayWord | dw::kBeforeYesterday |
                        dw::kFirstDay));
  }

  std::optional<DateMatch> TryAt(size_t i) {
    if (auto m = Absolute(i)) return m;
    return Relative(i);
  }

  // ---- month names -------------------------------------------------------

  bool MonthAt(size_t i, int* month, bool* hijri, size_t* next) {
    const WordInfo* w = W(i);
    if (!w) return false;
    if (w->month) {
      *month = w->month;
      *hijri = false;
      *next = i + 1;
      if (T(i).latin && P(i + 1, '.') && Tight(i + 1)) *next = i + 2;  // "Jun."
      return true;
    }
    if (w->hijri) {
      *month = w->hijri;
      *hijri = true;
      *next = i + 1;
      return true;
    }
    if ((w->flags & dw::kMonthHead) && T(i + 1).kind == DateToken::kWord) {
      std::string key(T(i).Word());
      key += ' ';
      key += T(i + 1).Word();
      const WordInfo* w2 = LookupDateWord(key);
      if (!w2 || !(w2->month || w2->hijri)) return false;
      *month = w2->month ? w2->month : w2->hijri;
      *hijri = w2->month == 0;
      *next = i + 2;
      return true;
    }
    return false;
  }

  bool MonthHeadOrName(size_t i) {
    const WordInfo* w = W(i);
    return w && (w->month || w->hijri || (w->flags & dw::kMonthHead));
  }

  // A second name for the same month: "مارس/آذار", "حزيران (يونيو)",
  // "يونيو - حزيران". Returns false when the names disagree (ambiguous).
  bool AltMonth(size_t j, int month, bool hijri, size_t* next) {
    int m2 = 0;
    bool h2 = false;
    size_t k = 0;
    if ((P(j, '/') || P(j, '-') || P(j, '|')) && MonthAt(j + 1, &m2, &h2, &k)) {
      *next = k;
    } else if (P(j, '(') && MonthAt(j + 1, &m2, &h2, &k) && P(k, ')')) {
      *next = k + 1;
    } else if (MonthAt(j, &m2, &h2, &k)) {
      *next = k;
    } else {
      *next = j;
      return true;
    }
    return m2 == month && h2 == hijri;
  }

  // ---- years and day cores ----------------------------------------------

  // After a year: "2024م", "1445 هـ", "ميلادي".
  void YearMarkers(size_t j, bool* ad, bool* ah, size_t* next) {
    *ad = *ah = false;
    if (Flag(j, dw::kAD)) {
      *ad = true;
      ++j;
    } else if (Flag(j, dw::kAH)) {
      *ah = true;
      ++j;
    }
    *next = j;
  }

  // A year number must stand alone: "2024/5" or "2024.5" is something else.
  bool YearBoundaryOk(size_t k) {
    return !((P(k, '/') || P(k, '.') || P(k, '-') || P(k, ':')) && Tight(k) && Num(k + 1, 1, 99) &&
             Tight(k + 1));
  }

  std::optional<int64_t> DaysFor(int64_t y, int m, int d, bool hijri, bool ah, bool ad) {
    if (hijri) {
      if (ad) return std::nullopt;
      if (ah ? (y < 1 || y > 2000) : (y < kMinHijriBare || y > kMaxHijriBare)) return std::nullopt;
      return HijriToDays(static_cast<int>(y), m, d);
    }
    if (ah) return std::nullopt;
    if (y < kMinYear || y > kMaxYear || !IsValidGregorian(y, m, d)) return std::nullopt;
    return DaysFromCivil(y, m, d);
  }

  bool NumberGlued(size_t i) {
    // The token before is a separator glued to another number: "1:26", "3/26".
    if (i < 2) return false;
    return (P(i - 1, ':') || P(i - 1, '/') || P(i - 1, '.') || P(i - 1, '-')) && Tight(i) &&
           Tight(i - 1) &&
           T(i - 2).kind == DateToken::kNum;
  }

  // "26 يونيو 2024", "26th, June 2024", "3 حزيران (يونيو) 2024م", "15 ذو الحجة 1445 هـ".
  std::optional<Core> DayFirst(size_t i) {
    int d = 1;
    if (Flag(i, dw::kFirstDay)) {
      // "الأول من يوليو 2024" needs its "من" (else it is the tail of
      // "تشرين الأول"); "غرة رمضان" takes the month directly.
      if (IsWord(i, "غره") ? !MonthHeadOrName(i + 1) : !Flag(i + 1, dw::kOf)) return std::nullopt;
    } else {
      if (!Num(i, 1, 2) || NumberGlued(i)) return std::nullopt;
      d = static_cast<int>(T(i).num);
      if (d < 1 || d > 31) return std::nullopt;
    }
    size_t j = i + 1;
    if (Flag(j, dw::kOrdinalSuffix) && Tight(j)) ++j;
    if (P(j, ',') || P(j, '-') || P(j, '/') || P(j, '.')) ++j;
    if (Flag(j, dw::kOf)) ++j;
    if (Flag(j, dw::kMonthWord)) ++j;
    int month = 0;
    bool hijri = false;
    size_t k = 0;
    if (!MonthAt(j, &month, &hijri, &k)) return std::nullopt;
    if (!AltMonth(k, month, hijri, &k)) return std::nullopt;
    if (P(k, ',') || P(k, '-') || P(k, '/') || P(k, '.')) ++k;
    if (!Num(k, 4, 4) || !YearBoundaryOk(k + 1)) return std::nullopt;
    const int64_t y = T(k).num;
    bool ad, ah;
    YearMarkers(k + 1, &ad, &ah, &k);
    auto days = DaysFor(y, month, d, hijri, ah, ad);
    if (!days) return std::nullopt;
    Core c;
    c.days = *days;
    c.hijri = hijri;
    c.begin = i;
    c.end = k;
    return c;
  }

  // "June 26, 2024", "Jun 26th 2024", "Tue Jun 26 14:05:00 2024".
  std::optional<Core> MonthFirst(size_t i) {
    int month = 0;
    bool hijri = false;
    size_t j = 0;
    if (!MonthAt(i, &month, &hijri, &j) || hijri) return std::nullopt;
    if (!AltMonth(j, month, hijri, &j)) return std::nullopt;
    if (P(j, ',') || P(j, '-') || P(j, '/')) ++j;
    if (!Num(j, 1, 2)) return std::nullopt;
    const int d = static_cast<int>(T(j).num);
    ++j;
    if (Flag(j, dw::kOrdinalSuffix) && Tight(j)) ++j;
    if (P(j, ',')) ++j;
    Core c;
    if (Num(j, 1, 2) && P(j + 1, ':')) {  // asctime: the clock before the year
      auto clock = ClockAt(j);
      if (!clock) return std::nullopt;
      c.has_clock = true;
      c.clock = *clock;
      j = clock->end;
    }
    if (!Num(j, 4, 4) || !YearBoundaryOk(j + 1)) return std::nullopt;
    const int64_t y = T(j).num;
    bool ad, ah;
    YearMarkers(j + 1, &ad, &ah, &j);
    auto days = DaysFor(y, month, d, false, ah, ad);
    if (!days) return std::nullopt;
    c.days = *days;
    c.begin = i;
    c.end = j;
    return c;
  }

  // "26/06/2024", "2024-06-26", "26.6.2024", "15/12/1445هـ". Day-first by
  // convention; month-first only when no day-first reading exists.
  std::optional<Core> Numeric(size_t i) {
    if (!Num(i, 1, 4) || NumberGlued(i)) return std::nullopt;
    const DateToken& s1 = T(i + 1);
    if (s1.kind != DateToken::kPunct || !(s1.punct == '/' || s1.punct == '-' || s1.punct == '.'))
      return std::nullopt;
    const char32_t sep = s1.punct;
    // Slashes tolerate stray spaces ("12/10/ 1436هـ"); dots and dashes must
    // be tight, or sentences and ranges would read as dates.
    const bool loose = sep == '/';
    auto tight = [&](size_t k) { return loose || Tight(k); };
    if (!tight(i + 1) || !Num(i + 2, 1, 4) || !tight(i + 2) || !P(i + 3, sep) || !tight(i + 3) ||
        !Num(i + 4, 1, 4) || !tight(i + 4))
      return std::nullopt;
    // Longer chains (IPs, versions, phone numbers) are not dates.
    if ((P(i + 5, sep) || P(i + 5, '.') || P(i + 5, '/')) && Tight(i + 5) && Num(i + 6, 1, 99) &&
        Tight(i + 6))
      return std::nullopt;
    const DateToken &a = T(i), &b = T(i + 2), &c = T(i + 4);
    int64_t y = 0;
    int m = 0, d = 0;
    if (a.ndigits == 4 && b.ndigits <= 2 && c.ndigits <= 2) {
      y = a.num;
      m = static_cast<int>(b.num);
      d = static_cast<int>(c.num);
    } else if (c.ndigits == 4 && a.ndigits <= 2 && b.ndigits <= 2) {
      y = c.num;
      if (b.num >= 1 && b.num <= 12) {
        d = static_cast<int>(a.num);
        m = static_cast<int>(b.num);
      } else if (a.num >= 1 && a.num <= 12) {
        m = static_cast<int>(a.num);
        d = static_cast<int>(b.num);
      } else {
        return std::nullopt;
      }
    } else {
      return std::nullopt;  // two-digit years and the like are incomplete
    }
    size_t k = i + 5;
    bool ad, ah;
    YearMarkers(k, &ad, &ah, &k);
    if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    auto days = DaysFor(y, m, d, ah, ah, ad);
    if (!days) return std::nullopt;
    Core core;
    core.days = *days;
    core.hijri = ah;
    core.begin = i;
    core.end = k;
    return core;
  }

  std::optional<Core> DateCore(size_t i) {
    if (T(i).kind == DateToken::kNum) {
      if (auto c = Numeric(i)) return c;
      return DayFirst(i);
    }
    if (T(i).kind == DateToken::kWord) {
      if (Flag(i, dw::kFirstDay)) return DayFirst(i);
      return MonthFirst(i);
    }
    return std::nullopt;
  }

  // ---- clock and zone ----------------------------------------------------

  int AmPmAt(size_t j, size_t* next) {
    const WordInfo* w = W(j);
    if (w && w->ampm) {
      *next = j + 1;
      return w->ampm;
    }
    // "p.m." / "a.m."
    if ((IsWord(j, "a") || IsWord(j, "p")) && P(j + 1, '.') && Tight(j + 1) && IsWord(j + 2, "m") &&
        Tight(j + 2)) {
      *next = j + 3;
      if (P(*next, '.') && Tight(*next)) ++*next;
      return IsWord(j, "a") ? 1 : 2;
    }
    return 0;
  }

  std::optional<Clock> ClockAt(size_t k, bool allow_dot = false) {
    if (!Num(k, 1, 2) || !(P(k + 1, ':') || (allow_dot && P(k + 1, '.') && Tight(k + 1))) ||
        !Num(k + 2, 2, 2) || !Tight(k + 2))
      return std::nullopt;
    if (k > 0 && P(k - 1, ':') && Tight(k)) return std::nullopt;
    int h = static_cast<int>(T(k).num);
    const int mi = static_cast<int>(T(k + 2).num);
    int sec = 0;
    size_t j = k + 3;
    if (P(j, ':') && Tight(j) && Num(j + 1, 2, 2) && Tight(j + 1)) {
      sec = static_cast<int>(T(j + 1).num);
      j += 2;
      if ((P(j, '.') || P(j, ',')) && Tight(j) && Num(j + 1, 1, 99) && Tight(j + 1)) j += 2;
    }
    if (P(j, ':') && Tight(j) && Num(j + 1, 1, 99)) return std::nullopt;  // 1:2:3:4
    if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
    size_t after = j;
    switch (AmPmAt(j, &after)) {
      case 1:
        if (h < 1 || h > 12) return std::nullopt;
        h %= 12;
        break;
      case 2:
        if (h == 0) return std::nullopt;
        if (h < 12) h += 12;
        break;
      case 3:
        if (h >= 1 && h <= 6) h += 12;
        break;
      case 4:
        if (h == 12) h = 0;
        else if (h >= 6 && h <= 11) h += 12;
        break;
      default:
        break;
    }
    Clock c;
    c.seconds = h * 3600 + mi * 60 + sec;
    c.zone = ZoneAt(after, /*allow_numeric=*/true);
    if (c.zone.kind == Zone::kNone && (P(after, '+') || P(after, '-')) && Tight(after) &&
        Num(after + 1, 1, 99) && Tight(after + 1)) {
      // An offset we cannot accept ("+15:00"): the zone is named but unusable.
      c.zone.kind = Zone::kUnknown;
      c.zone.end = after + 2;
    }
    c.end = c.zone.kind == Zone::kNone ? after : c.zone.end;
    return c;
  }

  // "+0300", "+03:00", "-05", "+3" (after GMT/UTC only).
  bool OffsetAt(size_t j, bool allow_short, int* minutes, size_t* next) {
    int sign = P(j, '+') ? 1 : P(j, '-') ? -1 : 0;
    if (sign == 0 || !Num(j + 1, 1, 4) || !Tight(j + 1)) return false;
    const DateToken& n = T(j + 1);
    int hh = 0, mm = 0;
    size_t k = j + 2;
    if (n.ndigits == 4) {
      hh = static_cast<int>(n.num / 100);
      mm = static_cast<int>(n.num % 100);
    } else if (n.ndigits <= 2) {
      hh = static_cast<int>(n.num);
      if (P(k, ':') && Tight(k) && Num(k + 1, 2, 2) && Tight(k + 1)) {
        mm = static_cast<int>(T(k + 1).num);
        k += 2;
      } else if (!allow_short) {
        return false;
      }
    } else {
      return false;
    }
    if (hh > 14 || mm > 59) return false;
    *minutes = sign * (hh * 60 + mm);
    *next = k;
    return true;
  }

  Zone ZoneCore(size_t k, bool allow_numeric) {
    Zone z;
    const WordInfo* w = W(k);
    if (IsWord(k, "z") && Tight(k)) {
      z.kind = Zone::kFixed;
      z.end = k + 1;
      return z;
    }
    if (w && w->has_zone) {
      z.kind = Zone::kFixed;
      z.minutes = w->zone_minutes;
      z.end = k + 1;
      int off = 0;
      size_t n = 0;
      if (w->zone_minutes == 0 && OffsetAt(k + 1, true, &off, &n)) {  // GMT+3
        z.minutes = off;
        z.end = n;
      }
      return z;
    }
    if (w && w->zone_id && T(k).latin) {  // "ET", "KSA": DST-aware through ICU
      z.kind = Zone::kNamed;
      z.id = w->zone_id;
      z.end = k + 1;
      return z;
    }
    if (w && (w->flags & dw::kAccording) && Flag(k + 1, dw::kTiming)) {
      ++k;
      w = W(k);
    }
    if (w && (w->flags & dw::kTiming)) {
      const WordInfo* place = W(k + 1);
      if (place && place->has_zone) return ZoneCore(k + 1, false);
      if (T(k + 1).kind == DateToken::kWord) {
        size_t end = k + 2;
        if (IsWord(end, "المكرمه") || IsWord(end, "المنوره") || IsWord(end, "المحتله")) ++end;
        z.kind = place && place->zone_id ? Zone::kNamed : Zone::kUnknown;
        z.id = place ? place->zone_id : nullptr;
        z.end = end;
        return z;
      }
      return z;
    }
    if (IsWord(k, "ت")) {  // ت.غ = توقيت غرينتش
      size_t j = k + 1;
      if (P(j, '.')) ++j;
      if (IsWord(j, "غ")) {
        z.kind = Zone::kFixed;
        z.end = j + 1;
        if (P(z.end, '.') && Tight(z.end)) ++z.end;
        return z;
      }
    }
    int off = 0;
    size_t n = 0;
    if (allow_numeric && OffsetAt(k, Tight(k), &off, &n)) {
      z.kind = Zone::kFixed;
      z.minutes = off;
      z.end = n;
    }
    return z;
  }

  Zone ZoneAt(size_t k, bool allow_numeric) {
    if (P(k, '(')) {
      Zone z = ZoneCore(k + 1, allow_numeric);
      if (z.kind != Zone::kNone && P(z.end, ')')) {
        ++z.end;
        return z;
      }
      return Zone();
    }
    return ZoneCore(k, allow_numeric);
  }

  size_t SkipConnectors(size_t j, int max) {
    for (int n = 0; n < max; ++n) {
      if (P(j, ',') || P(j, '-') || P(j, '|') || P(j, '@') || P(j, ';') || P(j, '/') ||
          Flag(j, dw::kTimeConnector))
        ++j;
      else
        break;
    }
    return j;
  }

  // ---- assembling --------------------------------------------------------

  DateMatch Build(const Core& core, size_t begin, size_t end, const Clock* clock) {
    DateMatch m;
    m.begin = T(begin).begin;
    m.end = T(end - 1).end;
    m.from_hijri = core.hijri;
    const int64_t midnight = core.days * 86400;
    if (!clock) {
      m.date_only = true;
      m.epoch_seconds = midnight;
      return m;
    }
    const int64_t local = midnight + clock->seconds;
    const Zone& z = clock->zone;
    std::optional<int> off;
    switch (z.kind) {
      case Zone::kFixed:
        off = z.minutes;
        break;
      case Zone::kNamed:
        off = ZoneOffsetMinutes(z.id, local);
        break;
      case Zone::kUnknown:
        break;
      case Zone::kNone:
        m.epoch_seconds = local - int64_t{ctx_.default_utc_offset_minutes} * 60;
        return m;
    }
    if (!off) {  // a zone we cannot resolve: the day is known, the instant is not
      m.date_only = true;
      m.epoch_seconds = midnight;
      return m;
    }
    m.has_zone = true;
    m.epoch_seconds = local - int64_t{*off} * 60;
    return m;
  }

  // A day core plus whatever clock and zone follow it.
  DateMatch Finish(const Core& core, size_t begin, std::optional<Clock> before) {
    if (core.has_clock) {
      Clock c = core.clock;
      return Build(core, begin, core.end, &c);
    }
    if (before) {  // "14:05، 26 يونيو 2024 (GMT)"
      Clock c = *before;
      size_t end = core.end;
      if (c.zone.kind == Zone::kNone) {
        Zone z = ZoneAt(core.end, false);
        if (z.kind != Zone::kNone) {
          c.zone = z;
          end = z.end;
        }
      }
      return Build(core, begin, end, &c);
    }
    const size_t k = SkipConnectors(core.end, 3);
    // "الساعة 1.30 ظهرا": a dotted clock only right after the word الساعة.
    if (auto clock = ClockAt(k, k > 0 && Flag(k - 1, dw::kHourWord)))
      return Build(core, begin, clock->end, &*clock);
    Zone z = ZoneAt(core.end, false);  // "26th, June 2024 GMT": day only, zone noted
    DateMatch m = Build(core, begin, z.kind == Zone::kNone ? core.end : z.end, nullptr);
    return m;
  }

  std::optional<DateMatch> Absolute(size_t i) {
    std::optional<Clock> before;
    size_t at = i;
    if (Num(i, 1, 2) && P(i + 1, ':')) {
      before = ClockAt(i);
      if (!before) return std::nullopt;
      at = before->end;
      for (int n = 0; n < 4; ++n) {  // "14:05، الثلاثاء 26 يونيو 2024"
        const WordInfo* w = W(at);
        if (P(at, ',') || P(at, '-') || P(at, '|') || (w && (w->weekday >= 0 ||
            (w->flags & (dw::kDayNoun | dw::kTimeConnector | dw::kOf)))))
          ++at;
        else
          break;
      }
    }
    auto core = DateCore(at);
    if (!core) return std::nullopt;
    DateMatch m = Finish(*core, i, before);
    size_t end_tok = EndToken(m, core->end);
    ExtendOverWeekday(i, &m);
    if (core->hijri) {
      if (auto g = GregorianAfterHijri(end_tok)) {
        g->begin = m.begin;
        return g;
      }
    }
    return m;
  }

  // Token index just past the match (the match ends at a token boundary).
  size_t EndToken(const DateMatch& m, size_t from) {
    size_t k = from;
    while (T(k).kind != DateToken::kEnd && T(k).begin < m.end) ++k;
    return k;
  }

  std::optional<DateMatch> GregorianAfterHijri(size_t k) {
    bool paren = false;
    for (int n = 0; n < kMaxBridge; ++n) {
      if (P(k, '(')) paren = true;
      if (P(k, ',') || P(k, '-') || P(k, '/') || P(k, '(') || P(k, '|') ||
          Flag(k, dw::kCorresponding | dw::kAD))
        ++k;
      else
        break;
    }
    auto core = DateCore(k);
    if (!core || core->hijri) return std::nullopt;
    DateMatch m = Finish(*core, k, std::nullopt);
    size_t e = EndToken(m, core->end);
    if (paren && P(e, ')')) m.end = T(e).end;
    return m;
  }

  void ExtendOverWeekday(size_t i, DateMatch* m) {
    if (i == 0) return;
    size_t k = i - 1;
    if (P(k, ',')) {
      if (k == 0) return;
      --k;
    }
    const WordInfo* w = W(k);
    if (!w || w->weekday < 0) return;
    if (k > 0 && Flag(k - 1, dw::kDayNoun)) --k;
    m->begin = T(k).begin;
  }

  // ---- relative ----------------------------------------------------------

  std::optional<DateMatch> Relative(size_t i) {
    if (ctx_.reference_epoch == 0) return std::nullopt;
    const WordInfo* w = W(i);
    int64_t n = 0;
    int unit = 0;
    size_t j = i;
    if (w && (w->flags & dw::kRelPrefix)) {  // منذ 3 ساعات / قبل يومين
      j = i + 1;
      if (Flag(j, dw::kApprox)) ++j;
      if (!CountAndUnit(j, /*singular_is_one=*/true, &n, &unit, &j)) return std::nullopt;
      if (Flag(j, dw::kOf)) return std::nullopt;  // "قبل يومين من الانتخابات": not now-relative
      const WordInfo* after = W(j);
      if (after && after->weekday >= 0) return std::nullopt;  // "منذ يوم الثلاثاء": since Tuesday
      int64_t extra = 0;
      if (IsWord(j, "ونصف") || IsWord(j, "وربع")) {  // "منذ ساعة ونصف"
        if (unit >= 86400) return std::nullopt;  // "منذ يوم ونصف": no single day
        extra = IsWord(j, "ونصف") ? unit / 2 : unit / 4;
        ++j;
      }
      return RelativeMatch(i, j, n, unit, extra);
    }
    if (w && (w->flags & (dw::kDayWord | dw::kBeforeYesterday))) return DayWord(i);
    // "3 hours ago", "an hour ago"
    if (CountAndUnit(i, /*singular_is_one=*/false, &n, &unit, &j) && Flag(j, dw::kAgo))
      return RelativeMatch(i, j + 1, n, unit);
    return std::nullopt;
  }

  bool CountAndUnit(size_t j, bool singular_is_one, int64_t* n, int* unit, size_t* next) {
    const DateToken& t = T(j);
    const WordInfo* w = W(j);
    if (t.kind == DateToken::kNum && t.ndigits <= 4) {
      const WordInfo* u = W(j + 1);
      if (!u || u->unit_count < 0) return false;
      *n = t.num;
      *unit = u->unit_seconds;
      *next = j + 2;
      return true;
    }
    if (w && w->number > 0) {
      const WordInfo* u = W(j + 1);
      if (!u || u->unit_count < 0) return false;
      *n = w->number;
      *unit = u->unit_seconds;
      *next = j + 2;
      return true;
    }
    if (singular_is_one && w && w->unit_count > 0) {  // ساعة، ساعتين
      *n = w->unit_count;
      *unit = w->unit_seconds;
      *next = j + 1;
      const WordInfo* one = W(j + 1);
      if (w->unit_count == 1 && one && one->number == 1) ++*next;  // ساعة واحدة
      return true;
    }
    return false;
  }

  std::optional<DateMatch> RelativeMatch(size_t begin, size_t end, int64_t n, int unit,
                                        int64_t extra_seconds = 0) {
    if (n < 1 || n > kMaxRelativeCount || unit <= 0) return std::nullopt;
    DateMatch m;
    m.begin = T(begin).begin;
    m.end = T(end - 1).end;
    m.relative = true;
    if (unit < 86400) {
      m.epoch_seconds = ctx_.reference_epoch - n * unit - extra_seconds;
      return m;
    }
    m.date_only = true;
    m.epoch_seconds = (LocalDay() - n * (unit / 86400)) * 86400;
    return m;
  }

  int64_t LocalDay() {
    return FloorDiv(ctx_.reference_epoch + int64_t{ctx_.default_utc_offset_minutes} * 60, 86400);
  }

  // اليوم / أمس / أول أمس / yesterday, optionally with a weekday that must agree.
  std::optional<DateMatch> DayWord(size_t i) {
    const WordInfo* w = W(i);
    int back = 0;
    size_t j = i + 1;
    if (w->flags & dw::kDayWord) {
      back = w->days_back;
      // "اليوم التالي", "اليوم الوطني": "the day ...", not "today". A weekday
      // ("اليوم الأربعاء") is the one definite word that may follow.
      const DateToken& next = T(j);
      const WordInfo* nw = W(j);
      if (back == 0 && !T(i).latin && next.kind == DateToken::kWord &&
          next.Word().substr(0, 4) == "\xD8\xA7\xD9\x84" && !(nw && nw->weekday >= 0))
        return std::nullopt;
      if (back == 0 && i > 0 && Flag(i - 1, dw::kDayVeto)) return std::nullopt;
    } else {  // أول أمس / أول من أمس
      if (Flag(j, dw::kOf)) ++j;
      const WordInfo* y = W(j);
      if (!y || y->days_back != 1) return std::nullopt;
      back = 2;
      ++j;
    }
    // An explicit date right after wins: "اليوم، الثلاثاء 25 يونيو 2024".
    size_t k = j;
    std::optional<int> weekday;
    size_t weekday_end = 0;
    for (int n = 0; n < 4; ++n) {
      const WordInfo* x = W(k);
      if (x && x->weekday >= 0 && !weekday) {
        weekday = x->weekday;
        weekday_end = P(k + 1, ')') ? k + 2 : k + 1;
        ++k;
      } else if (P(k, ',') || P(k, '-') || P(k, '(') || P(k, ')') ||
                 (x && (x->flags & dw::kDayNoun))) {
        ++k;
      } else {
        break;
      }
    }
    if (auto abs = Absolute(k)) return abs;
    const int64_t day = LocalDay() - back;
    if (weekday) {
      const int actual = static_cast<int>(((day % 7) + 7 + 4) % 7);  // 1970-01-01: Thursday
      if (actual != *weekday) return std::nullopt;
      j = weekday_end;
    }
    // "أمس الساعة 10:30 مساءً", "اليوم 14:05": that day, at that time.
    const size_t k2 = SkipConnectors(j, 3);
    if (auto clock = ClockAt(k2, k2 > 0 && Flag(k2 - 1, dw::kHourWord))) {
      Core core;
      core.days = day;
      DateMatch m = Build(core, i, clock->end, &*clock);
      m.relative = true;
      return m;
    }
    DateMatch m;
    m.begin = T(i).begin;
    m.end = T(j - 1).end;
    m.relative = true;
    m.date_only = true;
    m.epoch_seconds = day * 86400;
    return m;
  }

  DateLexer lex_;
  const DateContext& ctx_;
};

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::optional<DateMatch> ParseDate(std::string_view text, const DateContext& ctx) {
  Parser p(text, ctx);
  return p.First();
}

std::optional<DateMatch> ParseDateStrict(std::string_view whole, const DateContext& ctx) {
  size_t b = 0, e = whole.size();
  while (b < e && IsAsciiSpace(whole[b])) ++b;
  while (e > b && IsAsciiSpace(whole[e - 1])) --e;
  if (b == e) return std::nullopt;
  auto m = ParseDate(whole.substr(b, e - b), ctx);
  if (!m || m->begin != 0 || m->end != e - b) return std::nullopt;
  m->begin += b;
  m->end += b;
  return m;
}

std::optional<DateMatch> ParseDateInUrl(std::string_view url) {
  auto digit = [&](size_t i) { return i < url.size() && url[i] >= '0' && url[i] <= '9'; };
  auto run = [&](size_t i) {
    size_t j = i;
    while (digit(j)) ++j;
    return j - i;
  };
  auto value = [&](size_t i, size_t n) {
    int v = 0;
    for (size_t k = 0; k < n; ++k) v = v * 10 + (url[i + k] - '0');
    return v;
  };
  for (size_t i = 0; i < url.size(); ++i) {
    if (!digit(i) || (i > 0 && digit(i - 1))) continue;
    const size_t n = run(i);
    int y = 0, m = 0, d = 0;
    size_t end = 0;
    if (n == 4) {
      y = value(i, 4);
      const size_t s1 = i + 4;
      if (s1 >= url.size()) continue;
      const char sep = url[s1];
      if (sep != '/' && sep != '-' && sep != '_') continue;
      const size_t nm = run(s1 + 1);
      if (nm < 1 || nm > 2) continue;
      const size_t s2 = s1 + 1 + nm;
      if (s2 >= url.size() || url[s2] != sep) continue;
      const size_t nd = run(s2 + 1);
      if (nd < 1 || nd > 2) continue;
      m = value(s1 + 1, nm);
      d = value(s2 + 1, nd);
      end = s2 + 1 + nd;
    } else if (n == 8) {
      y = value(i, 4);
      m = value(i + 4, 2);
      d = value(i + 6, 2);
      end = i + 8;
      // A bare 8-digit run must be delimited, not part of an id like "a20240626b".
      auto delim = [&](size_t k) { return k >= url.size() || url[k] == '/' || url[k] == '-' || url[k] == '_' || url[k] == '.'; };
      if (i == 0 || !delim(i - 1) || !delim(end)) continue;
    } else {
      continue;
    }
    if (y < 1990 || y > 2100 || !IsValidGregorian(y, m, d)) continue;
    DateMatch out;
    out.date_only = true;
    out.epoch_seconds = DaysFromCivil(y, m, d) * 86400;
    out.begin = i;
    out.end = end;
    return out;
  }
  return std::nullopt;
}

std::string FormatDate(int64_t epoch, bool date_only) {
  const int64_t days = FloorDiv(epoch, 86400);
  const int64_t secs = epoch - days * 86400;
  const CivilDate c = CivilFromDays(days);
  char buf[64];
  if (date_only) {
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month, c.day);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ", static_cast<long long>(c.year),
                  c.month, c.day, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                  static_cast<int>(secs % 60));
  }
  return buf;
}

std::string FormatDate(const DateMatch& m) { return FormatDate(m.epoch_seconds, m.date_only); }

}  // namespace riwaya::text
