// Plain-text news pages (the seed's format): a title line, an optional date
// label line, paragraphs, credit lines and read-also blocks. The page's main
// article and every read-also block that carries its own title and text each
// become an Article; read-also entries with only a title become PageLinks.
// Credit and label lines never stay in a body. Bad pages are rejected whole.
#pragma once

#include <string_view>

#include "ingest/sink.h"

namespace riwaya::ingest {

// Parses one page. Articles get key "page:" + content hash, origin kind
// "file", record = article index in the page, line = line of its title.
void ParsePlainPage(std::string_view text, const Source& source, Sink& sink);

}  // namespace riwaya::ingest
