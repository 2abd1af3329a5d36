#include "text/snowball.h"

#include <libstemmer.h>

namespace riwaya::text {

SnowballStemmers::SnowballStemmers(const char* language) : language_(language) {
  sb_stemmer* s = sb_stemmer_new(language_, "UTF_8");
  ok_ = s != nullptr;
  if (s != nullptr) free_.push_back(s);
}

SnowballStemmers::~SnowballStemmers() {
  for (sb_stemmer* s : free_) sb_stemmer_delete(s);
}

sb_stemmer* SnowballStemmers::Acquire() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      sb_stemmer* s = free_.back();
      free_.pop_back();
      return s;
    }
  }
  return ok_ ? sb_stemmer_new(language_, "UTF_8") : nullptr;
}

void SnowballStemmers::Release(sb_stemmer* s) const {
  if (s == nullptr) return;
  std::lock_guard<std::mutex> lock(mu_);
  free_.push_back(s);
}

std::string_view SnowballStemmers::Lease::Stem(std::string_view word) {
  if (stemmer_ == nullptr || word.empty()) return word;
  const sb_symbol* r = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                       static_cast<int>(word.size()));
  if (r == nullptr) return word;  // out of memory inside libstemmer
  return {reinterpret_cast<const char*>(r), static_cast<size_t>(sb_stemmer_length(stemmer_))};
}

}  // namespace riwaya::text
