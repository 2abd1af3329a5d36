// riwaya reindex: rebuild the search index from the store.
#include <fmt/core.h>

#include "cli/command.h"

namespace riwaya::cli {

void RegisterReindex(Commands& c) {
  const GlobalOptions& g = c.global();
  CLI::App* sub = c.Add("reindex", "Rebuild the search index from the store", [&g] {
    auto eng = OpenEngine(g, /*read_only=*/false);
    if (!eng.ok()) return ReportError("reindex", eng.status());
    const Status st = (*eng)->Reindex(nullptr);
    if (!st.ok()) return ReportError("reindex", st);
    fmt::print("index rebuilt\n");
    return kExitOk;
  });
  sub->footer("The store is the truth; the index is derived and can always be rebuilt.\n"
              "Example:\n  riwaya --data ./data reindex");
}

}  // namespace riwaya::cli
