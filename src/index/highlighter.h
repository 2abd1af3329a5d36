// Highlighter: finds where a parsed query matches a stored text and returns
// the best excerpt with highlight spans on the ORIGINAL text (a query حكومة
// highlights والحكومة exactly as written), using the analyzer's offsets.
// Spans never split a UTF-8 sequence; excerpts are cut at whitespace.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "index/query.h"
#include "text/analyzer.h"

namespace riwaya::index {

struct Span {
  uint32_t begin = 0, end = 0;  // byte offsets
};

struct Snippet {
  std::string text;              // excerpt of the original text
  uint32_t begin = 0;            // byte offset of the excerpt in the original
  std::vector<Span> highlights;  // within `text`
  bool cut_before = false, cut_after = false;  // text precedes/follows the excerpt
};

class Highlighter {
 public:
  Highlighter(const text::Analyzer& analyzer, const Query& query);
  // Every match in `text` (titles).
  std::vector<Span> Highlights(std::string_view text) const;
  // The window of at most `max_chars` code points holding the most distinct
  // query terms (then the most matches); the opening when nothing matches.
  Snippet Make(std::string_view text, size_t max_chars) const;

 private:
  struct Match {
    uint32_t begin, end;
    int term;  // index into distinct query terms
  };
  std::vector<Match> Find(std::string_view text) const;
  const text::Analyzer& analyzer_;
  std::vector<std::string> terms_;
};

}  // namespace riwaya::index
