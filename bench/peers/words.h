// SplitWords: a deliberately simple, engine-neutral word splitter used to draw
// benchmark queries and to quote FTS5 query words. Words are maximal runs of
// letters, digits and Arabic combining marks; everything else separates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace riwaya::bench {

bool IsWordChar(char32_t c);
std::vector<std::string> SplitWords(std::string_view text);
// Number of code points in `s` (invalid bytes count one each).
size_t CodePoints(std::string_view s);

}  // namespace riwaya::bench
