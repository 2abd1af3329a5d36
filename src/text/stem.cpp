#include "text/stem.h"

#include <cstddef>
#include <cstdint>

namespace riwaya::text {
namespace {

// Letters of plain Arabic words are two UTF-8 bytes (U+0600..U+06FF); the
// stemmer works on letter indices and 16-bit code points, never copying.
constexpr char16_t kAlef = 0x0627, kBeh = 0x0628, kTeh = 0x062A, kSeen = 0x0633, kFeh = 0x0641,
                   kKaf = 0x0643, kLam = 0x0644, kMeem = 0x0645, kNoon = 0x0646, kHeh = 0x0647,
                   kWaw = 0x0648, kYeh = 0x064A;

class Word {
 public:
  explicit Word(std::string_view w) : p_(w.data()), e_(w.size() / 2) {}
  size_t size() const { return e_ - b_; }
  char16_t at(size_t i) const {  // i-th letter from the front
    const auto* q = reinterpret_cast<const unsigned char*>(p_) + 2 * (b_ + i);
    return static_cast<char16_t>(((q[0] & 0x1Fu) << 6) | (q[1] & 0x3Fu));
  }
  char16_t back(size_t i) const { return at(size() - 1 - i); }  // i-th letter from the end
  void DropFront(size_t n) { b_ += n; }
  void DropBack(size_t n) { e_ -= n; }
  std::string_view view() const { return {p_ + 2 * b_, 2 * (e_ - b_)}; }

