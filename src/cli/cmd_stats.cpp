// riwaya stats: what the store holds, per outlet and per month.
#include <fmt/core.h>

#include "cli/command.h"
#include "engine/article_json.h"

namespace riwaya::cli {

namespace {

struct StatsArgs {
  bool json = false;
};

int Run(const GlobalOptions& g, const StatsArgs& args) {
  auto eng = OpenEngine(g, /*read_only=*/true);
  if (!eng.ok()) return ReportError("stats", eng.status());
  auto s = (*eng)->GetStats();
  if (!s.ok()) return ReportError("stats", s.status());
  if (args.json) {
    fmt::print("{}\n", engine::Dump(engine::StatsToJson(*s), 2));
    return kExitOk;
  }
  fmt::print("articles {}, copies {}, read-also/related {}, undated {}, last sequence {} (searchable through {})\n",
             Thousands(s->articles), Thousands(s->copies), Thousands(s->related), Thousands(s->undated), s->last_seq,
             s->indexed_seq);
  for (const auto& o : s->outlets) {
    fmt::print("\n{}  {}\n", o.outlet.empty() ? "(no outlet)" : o.outlet, Thousands(o.articles));
    std::string months;
    for (const auto& m : o.per_month) months += fmt::format("  {} {}", m.value, Thousands(m.count));
    fmt::print("  {}\n", months);
  }
  return kExitOk;
}

}  // namespace

void RegisterStats(Commands& c) {
  auto args = std::make_shared<StatsArgs>();
  const GlobalOptions& g = c.global();
  CLI::App* sub = c.Add("stats", "Count stored articles per outlet and per month",
                        [args, &g] { return Run(g, *args); });
  sub->add_flag("--json", args->json, "print JSON");
  sub->footer(
      "Months are those of the publication date; 'unknown' counts articles whose date was\n"
      "never found (riwaya does not guess, and a crawl time is not a publication date).\n\n"
      "Example:\n"
      "  riwaya stats        # e.g. 'سكاي نيوز عربية  6,812   2018-02 1,020  2018-03 ...'");
}

}  // namespace riwaya::cli
