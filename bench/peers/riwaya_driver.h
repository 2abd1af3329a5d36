// The riwaya side of the benchmark and of the retrieval eval: the same
// SearchEngine interface over riwaya's own index (src/index) with a chosen
// analyzer (default: text::kDefaultAnalyzer), positions and BM25F ranking.
// The driver is thin on purpose: Index::Add, Commit, Merge(1), Searcher.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "search_engine.h"

namespace riwaya::bench {

Result<std::unique_ptr<SearchEngine>> MakeRiwayaEngine(const std::string& dir, std::string_view analyzer = "");

}  // namespace riwaya::bench
