// Feeds: ParseFeed reads RSS 2.0, Atom or OPML. Items with substantial content
// become Articles (date source kFeed, outlet from the channel title); items
// without become FetchTasks for their pages; OPML outlines become feed
// FetchTasks. Malformed XML is rejected with the position the parser reports;
// bad items are rejected one by one and the good ones are kept. The category
// is RSS <category>, else RSS 1.0 dc:subject, or Atom category label|term; a
// description that only repeats the first paragraph(s) is not kept as abstract.
#pragma once

#include <string_view>

#include "ingest/sink.h"

namespace riwaya::ingest {

void ParseFeed(std::string_view xml, const Source& src, Sink& sink);

}  // namespace riwaya::ingest
