// Format sniffing: decides how to parse an input from its first bytes
// (decompressed) and its name. Content wins over the file extension; text
// that is no known markup or record format is a plain-text news page.
// Binary data (NUL bytes, mostly invalid UTF-8) is recognised separately.
#pragma once

#include <string_view>

namespace riwaya::ingest {

enum class Format { kPlainPage, kTrec, kJsonLines, kHtml, kFeed, kUnknown };
const char* FormatName(Format f);

// `head` is the start of the (decompressed) content; 4-64 KB is plenty.
// `name` is a file name or URL; a trailing ".gz" is ignored.
Format Sniff(std::string_view head, std::string_view name);

// True when `head` holds NUL bytes or is mostly not UTF-8: a binary file.
bool LooksBinary(std::string_view head);

}  // namespace riwaya::ingest
