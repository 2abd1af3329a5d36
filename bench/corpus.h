// Corpus loading for the benchmarks: decompresses the ANT TREC archive and the
// SaudiNewsNet JSON Lines file fully into memory (so that only indexing is
// timed), and builds the N× scaled corpus by repeating both with perturbed ids.
// Bad records are counted and skipped, never fatal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "search_engine.h"

namespace riwaya::bench {

struct Corpus {
  std::vector<BenchDoc> docs;
  uint64_t input_bytes = 0;  // decompressed bytes read
  int64_t skipped = 0;       // records that could not be read
};

// Reads a whole (optionally gzip-compressed) file.
Result<std::string> ReadMaybeGz(const std::string& path);

// Appends the <DOC> records of a TREC archive: TITLE, ABSTRACT, TEXT, DOCNO.
Status LoadTrec(const std::string& path, Corpus& corpus);
// Appends SaudiNewsNet records: title, content (as text), url as id.
Status LoadJsonl(const std::string& path, Corpus& corpus);
// Repeats the documents `times` in total; copy r > 0 gets id "<id>#r<r>".
void Repeat(Corpus& corpus, int times);

}  // namespace riwaya::bench
