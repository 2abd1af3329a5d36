// Throughput of the analyzers on the real ANT corpus (TEXT fields). Prints MB/s
// for the log; the speed itself is not asserted (machines differ), but every
// analyzer must produce terms for nearly every article.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/ant_corpus.h"

namespace riwaya::text {
namespace {

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}


TEST(Throughput, AntTextFields) {
#ifdef RIWAYA_SANITIZED
  const size_t max_docs = 1000;  // sanitizers are ~10x slower; keep the suite fast
  const size_t max_bytes = 8u << 20;
#else
  const size_t max_docs = SIZE_MAX;
  const size_t max_bytes = SIZE_MAX;
#endif
  const std::vector<std::string> texts = testing::LoadAntFields({"TEXT"}, max_docs, max_bytes);
  if (texts.empty()) GTEST_SKIP() << "SKIP: ../shared/corpora/ant-v2.1.trec.gz not found";
  size_t bytes = 0;
  for (const auto& t : texts) bytes += t.size();
  for (std::string_view name : {"none", "light", "snowball"}) {
    auto analyzer = MakeAnalyzer(name);
    ASSERT_NE(analyzer, nullptr);
    std::vector<Token> tokens;
    size_t token_count = 0, empty_docs = 0;
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuSeconds();
    for (const auto& t : texts) {
      tokens.clear();
      analyzer->Analyze(t, tokens);
      token_count += tokens.size();
      if (tokens.empty()) ++empty_docs;
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = ThreadCpuSeconds() - cpu_start;
    // CPU time is the fair figure on a shared machine; wall time is printed too.
    std::printf("[throughput] %-8s %zu docs, %.1f MB, %zu tokens: %.1f MB/s (cpu %.3f s), "
                "%.1f MB/s wall (%.3f s)\n",
                std::string(name).c_str(), texts.size(), bytes / 1e6, token_count,
                bytes / 1e6 / cpu, cpu, bytes / 1e6 / secs, secs);
    EXPECT_LT(empty_docs, texts.size() / 100 + 1) << name;
    EXPECT_GT(token_count, bytes / 20) << name;  // Arabic news: roughly one token per 12 bytes

    // The streaming entry point (what an indexer should call): no strings per
    // token. Snowball's figure is dominated by libstemmer; skipped to save time.
    if (name == "snowball") continue;
    struct CountSink : TokenSink {
      size_t tokens = 0, term_bytes = 0;
      void OnToken(const TokenView& t) override {
        ++tokens;
        term_bytes += t.term.size();
      }
    } sink;
    const double stream_start = ThreadCpuSeconds();
    for (const auto& t : texts) analyzer->AnalyzeInto(t, sink);
    const double stream_cpu = ThreadCpuSeconds() - stream_start;
    std::printf("[throughput] %-8s AnalyzeInto: %.1f MB/s (cpu %.3f s)\n", std::string(name).c_str(),
                bytes / 1e6 / stream_cpu, stream_cpu);
    EXPECT_EQ(sink.tokens, token_count) << name;
  }
}

}  // namespace
}  // namespace riwaya::text
