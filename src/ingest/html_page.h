// HTML article pages: ParseHtmlPage turns one HTML document into at most one
// Article (main text without navigation, share bars, comments, related lists),
// with title, published date (and where it was found), author, outlet, credit,
// canonical url, category and read-also links. Never throws, never crashes on
// hostile input: when no article can be found it calls sink.Reject with a reason.
#pragma once

#include <string_view>

#include "ingest/sink.h"

namespace riwaya::ingest {

void ParseHtmlPage(std::string_view html, const Source& src, Sink& sink);

}  // namespace riwaya::ingest
