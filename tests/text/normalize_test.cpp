#include "text/normalize.h"

#include <gtest/gtest.h>

#include <string>

#include "text/analyzer.h"

namespace riwaya::text {
namespace {

struct Case {
  const char* in;
  const char* want;
};

TEST(Normalize, FoldTable) {
  const Case cases[] = {
      {"آمنة", "امنه"},            // alef madda, teh marbuta
      {"أحمد", "احمد"},            // alef hamza above
      {"إسرائيل", "اسرائيل"},      // alef hamza below; yeh-hamza kept by default
      {"ٱلرحمن", "الرحمن"},        // alef wasla
      {"مستشفى", "مستشفي"},        // alef maksura → yeh
      {"مدرسة", "مدرسه"},          // teh marbuta → heh
      {"مـــصـــر", "مصر"},        // tatweel
      {"كَتَبَ الوَلَدُ", "كتب الولد"},  // harakat, the space is kept
      {"إِنَّ", "ان"},              // shadda and kasra
      {"رحمٰن", "رحمن"},           // superscript alef
      {"٢٠٢٤", "2024"},            // Arabic-Indic digits
      {"۱۴۰۳", "1403"},            // Persian digits
      {"NATO Summit", "nato summit"},
      {"ﻻ", "لا"},                 // lam-alef ligature (presentation form B)
      {"ﻷ", "لا"},                 // lam-alef with hamza: NFKC then alef fold
      {"ﺑﻴﺖ", "بيت"},              // contextual forms of beh, yeh, teh
      {"ﷲ", "الله"},               // presentation form A ligature
      {"کتاب", "كتاب"},            // Persian keheh
      {"یوم", "يوم"},              // Farsi yeh
  };
  for (const Case& c : cases) EXPECT_EQ(NormalizeForMatch(c.in), c.want) << c.in;
}

TEST(Normalize, HamzaCarriersAreAnOption) {
  EXPECT_EQ(NormalizeForMatch("مؤتمر رئيس"), "مؤتمر رئيس");
  NormalizeOptions fold;
  fold.fold_hamza_carriers = true;
  EXPECT_EQ(NormalizeForMatch("مؤتمر رئيس", fold), "موتمر رييس");
  // The bare hamza is not a carrier and stays.
  EXPECT_EQ(NormalizeForMatch("سماء", fold), "سماء");
}

TEST(Normalize, PunctuationAndSpacesKeptAsWritten) {
  EXPECT_EQ(NormalizeForMatch("قال: «نعم»، ثم غادر؟"), "قال: «نعم»، ثم غادر؟");
  EXPECT_EQ(NormalizeForMatch("a-b, c.d!"), "a-b, c.d!");
}

TEST(Normalize, ZeroWidthAndBidiControlsRemoved) {
  EXPECT_EQ(NormalizeForMatch("كت\u200Cاب"), "كتاب");
  EXPECT_EQ(NormalizeForMatch("\u202Bخبر\u202C"), "خبر");
  EXPECT_EQ(NormalizeForMatch("\u2067نص\u2069"), "نص");
  EXPECT_EQ(NormalizeForMatch("\uFEFFبداية"), "بدايه");
}

TEST(Normalize, NonArabicScriptsLowerCased) {
  EXPECT_EQ(NormalizeForMatch("ÉCOLE Straße"), "école straße");
  EXPECT_EQ(NormalizeForMatch("МОСКВА"), "москва");
  EXPECT_EQ(NormalizeForMatch("東京"), "東京");
}

TEST(Normalize, InvalidUtf8BecomesReplacementCharacter) {
  std::string s = "خبر";
  s += '\xFF';
  s += "عاجل";
  s += '\xD8';  // truncated two-byte sequence at the end
  EXPECT_EQ(NormalizeForMatch(s), "خبر\xEF\xBF\xBD" "عاجل\xEF\xBF\xBD");
  EXPECT_EQ(NormalizeForMatch(std::string("\xED\xA0\x80")), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Normalize, EmptyInput) { EXPECT_EQ(NormalizeForMatch(""), ""); }

TEST(Normalize, IdempotentOnFoldedText) {
  const std::string once = NormalizeForMatch("أعلنت الحكومةُ الإسرائيلية ﻻ ٣٫٥ مليار");
  EXPECT_EQ(NormalizeForMatch(once), once);
}

}  // namespace
}  // namespace riwaya::text
