// Document: what the index receives for one article — its store sequence
// number (the docid), the analysed fields (title, body = abstract + text,
// author) and the per-document columns used for filters, facets and copies.
// The index never owns the text: it can always be rebuilt from the store.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace riwaya::index {

// A date column value meaning "no known date": excluded by every date filter.
inline constexpr int64_t kNoDate = std::numeric_limits<int64_t>::min();

struct Document {
  uint32_t seq = 0;              // store sequence number; must be > 0 and unique
  std::string_view title;
  std::string_view body;         // abstract + text
  std::string_view author;       // searchable with author:, not ranked
  std::string_view outlet;       // exact name: outlet: filter and facet
  std::string_view category;     // exact name: category: filter and facet
  int64_t date = kNoDate;        // publication instant, epoch seconds (UTC)
  uint32_t story = 0;            // story id, 0 = none
  uint32_t copy_of = 0;          // seq of the first article this one copies, 0 = original
};

// BM25F parameters. Field weights multiply normalised term frequencies
// before saturation (one k1 for the document, as in Robertson & Zaragoza).
struct Bm25fParams {
  double k1 = 1.2;
  double title_weight = 3.0;
  double title_b = 0.5;
  double body_weight = 1.0;
  double body_b = 0.75;
};

// Positions: title tokens start at 0, body tokens at kBodyBase, so a phrase
// can never straddle the two fields (proximity is capped far below the gap).
inline constexpr uint32_t kBodyBase = 1u << 24;
inline constexpr uint32_t kMaxSlop = 1000;

}  // namespace riwaya::index
