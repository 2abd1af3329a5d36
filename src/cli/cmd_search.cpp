// riwaya search QUERY: ranked, Arabic-aware search with highlighted snippets
// and facet counts; --batch runs one query per line and reports latency.
#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "cli/render.h"
#include "engine/article_json.h"
#include "text/dates.h"

namespace riwaya::cli {

namespace {

struct SearchArgs {
  std::string query;
  std::string outlet, category;
  std::string from, to;
  std::string sort = "relevance";
  std::string histogram = "month";
  std::string batch;
  int limit = 10;
  int offset = 0;
  bool json = false;
};

// A day (YYYY-MM-DD or anything ParseDateStrict reads) as epoch seconds;
// `end` moves a date-only bound to the last second of its day.
Result<int64_t> ParseBound(const std::string& flag, const std::string& value, bool end) {
  auto d = text::ParseDateStrict(value);
  if (!d) return Status::Invalid(fmt::format("{}: '{}' is not a date (use YYYY-MM-DD)", flag, value));
  return d->epoch_seconds + (end && d->date_only ? 86399 : 0);
}

// Marks highlight spans: bold on a terminal, ⟨…⟩ otherwise.
std::string Mark(const std::string& text, const std::vector<engine::Span>& spans, bool tty) {
  std::string out;
  size_t at = 0;
  for (const auto& s : spans) {
    if (s.begin < at || s.end > text.size() || s.begin >= s.end) continue;
    out.append(text, at, s.begin - at);
    out += tty ? "\x1b[1;33m" : "⟨";
    out.append(text, s.begin, s.end - s.begin);
    out += tty ? "\x1b[0m" : "⟩";
    at = s.end;
  }
  out.append(text, at, std::string::npos);
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

nlohmann::json SpansJson(const std::vector<engine::Span>& spans) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& s : spans) a.push_back({s.begin, s.end});
  return a;
}

nlohmann::json FacetsJson(const std::vector<engine::FacetCount>& f) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& x : f) a.push_back({{"value", x.value}, {"count", x.count}});
  return a;
}

nlohmann::json ResultJson(const engine::SearchResult& r) {
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& h : r.hits) {
    nlohmann::json a = engine::ArticleToJson(h.article);
    a.erase("paragraphs");
    hits.push_back({{"score", h.score},
                    {"copies", h.copies},
                    {"article", a},
                    {"snippet", h.snippet},
                    {"snippet_highlights", SpansJson(h.snippet_highlights)},
                    {"title_highlights", SpansJson(h.title_highlights)}});
  }
  return {{"total", r.total},
          {"micros", r.micros},
          {"hits", hits},
          {"facets", {{"outlet", FacetsJson(r.outlets)}, {"category", FacetsJson(r.categories)}}},
          {"histogram", FacetsJson(r.histogram)}};
}

void PrintHuman(const engine::SearchResult& r, const engine::SearchRequest& req) {
  const bool tty = ::isatty(STDOUT_FILENO) != 0;
  fmt::print("{} result(s) in {} µs\n\n", Thousands(r.total), r.micros);
  int rank = req.offset;
  for (const auto& h : r.hits) {
    ++rank;
    fmt::print("{:3}. {}  [{}]  score {:.3f}{}\n", rank, Mark(h.article.title, h.title_highlights, tty),
               h.article.id, h.score, h.copies ? fmt::format("  (+{} copies)", h.copies) : "");
    fmt::print("     {}\n", RenderSummary(h.article));
    fmt::print("     {}\n\n", Mark(h.snippet, h.snippet_highlights, tty));
  }
  auto facet = [](const char* name, const std::vector<engine::FacetCount>& f) {
    if (f.empty()) return;
    fmt::print("{}:", name);
    for (size_t i = 0; i < f.size() && i < 10; ++i) {
      fmt::print("  {} ({})", f[i].value.empty() ? "(none)" : f[i].value, Thousands(f[i].count));
    }
    fmt::print("\n");
  };
  facet("outlets", r.outlets);
  facet("categories", r.categories);
}

