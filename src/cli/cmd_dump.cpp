// riwaya dump (hidden): every stored article as one canonical JSON line, in
// sequence order, without the ingest time. Used to compare stores (crash tests).
#include <fmt/core.h>

#include "cli/command.h"
#include "engine/article_json.h"

namespace riwaya::cli {

namespace {

struct DumpArgs {
  bool integrity = false;
};

int Run(const GlobalOptions& g, const DumpArgs& args) {
  auto eng = OpenEngine(g, /*read_only=*/true);
  if (!eng.ok()) return ReportError("dump", eng.status());
  if (args.integrity) {
    auto r = (*eng)->IntegrityCheck();
    if (!r.ok()) return ReportError("dump", r.status());
    fmt::print("{}\n", *r);
    return *r == "ok" ? kExitOk : kExitError;
  }
  const Status st = (*eng)->ForEachArticle(0, [](const model::Article& a, int64_t copy_of) {
    nlohmann::json j = engine::ArticleToJson(a);
    j.erase("ingested_at");
    j["copy_of_seq"] = copy_of;
    fmt::print("{}\n", engine::Dump(j));
    return true;
  });
  if (!st.ok()) return ReportError("dump", st);
  return kExitOk;
}

}  // namespace

void RegisterDump(Commands& c) {
  auto args = std::make_shared<DumpArgs>();
  const GlobalOptions& g = c.global();
  CLI::App* sub = c.Add("dump", "Print every stored article as a canonical JSON line (for comparisons)",
                        [args, &g] { return Run(g, *args); });
  sub->add_flag("--integrity", args->integrity, "run SQLite's integrity check instead; prints 'ok' when sound");
  sub->group("");  // hidden: a tool for tests and debugging
}

}  // namespace riwaya::cli
