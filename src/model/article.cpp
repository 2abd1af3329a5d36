#include "model/article.h"

#include <xxhash.h>

#include <cstdio>

namespace riwaya::model {

const char* DateSourceName(DateSource s) {
  switch (s) {
    case DateSource::kUnknown: return "unknown";
    case DateSource::kTextLabel: return "text-label";
    case DateSource::kArchiveField: return "archive-field";
    case DateSource::kJsonLd: return "json-ld";
    case DateSource::kMetaTag: return "meta-tag";
    case DateSource::kTimeElement: return "time-element";
    case DateSource::kUrl: return "url";
    case DateSource::kFeed: return "feed";
  }
  return "unknown";
}

std::string Article::Body() const {
  std::string out;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (i) out += "\n\n";
    out += paragraphs[i];
  }
  return out;
}

std::string IdForKey(const std::string& key) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(key.data(), key.size())));
  return buf;
}

}  // namespace riwaya::model