// One JSON line per query: {"query","hits","top","micros"} or {"query","error"}.
int RunBatch(engine::Engine& eng, const engine::SearchRequest& base, const std::string& file) {
  std::ifstream in(file);
  if (!in) return ReportError("search", Status::IoError("cannot read batch file " + file));
  std::string line;
  int64_t n = 0, failed = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    ++n;
    engine::SearchRequest req = base;
    req.query = line;
    const auto t0 = std::chrono::steady_clock::now();
    auto r = eng.Search(req);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
    nlohmann::json j = {{"line", n}, {"query", line}};
    if (!r.ok()) {
      ++failed;
      j["error"] = r.status().message();
    } else {
      nlohmann::json top = nlohmann::json::array();
      for (const auto& h : r->hits) top.push_back(h.article.id);
      j["hits"] = r->total;
      j["top"] = top;
      j["micros"] = us;
    }
    std::cout << engine::Dump(j) << "\n";
  }
  std::cerr << fmt::format("{} queries, {} failed\n", n, failed);
  return failed ? kExitPartial : kExitOk;
}

int Run(const GlobalOptions& g, const SearchArgs& args) {
  engine::SearchRequest req;
  req.query = args.query;
  req.outlet = args.outlet;
  req.category = args.category;
  req.limit = args.limit;
  req.offset = args.offset;
  req.histogram = args.histogram;
  req.sort = args.sort == "date" ? engine::SearchRequest::Sort::kDate : engine::SearchRequest::Sort::kRelevance;
  if (!args.from.empty()) {
    auto b = ParseBound("--from", args.from, false);
    if (!b.ok()) return ReportError("search", b.status());
    req.from_epoch = *b;
  }
  if (!args.to.empty()) {
    auto b = ParseBound("--to", args.to, true);
    if (!b.ok()) return ReportError("search", b.status());
    req.to_epoch = *b;
  }
  if (args.batch.empty() && args.query.empty()) {
    return ReportError("search", Status::Invalid("give a query, or --batch FILE"));
  }
  auto eng = OpenEngine(g, /*read_only=*/false);
  if (!eng.ok()) return ReportError("search", eng.status());
  if (!args.batch.empty()) return RunBatch(**eng, req, args.batch);
  auto r = (*eng)->Search(req);
  if (!r.ok()) {
    if (r.status().code() == Status::Code::kInvalid) {
      std::cerr << "riwaya search: bad query: " << r.status().message() << "\n";
      return kExitUsage;
    }
    return ReportError("search", r.status());
  }
  if (args.json) {
    std::cout << engine::Dump(ResultJson(*r), 2) << "\n";
  } else {
    PrintHuman(*r, req);
  }
  return kExitOk;
}

}  // namespace

void RegisterSearch(Commands& c) {
  auto args = std::make_shared<SearchArgs>();
  const GlobalOptions& g = c.global();
  CLI::App* sub = c.Add("search", "Search the archive (Arabic-aware: every form of a word)",
                        [args, &g] { return Run(g, *args); });
  sub->add_option("query", args->query, "the query (see docs/query.md), e.g. حكومة or \"وزير الدفاع\"");
  sub->add_option("--outlet", args->outlet, "only this outlet (exact name)");
  sub->add_option("--category", args->category, "only this category (exact name)");
  sub->add_option("--from", args->from, "published on or after this day (YYYY-MM-DD)");
  sub->add_option("--to", args->to, "published on or before this day (YYYY-MM-DD)");
  sub->add_option("--sort", args->sort, "relevance (default) or date (newest first)")
      ->check(CLI::IsMember({"relevance", "date"}));
  sub->add_option("--histogram", args->histogram, "date histogram buckets: day, week or month")
      ->check(CLI::IsMember({"day", "week", "month"}));
  sub->add_option("--limit", args->limit, "results per page (default 10)")->check(CLI::Range(0, 1000));
  sub->add_option("--offset", args->offset, "results to skip (paging)")->check(CLI::NonNegativeNumber);
  sub->add_option("--batch", args->batch, "run one query per line of FILE; prints JSON lines with hits, top ids, µs");
  sub->add_flag("--json", args->json, "machine-readable output");
  sub->footer(
      "Query language (docs/query.md):\n"
      "  حكومة                 every form: والحكومة، للحكومة، الحكومات\n"
      "  =الحكومة              only that written form (diacritics ignored)\n"
      "  \"وزير الدفاع\"          phrase;  \"وزير الدفاع\"~5  within 5 words\n"
      "  غزة OR رفح -هدنة      either word, without هدنة\n"
      "  title:أوستن outlet:bbc date:2018-02-01..2018-03-15\n"
      "Examples:\n"
      "  riwaya search 'حكومة' --from 2018-03-01 --sort date\n"
      "  riwaya search --batch queries.txt > results.jsonl");
}

}  // namespace riwaya::cli
