// Arabic stopwords, matched against NORMALISED forms (after NormalizeForMatch
// with the same options). A compact list of particles, pronouns, demonstratives
// and relatives; reporting verbs (قال، أكد، أضاف، أعلن) are deliberately absent,
// and so is على, which folds onto the name علي. Immutable, thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "text/chartable.h"

namespace riwaya::text {

class StopwordSet {
 public:
  // Builds the set from `words` (any spelling; they are normalised here).
  StopwordSet(std::span<const std::string_view> words, const NormalizeOptions& options);
  // The default Arabic list.
  explicit StopwordSet(const NormalizeOptions& options = {});

  bool Contains(std::string_view normalized_form) const;
  size_t size() const { return words_.size(); }

  static std::span<const std::string_view> DefaultArabic();

 private:
  static uint32_t Hash(std::string_view s);
  // A cheap first test: length and the bytes that tell letters apart at the
  // start and end of the word. Most words that are not stopwords stop here.
  static uint32_t FilterKey(std::string_view s) {
    const size_t n = s.size();
    const auto b1 = static_cast<unsigned char>(s[n > 1 ? 1 : 0]);
    const auto last = static_cast<unsigned char>(s[n - 1]);
    return static_cast<uint32_t>(n & 0xF) | ((b1 & 0x3Fu) << 4) | ((last & 0x3Fu) << 10);
  }
  std::vector<uint64_t> filter_ = std::vector<uint64_t>(1u << 10, 0);  // 2^16 bits
  std::vector<std::string> words_;
  std::vector<int32_t> slots_;  // open addressing; -1 = empty, else index into words_
  uint32_t mask_ = 0;
  size_t max_len_ = 0;
};

}  // namespace riwaya::text
