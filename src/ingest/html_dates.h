// Machine-readable dates found in HTML attributes and feed fields: ISO 8601
// (2024-06-26, 2024-06-26T10:30:00+03:00, fractional seconds, space for T)
// and RFC 822/1123 (Wed, 26 Jun 2024 10:30:00 GMT). Strict: anything else,
// or any out-of-range field, is "not a date" — never a guess.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "model/article.h"

namespace riwaya::ingest {

// Parses `s` (surrounding whitespace ignored) as ISO 8601 or RFC 822.
// On success the date is known, `original` holds the trimmed string and
// `source` is set to `src`. Date-only forms give date_only = true.
std::optional<model::PublishedDate> ParseMachineDate(std::string_view s, model::DateSource src);

}  // namespace riwaya::ingest
