// riwaya show ID: one stored article with its date provenance, credit, links,
// copies and related articles.
#include <fmt/core.h>

#include "cli/command.h"
#include "cli/render.h"
#include "engine/article_json.h"

namespace riwaya::cli {

namespace {

struct ShowArgs {
  std::string id;
  bool json = false;
};

int Run(const GlobalOptions& g, const ShowArgs& args) {
  auto eng = OpenEngine(g, /*read_only=*/true);
  if (!eng.ok()) return ReportError("show", eng.status());
  engine::Engine& e = **eng;
  auto a = e.GetArticle(args.id);
  if (!a.ok()) return ReportError("show", a.status());
  const std::string id = a->id;
  auto copies = e.Copies(id);
  auto related = e.Related(id);
  auto copy_of = e.CopyOf(id);
  if (!copies.ok()) return ReportError("show", copies.status());
  if (!related.ok()) return ReportError("show", related.status());
  if (!copy_of.ok()) return ReportError("show", copy_of.status());
  if (args.json) {
    nlohmann::json j = engine::ArticleToJson(*a);
    j["copy_of_seq"] = *copy_of;
    j["copies"] = nlohmann::json::array();
    for (const auto& c : *copies)
      j["copies"].push_back({{"seq", c.seq}, {"id", c.id}, {"outlet", c.outlet}, {"title", c.title}});
    j["related"] = nlohmann::json::array();
    for (const auto& r : *related)
      j["related"].push_back({{"seq", r.seq}, {"id", r.id}, {"outlet", r.outlet}, {"title", r.title},
                              {"related_to", r.related_to}});
    fmt::print("{}\n", engine::Dump(j, 2));
    return kExitOk;
  }
  fmt::print("{}", RenderArticle(*a));
  if (*copy_of) fmt::print("\ncopy of article #{} (same body)\n", *copy_of);
  if (!copies->empty()) {
    fmt::print("\nsame body ({}):\n", copies->size());
    for (const auto& c : *copies) fmt::print("  {}\n", RenderSummary(c));
  }
  if (!related->empty()) {
    fmt::print("\nrelated ({}):\n", related->size());
    for (const auto& r : *related) fmt::print("  {}\n", RenderSummary(r));
  }
  return kExitOk;
}

}  // namespace

void RegisterShow(Commands& c) {
  auto args = std::make_shared<ShowArgs>();
  const GlobalOptions& g = c.global();
  CLI::App* sub = c.Add("show", "Show one stored article: date provenance, credit, links, copies, related",
                        [args, &g] { return Run(g, *args); });
  sub->add_option("id", args->id, "the article's 16-hex-digit id or its sequence number")->required();
  sub->add_flag("--json", args->json, "print JSON (every field, plus copies and related)");
  sub->footer(
      "Examples:\n"
      "  riwaya show 1            # the first article stored\n"
      "  riwaya show 4f1c0e9a7b2d3c10 --json\n"
      "A read-also article ('إقرأ أيضاً') lists the page's main article under 'related';\n"
      "a wire story republished word for word lists its other outlets under 'same body'.");
}

}  // namespace riwaya::cli
