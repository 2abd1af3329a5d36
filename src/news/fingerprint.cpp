#include "news/fingerprint.h"

#include <unicode/uchar.h>
#include <xxhash.h>

#include <cstdio>

#include "base/utf8.h"
#include "text/analyzer.h"

namespace riwaya::news {

std::string FoldForFingerprint(std::string_view body) {
  const std::string norm = text::NormalizeForMatch(body);
  std::string out;
  out.reserve(norm.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < norm.size()) {
    const char32_t cp = utf8::Next(norm, i);
    // Letters, digits and combining marks carry the text; everything else
    // (spaces, punctuation, symbols, U+FFFD) only separates words.
    const bool word_char = cp != 0xFFFD && (u_isalnum(static_cast<UChar32>(cp)) ||
                                            u_getCombiningClass(static_cast<UChar32>(cp)) != 0);
    if (!word_char) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    utf8::Append(out, cp);
  }
  return out;
}

std::string BodyFingerprint(std::string_view body) {
  const std::string folded = FoldForFingerprint(body);
  if (folded.empty()) return {};
  const XXH128_hash_t h = XXH3_128bits(folded.data(), folded.size());
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return buf;
}

std::string ArticleFingerprint(const model::Article& article) {
  return BodyFingerprint(article.Body());
}

}  // namespace riwaya::news
