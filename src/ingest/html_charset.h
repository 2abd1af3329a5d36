// Legacy encodings in HTML pages and feeds: old Arabic sites still serve
// windows-1256 or ISO-8859-6. DeclaredCharset reads what the document says
// (<meta charset>, http-equiv, <?xml encoding?>); ToUtf8 converts through ICU.
// Input that is already valid UTF-8 is never converted.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace riwaya::ingest::html {

// Lower-case charset named in the first 4 KB, or "" when none is declared.
std::string DeclaredCharset(std::string_view bytes);

// Converts `bytes` from `charset` to UTF-8; nullopt when ICU does not know
// the charset or conversion fails (the caller then repairs as UTF-8).
std::optional<std::string> ToUtf8(std::string_view bytes, const std::string& charset);

// The bytes as UTF-8: unchanged when valid UTF-8; converted when invalid and
// a legacy charset is declared; otherwise returned as is (repaired later).
std::string DecodeDocument(std::string_view bytes);

}  // namespace riwaya::ingest::html
