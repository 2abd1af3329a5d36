// Deterministic benchmark query sets, drawn once with a fixed seed and written
// to a file so that every engine runs exactly the same queries: bag-of-words
// queries of 2-4 title words (run as OR and as AND) and two-word phrases taken
// from bodies. Each engine applies its own analysis to the words.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "corpus.h"

namespace riwaya::bench {

struct QuerySet {
  std::vector<std::string> bag;     // space-separated title words
  std::vector<std::string> phrase;  // two adjacent body words
};

QuerySet DrawQueries(const Corpus& corpus, uint64_t seed, size_t num_bag, size_t num_phrase);

// File format: one query a line, "bow<TAB>words" or "phrase<TAB>words".
Status WriteQueries(const QuerySet& q, const std::string& path);
Result<QuerySet> ReadQueries(const std::string& path);

}  // namespace riwaya::bench