 private:
  const char* p_;
  size_t b_ = 0, e_;
};

// Attached pronouns: هما كما ها هم هن كم نا. Guards (letters left) are
// tuned so that تفاهم، هنا، فهم survive. Returns letters to drop.
size_t PronounLength(const Word& w) {
  const size_t n = w.size();
  if (n < 4) return 0;
  const char16_t l0 = w.back(0), l1 = w.back(1);
  if (l0 == kAlef) {
    if (n >= 6 && l1 == kMeem && (w.back(2) == kHeh || w.back(2) == kKaf)) return 3;
    if (l1 == kHeh) return 2;
    if (n >= 6 && l1 == kNoon) return 2;
  } else if (l0 == kMeem) {
    if (n >= 6 && (l1 == kHeh || l1 == kKaf)) return 2;
  } else if (l0 == kNoon) {
    if (n >= 6 && l1 == kHeh) return 2;
  }
  return 0;
}

// Number, gender and nisba endings (ة is already folded to ه), longest first:
// يين يون يات تين تان يه ات ون ين ان ه ي, each leaving at least three letters;
// ان needs four, so country names (لبنان، ايران) keep their base and match
// their nisba (لبناني). Returns letters to drop.
size_t EndingLength(const Word& w, const LightStemOptions& options) {
  const size_t n = w.size();
  if (n < 4) return 0;
  const char16_t l0 = w.back(0), l1 = w.back(1);
  switch (l0) {
    case kNoon: {
      const char16_t l2 = n >= 6 ? w.back(2) : 0;
      if (n >= 6 && ((l1 == kYeh && (l2 == kYeh || l2 == kTeh)) ||
                     (l1 == kWaw && l2 == kYeh) || (l1 == kAlef && l2 == kTeh))) {
        return 3;
      }
      if (n >= 5 && (l1 == kWaw || l1 == kYeh)) return 2;
      if (n >= 6 && l1 == kAlef) return 2;
      return 0;
    }
    case kTeh:
      if (n >= 6 && l1 == kAlef && w.back(2) == kYeh) return 3;
      if (n >= 5 && l1 == kAlef) return 2;
      return 0;
    case kHeh:
      return (n >= 5 && l1 == kYeh) ? 2 : 1;
    case kYeh:
      return n >= 1 + options.nisba_min_rest ? 1 : 0;
    case kAlef:  // past plural قالوا، اكدوا
      return (n >= 5 && l1 == kWaw) ? 2 : 0;
    default:
      return 0;
  }
}

// Length of the definite article with its proclitics at the front of `w`
// (ال، لل، وال، فال، بال، كال، لال، ولل، فلل، وبال، فبال، وكال، فكال), or 0.
size_t ArticleLength(const Word& w) {
  const size_t n = w.size();
  if (n < 3) return 0;
  const char16_t c0 = w.at(0), c1 = w.at(1), c2 = w.at(2);
  if ((c0 == kAlef && c1 == kLam) || (c0 == kLam && c1 == kLam)) return 2;
  const bool conj = c0 == kWaw || c0 == kFeh;
  // لال: لـ written apart from the article (لـ الإعمار), else it would be لل.
  if ((conj || c0 == kBeh || c0 == kKaf || c0 == kLam) && c1 == kAlef && c2 == kLam) return 3;
  if (conj && c1 == kLam && c2 == kLam) return 3;
  if (conj && (c1 == kBeh || c1 == kKaf) && n >= 4 && c2 == kAlef && w.at(3) == kLam) return 4;
  return 0;
}

// Frequent news stems whose و is a root letter and whose removal would land on
// another frequent word (وزارة → زار "visited", وجود → جود, وعود → عود,
// والد "parent" → الد).
constexpr std::u16string_view kWawRoots[] = {
    u"وزار", u"وزير", u"وجود", u"وعود", u"وصول", u"وقود", u"وفود", u"وقوع", u"وقوف", u"وكال",
    u"والد",
};

bool IsWawRoot(const Word& w) {
  if (w.size() != 4) return false;
  for (std::u16string_view r : kWawRoots) {
    if (w.at(0) == r[0] && w.at(1) == r[1] && w.at(2) == r[2] && w.at(3) == r[3]) return true;
  }
  return false;
}

// Proclitics that may sit on a foreign word (الـ5G، ب2024، وF-35، للـCNN).
constexpr std::string_view kForeignProclitics[] = {
    "ال", "وال", "بال", "كال", "فال", "لل", "ولل", "و", "ف", "ب", "ك", "ل", "وب", "ول", "فب", "فل",
};

}  // namespace

bool IsPlainArabic(std::string_view w) {
  if (w.empty() || w.size() % 2 != 0) return false;
  for (size_t i = 0; i < w.size(); i += 2) {
    const auto lead = static_cast<unsigned char>(w[i]);
    if (lead < 0xD8 || lead > 0xDB) return false;
  }
  return true;
}

std::string_view LightStem(std::string_view word, const LightStemOptions& options) {
  if (!IsPlainArabic(word)) return word;
  return LightStemPlainArabic(word, options);
}

std::string_view LightStemPlainArabic(std::string_view word, const LightStemOptions& options) {
  if (word.size() <= 4) return word;
  Word w(word);

  const size_t article_len = ArticleLength(w);
  const bool article = article_len > 0 && w.size() >= article_len + 2;
  // The name of God keeps its article (الله، والله، بالله → الله), so it does
  // not collapse onto the preposition له.
  if (article && article_len >= 2 && w.size() == article_len + 2 && w.at(article_len) == kLam &&
      w.at(article_len + 1) == kHeh && w.at(article_len - 1) == kLam &&
      w.at(article_len - 2) == kAlef) {
    w.DropFront(article_len - 2);
    return w.view();
  }
  if (article) w.DropFront(article_len);

  bool ending = false;
  if (options.strip_suffixes) {
    const size_t pronoun = PronounLength(w);
    w.DropBack(pronoun);
    // Before a pronoun ة is written ت (حكومتهم): drop it like ة, unless it
    // is the plural ات or the word would fall under three letters (بيتهم).
    if (pronoun > 0 && w.size() >= 4 && w.back(0) == kTeh && w.back(1) != kAlef) {
      w.DropBack(1);
      ending = true;
    }
    const size_t end_len = EndingLength(w, options);
    w.DropBack(end_len);
    ending = ending || end_len > 0;
    // ه or ي was a pronoun on a feminine noun (حكومته، حكومتي): drop the ت too.
    if (end_len == 1 && pronoun == 0 && w.size() >= 4 && w.back(0) == kTeh && w.back(1) != kAlef) {
      w.DropBack(1);
    } else if (options.plural_under_pronoun && end_len == 1 && pronoun == 0 && w.size() >= 5 &&
               w.back(0) == kTeh && w.back(1) == kAlef) {
      // ... or on a plural (مقالاته، مقالاتي → مقال, as مقالات and مقالاتهم).
      w.DropBack(2);
    }
    // Accusative alef (جديدا، كثيرا، روسيا → روسي): removed when nothing else
    // was, then the nisba/feminine ending beneath it is tried once more.
    if (options.strip_accusative_alef && end_len == 0 && w.size() >= 4 && w.back(0) == kAlef) {
      w.DropBack(1);
      if (options.ending_after_alef) w.DropBack(EndingLength(w, options));
      ending = true;
    }
  }

  // و after the other steps, with the remainder measured after suffixes, so
  // وطني/الوطني/وطن agree (all keep و) while وحكومة/والحكومة agree too.
  if (options.strip_waw && w.size() >= 1 + options.waw_min_rest && w.at(0) == kWaw &&
      !IsWawRoot(w)) {
    w.DropFront(1);
  }

  if (options.single_proclitic_min_rest > 0 &&
      w.size() >= 1 + options.single_proclitic_min_rest) {
    const char16_t c0 = w.at(0), c1 = w.at(1);
    // ب/ك before ي would turn nouns into imperfect verbs (بيتهم → يتهم).
    const bool verb_like = c1 == kYeh && (c0 == kBeh || c0 == kKaf);
    if (!verb_like && (c0 == kBeh || c0 == kLam || c0 == kKaf || c0 == kFeh)) {
      w.DropFront(1);
    }
  }

  // Future س only on what looks like a verb: no article, no nominal ending,
  // an imperfect prefix after it, and at least four letters left (سيقوم → يقوم;
  // سياسة، سيارات، سنوات are protected by their endings).
  if (options.strip_future_seen && !article && !ending && w.size() >= 5 && w.at(0) == kSeen) {
    const char16_t next = w.at(1);
    if (next == kYeh || next == kTeh || next == kNoon) w.DropFront(1);
  }
  return w.view();
}

std::string_view StripProcliticBeforeForeign(std::string_view form, size_t arabic_prefix_bytes) {
  if (arabic_prefix_bytes == 0 || arabic_prefix_bytes >= form.size()) return form;
  const std::string_view prefix = form.substr(0, arabic_prefix_bytes);
  for (std::string_view p : kForeignProclitics) {
    if (prefix == p) return form.substr(arabic_prefix_bytes);
  }
  return form;
}

}  // namespace riwaya::text
