// JSON Lines archives: one JSON object a line, in either the SaudiNewsNet
// schema (source, url, date_extracted = crawl time, title, author, content)
// or riwaya's generic schema (docs/formats.md); the schema is sniffed per
// line. Malformed lines are rejected as "line N" and the rest goes on. A
// whole-document JSON array of such objects is accepted too.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/status.h"
#include "ingest/sink.h"
#include "model/article.h"

namespace riwaya::ingest {

class JsonLinesParser {
 public:
  JsonLinesParser(const Source& source, Sink& sink);
  JsonLinesParser(const JsonLinesParser&) = delete;
  JsonLinesParser& operator=(const JsonLinesParser&) = delete;

  // One line without its '\n'; `line_no` 1-based, `offset` = byte offset of the line.
  void AddLine(std::string_view line, int64_t line_no, uint64_t offset);
  int64_t records() const { return records_; }  // non-blank lines seen

 private:
  const Source& source_;
  Sink& sink_;
  int64_t records_ = 0;
};

// True when `head` starts a whole-document JSON value rather than JSON Lines:
// an array ("[{...}, ...]") or a pretty-printed object whose first line is "{".
bool IsWholeJsonDocument(std::string_view head);

// Parses a JSON Lines document, or a whole JSON document (array of objects,
// or one pretty-printed object), held in memory.
void ParseJsonLines(std::string_view text, const Source& source, Sink& sink);

}  // namespace riwaya::ingest
