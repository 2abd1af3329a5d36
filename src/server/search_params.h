// SearchParams: turns the query string of GET /api/search into an
// engine::SearchRequest. Every rejection is Status::Invalid whose message names
// the parameter and the byte position of the problem ("from: position 5: ...").
// No I/O; pure function of its input.
#pragma once

#include <map>
#include <string>

#include "base/status.h"
#include "engine/engine.h"

namespace riwaya::server {

inline constexpr int kMaxSearchLimit = 100;
inline constexpr size_t kMaxQueryBytes = 1000;

// Parameters: q, outlet, category, from, to (YYYY-MM-DD or epoch seconds),
// sort (relevance|date), limit (1..100), offset (>= 0), histogram (day|week|month).
Result<engine::SearchRequest> ParseSearchParams(const std::multimap<std::string, std::string>& params);

// Parses "YYYY-MM-DD" (UTC midnight) or a decimal epoch. `end_of_day` turns a
// day into its last second so that `to=` is inclusive.
Result<int64_t> ParseDateParam(const std::string& name, const std::string& value, bool end_of_day);

}  // namespace riwaya::server
