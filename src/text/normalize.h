// NormalizeForMatch with options: the folds of DESIGN.md applied to a whole
// string. Words are folded (alef/yeh/teh-marbuta, harakat/tatweel removed,
// presentation forms via NFKC, digits to ASCII, letters lower-cased); other
// characters are kept as written, invalid UTF-8 bytes become U+FFFD.
#pragma once

#include <string>
#include <string_view>

#include "text/analyzer.h"
#include "text/chartable.h"

namespace riwaya::text {

std::string NormalizeForMatch(std::string_view text, const NormalizeOptions& options);

// Appends the normalised form of `text` to `out` (no clearing).
void AppendNormalized(std::string_view text, const NormalizeOptions& options, std::string& out);

}  // namespace riwaya::text
