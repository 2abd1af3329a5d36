#include "text/stopwords.h"

#include <algorithm>

#include "text/normalize.h"

namespace riwaya::text {
namespace {

// Written as in running text; normalised when a set is built.
constexpr std::string_view kArabic[] = {
    // prepositions and particles
    "في", "من", "إلى", "عن", "مع", "بين", "عند", "لدى", "منذ", "حتى", "خلال", "نحو", "حول",
    "دون", "ضد", "عبر", "لدى", "أمام", "وراء", "فوق", "تحت", "بعد", "قبل", "مثل", "ب", "ل", "ك",
    "و", "ف", "أن", "إن", "أنّ", "إنّ", "لأن", "كأن", "لكن", "لكنّ", "بل", "ثم", "أو", "أم",
    "إما", "أما", "لا", "ما", "لم", "لن", "قد", "لقد", "هل", "إذا", "إذ", "لو", "لولا", "كي",
    "لكي", "حيث", "كما", "كذلك", "أيضا", "أيضاً", "فقط", "إلا", "غير", "سوى", "كل", "بعض",
    "أي", "أية", "جميع", "عدة", "ليس", "ليست", "هناك", "هنا", "ذات", "عليه", "عليها",
    "عليهم", "فيه", "فيها", "فيهم", "منه", "منها", "منهم", "به", "بها", "بهم", "له", "لها",
    "لهم", "إليه", "إليها", "إليهم", "عنه", "عنها", "عنهم", "وفي", "ومن", "وإلى",
    "وعن", "ومع", "وأن", "وإن", "ولا", "وما", "ولم", "ولن", "وقد", "فقد", "فإن", "بأن",
    "وهو", "وهي", "إنه", "إنها", "أنه", "أنها", "لأنه", "كان", "كانت", "يكون", "تكون",
    "كانوا", "وكان", "وكانت",
    // more particles and fillers
    "إذن", "لذا", "لذلك", "كذا", "هكذا", "إنما", "أنما", "كلا", "كلتا", "بلا", "فلا", "ألا",
    "لعل", "ليت", "قط", "عسى", "سوف", "لما", "كلما", "طالما", "ريثما", "بينما",
    "أثناء", "لدي", "عليك", "إليك", "لك", "بك", "منك", "فيك", "لنا", "بنا", "منا", "علينا",
    "إلينا", "عندنا", "عنده", "عندها", "عندهم", "لديه", "لديها", "لديهم", "معه", "معها",
    "معهم", "بعضها", "بعضهم", "كله", "كلها", "كلهم", "نفسه", "نفسها", "جدا",
    "تم", "يتم", "وقد", "كما", "وكما", "ومنها", "ومنه", "وفيه", "وفيها", "وله", "ولها", "ولهم",
    "وهم", "وهذا", "وهذه", "وذلك", "وتلك", "والتي", "والذي", "والذين", "فهو", "فهي", "فهم",
    "أيا", "أينما", "حينما", "حين", "لدى", "إزاء", "تجاه", "ضمن", "لأجل", "بسبب", "وفق", "وفقا",
    "ذو", "ذي", "ذا",
    // pronouns
    "هو", "هي", "هم", "هن", "هما", "أنا", "نحن", "أنت", "أنتم",
    // demonstratives and relatives
    "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "أولئك", "هذان", "هاتان", "الذي", "التي", "الذين",
    "اللذين", "اللتين", "اللواتي", "اللاتي", "اللذان", "اللتان",
    // question words (queries are often questions)
    "متى", "أين", "كيف", "كم", "ماذا", "لماذا", "مما", "عما", "ممن", "فيما", "بينما", "عندما",
    // written together (ما هو → ماهو) or with a preposition, as people type questions
    "ماهو", "ماهي", "بماذا", "عماذا",
    // the article written apart from its word (الـ before a space): alone it means nothing
    "ال",
};

}  // namespace

std::span<const std::string_view> StopwordSet::DefaultArabic() { return kArabic; }

StopwordSet::StopwordSet(const NormalizeOptions& options) : StopwordSet(kArabic, options) {}

StopwordSet::StopwordSet(std::span<const std::string_view> words, const NormalizeOptions& options) {
  for (std::string_view w : words) {
    std::string n = NormalizeForMatch(w, options);
    if (n.empty()) continue;
    if (std::find(words_.begin(), words_.end(), n) == words_.end()) words_.push_back(std::move(n));
  }
  size_t cap = 16;
  while (cap < words_.size() * 4) cap *= 2;
  slots_.assign(cap, -1);
  mask_ = static_cast<uint32_t>(cap - 1);
  for (size_t i = 0; i < words_.size(); ++i) {
    max_len_ = std::max(max_len_, words_[i].size());
    const uint32_t f = FilterKey(words_[i]);
    filter_[f >> 6] |= uint64_t{1} << (f & 63);
    uint32_t h = Hash(words_[i]) & mask_;
    while (slots_[h] >= 0) h = (h + 1) & mask_;
    slots_[h] = static_cast<int32_t>(i);
  }
}

uint32_t StopwordSet::Hash(std::string_view s) {
  // Length and a few trailing bytes: cheap on every token, and collisions only
  // cost one string comparison. (Leading bytes of Arabic letters barely vary.)
  const size_t n = s.size();
  uint32_t h = static_cast<uint32_t>(n) * 0x9E3779B1u;
  if (n > 0) h ^= static_cast<unsigned char>(s[n - 1]) * 0x85EBCA77u;
  if (n > 2) h ^= static_cast<unsigned char>(s[n - 3]) * 0xC2B2AE3Du;
  if (n > 4) h ^= static_cast<unsigned char>(s[n - 5]) * 0x27D4EB2Fu;
  if (n > 1) h ^= static_cast<unsigned char>(s[1]) * 0x165667B1u;
  return h ^ (h >> 15);
}

bool StopwordSet::Contains(std::string_view form) const {
  if (form.size() > max_len_ || form.empty()) return false;
  const uint32_t f = FilterKey(form);
  if ((filter_[f >> 6] & (uint64_t{1} << (f & 63))) == 0) return false;
  uint32_t h = Hash(form) & mask_;
  while (slots_[h] >= 0) {
    if (words_[static_cast<size_t>(slots_[h])] == form) return true;
    h = (h + 1) & mask_;
  }
  return false;
}

}  // namespace riwaya::text
