// riwaya search QUERY: ranked, Arabic-aware search over the index.
// (The index is being built; until Engine::Search is wired this reports so.)
#include <fmt/core.h>

#include "cli/command.h"
#include "cli/render.h"

namespace riwaya::cli {

namespace {

struct SearchArgs {
  std::string query;
  std::string outlet;
  int limit = 10;
  int offset = 0;
};

int Run(const GlobalOptions& g, const SearchArgs& args) {
  auto eng = OpenEngine(g, /*read_only=*/true);
  if (!eng.ok()) return ReportError("search", eng.status());
  engine::SearchRequest req;
  req.query = args.query;
  req.outlet = args.outlet;
  req.limit = args.limit;
  req.offset = args.offset;
  auto r = (*eng)->Search(req);
  if (!r.ok()) return ReportError("search", r.status());
  fmt::print("{} result(s) in {} µs\n", Thousands(r->total), r->micros);
  for (const auto& h : r->hits) fmt::print("{:8.3f}  {}\n          {}\n", h.score, RenderSummary(h.article), h.snippet);
  return kExitOk;
}

}  // namespace

void RegisterSearch(Commands& c) {
  auto args = std::make_shared<SearchArgs>();
  const GlobalOptions& g = c.global();
  CLI::App* sub = c.Add("search", "Search the archive (Arabic-aware: every form of a word)",
                        [args, &g] { return Run(g, *args); });
  sub->add_option("query", args->query, "the query, e.g. حكومة or \"وزير الدفاع\"")->required();
  sub->add_option("--outlet", args->outlet, "only this outlet");
  sub->add_option("--limit", args->limit, "results per page (default 10)");
  sub->add_option("--offset", args->offset, "results to skip");
  sub->footer("Example:\n  riwaya search 'حكومة'     # also matches والحكومة، للحكومة، الحكومات");
}

}  // namespace riwaya::cli
