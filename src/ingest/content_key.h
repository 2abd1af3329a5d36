// ContentKey: the identity of a record that has neither URL nor document
// number. It hashes the title and body with blank runs collapsed, so the same
// page read again (CRLF vs LF, BOM, re-wrapped spaces) gets the same key and
// re-ingestion adds nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace riwaya::ingest {

// Returns prefix + 16 hex digits, e.g. "page:1f0c...".
std::string ContentKey(std::string_view prefix, std::string_view title,
                       const std::vector<std::string>& paragraphs);

}  // namespace riwaya::ingest
