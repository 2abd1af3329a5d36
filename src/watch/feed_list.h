// Feed lists: the feeds to follow come from an OPML file (config/feeds.opml),
// read with the ingest OPML parser. FindFeedList locates the default list the
// way the web root is found: near the current directory, then near the binary.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace riwaya::watch {

struct FeedSpec {
  std::string url;
  std::string title;  // the outline's title or text: the outlet's name
};

// Every distinct xmlUrl in the OPML, in document order. An unreadable file or
// one without a single feed is an error naming the file.
Result<std::vector<FeedSpec>> ReadFeedList(const std::string& opml_path);

// `explicit_path` if set, else ./config/feeds.opml, else <binary>/../config and
// <binary>/../../config. Empty if none exists.
std::string FindFeedList(const std::string& explicit_path);

}  // namespace riwaya::watch
