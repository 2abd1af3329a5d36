// Query: the parsed form of riwaya's query language (docs/query.md). Words
// are required by default; OR, -word/NOT, "phrases", "a b"~N proximity,
// parentheses, title:/outlet:/category:/author:/date: fields and =exact forms.
// ParseQuery never throws: malformed input yields Status::Invalid naming the
// byte position, with the query and a caret under the offending spot.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "text/analyzer.h"

namespace riwaya::index {

enum class Field : uint8_t { kAny, kTitle };

struct QueryNode {
  enum class Kind : uint8_t {
    kTerm,      // terms[0]; scored unless `scored` is false (author:)
    kPhrase,    // terms at relative offsets; slop > 0 or proximity: order-free window
    kAnd,
    kOr,
    kNot,       // children[0]; only meaningful beside a positive sibling in kAnd
    kOutlet,    // value: exact outlet name
    kCategory,  // value: exact category name
    kDate,      // [from, to] epoch seconds, inclusive
    kAll,       // every document (a query made of filters only)
  };
  Kind kind = Kind::kAll;
  Field field = Field::kAny;
  bool scored = true;
  bool bare = false;                  // kTerm: exact form equal to its own term (=word)
  bool proximity = false;             // "..."~N
  uint32_t slop = 0;
  std::vector<std::string> terms;     // index terms (namespaced for forms/authors)
  std::vector<uint32_t> offsets;      // phrase: position of each term relative to the first
  std::string value;
  int64_t from = 0, to = 0;
  uint32_t pos = 0;                   // byte offset in the query text
  std::vector<QueryNode> children;
};

struct Query {
  QueryNode root;
  // Positive terms and exact forms, for highlighting (index namespaces kept).
  std::vector<std::string> highlight_terms;
  bool IsFilterOnly() const;
};

// Parses `text` with `analyzer` (the one the index was built with).
Result<Query> ParseQuery(std::string_view text, const text::Analyzer& analyzer);

// Helpers shared with the searcher and tests.
std::string FormTerm(std::string_view form);    // exact-form namespace
std::string AuthorTerm(std::string_view term);  // author namespace
// "2018-02-01" -> epoch seconds at 00:00 UTC; false if not a valid date.
bool ParseDay(std::string_view s, int64_t& epoch_seconds);

}  // namespace riwaya::index
