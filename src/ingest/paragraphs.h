// Paragraph helpers shared by the ingest parsers: trimming of ASCII and
// Unicode blanks (NBSP, BOM, direction marks) and splitting a text field into
// its non-empty, trimmed lines. Pure functions; the text is kept as written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace riwaya::ingest {

// Removes leading/trailing ASCII whitespace, U+00A0, U+FEFF, U+200B..U+200F.
std::string_view TrimBlank(std::string_view s);

// One paragraph per non-blank line; lines are trimmed with TrimBlank.
std::vector<std::string> SplitParagraphs(std::string_view text);

// Collapses every run of blanks (including newlines) into one ASCII space and trims.
std::string CollapseBlanks(std::string_view s);

}  // namespace riwaya::ingest
