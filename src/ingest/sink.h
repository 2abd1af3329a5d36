// Sink: where parsers deliver what they find. Parsers stream: they call
// Article() for each record, Reject() for each bad one (and go on), and
// Fetch() for feed items that name a page but carry no content.
#pragma once

#include <cstdint>
#include <string>

#include "model/article.h"

namespace riwaya::ingest {

struct Rejection {
  std::string input;     // file path or URL
  std::string position;  // human form: "line 12", "byte 3400", "record 5"
  std::string reason;
  std::string ToString() const { return input + ": " + position + ": " + reason; }
};

// What a parser knows about the input it reads.
struct Source {
  std::string path;          // file path, or URL for fetched pages
  std::string url;           // the page's URL when known (fetched, or from a feed)
  std::string kind = "file"; // "file", "archive", "feed", "http"
  int64_t fetched_epoch = 0; // when the bytes were fetched/read: anchor for relative dates
};

struct FetchTask {
  bool is_feed = false;        // an OPML entry: a feed to poll, not an article page
  std::string url;
  std::string title;
  std::string feed;            // the feed that listed it
  std::string feed_title;      // that feed's own title (channel / feed title), if any
  model::PublishedDate published;
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Article(model::Article&& article) = 0;
  virtual void Reject(Rejection&& rejection) = 0;
  virtual void Fetch(FetchTask&& /*task*/) {}
  // Bytes of the current input consumed so far and its total (0 if unknown).
  virtual void Progress(uint64_t /*done*/, uint64_t /*total*/) {}
};

}  // namespace riwaya::ingest
