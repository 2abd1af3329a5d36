// riwaya parse FILE: show what would be ingested, without touching a store.
#include <fmt/core.h>

#include "cli/command.h"
#include "cli/render.h"
#include "engine/article_json.h"
#include "ingest/ingest_path.h"
#include "news/fingerprint.h"

namespace riwaya::cli {

namespace {

struct ParseArgs {
  std::string path;
  bool json = false;
};

class CollectSink : public ingest::Sink {
 public:
  void Article(model::Article&& a) override { articles.push_back(std::move(a)); }
  void Reject(ingest::Rejection&& r) override { rejections.push_back(std::move(r)); }
  void Fetch(ingest::FetchTask&& t) override { fetches.push_back(std::move(t)); }
  std::vector<model::Article> articles;
  std::vector<ingest::Rejection> rejections;
  std::vector<ingest::FetchTask> fetches;
};

int Run(const ParseArgs& args) {
  CollectSink sink;
  const Status st = ingest::IngestPath(args.path, sink);
  if (!st.ok()) return ReportError("parse", st);
  // What the store would fill in: the id and the content fingerprint.
  for (auto& a : sink.articles) {
    if (a.id.empty() && !a.key.empty()) a.id = model::IdForKey(a.key);
    if (a.fingerprint.empty()) a.fingerprint = news::ArticleFingerprint(a);
  }
  if (args.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& a : sink.articles) arr.push_back(engine::ArticleToJson(a));
    fmt::print("{}\n", engine::Dump(arr, 2));
  } else {
    for (size_t i = 0; i < sink.articles.size(); ++i) {
      fmt::print("── article {} of {} ──\n{}\n", i + 1, sink.articles.size(), RenderArticle(sink.articles[i]));
    }
    for (const auto& t : sink.fetches) {
      fmt::print("fetch {}: {} {}\n", t.is_feed ? "feed" : "page", t.url, t.title);
    }
    fmt::print("{} article(s), {} fetch task(s), {} rejection(s)\n", sink.articles.size(), sink.fetches.size(),
               sink.rejections.size());
  }
  for (const auto& r : sink.rejections) fmt::print(stderr, "rejected: {}\n", r.ToString());
  return sink.rejections.empty() ? kExitOk : kExitPartial;
}

}  // namespace

void RegisterParse(Commands& c) {
  auto args = std::make_shared<ParseArgs>();
  CLI::App* sub = c.Add("parse", "Print the articles a file would give, without storing anything",
                        [args] { return Run(*args); });
  sub->add_option("file", args->path, "a news page, HTML page, archive, feed (or a directory)")->required();
  sub->add_flag("--json", args->json, "print a JSON array of articles with every field");
  sub->footer(
      "Useful to check how riwaya reads a source before ingesting it: title, date and where it\n"
      "was found, credit, paragraphs, read-also links and articles.\n\n"
      "Examples:\n"
      "  riwaya parse ../shared/seed/000_d4adefc42975d5a4.txt\n"
      "      → 2 articles: 'لأول مرة منذ عام.. وزير الدفاع الأميركي يتحدث مع نظيره الروسي'\n"
      "        (2024-06-26, text-label, credit الحرة) and its 'إقرأ أيضاً' article, related to it\n"
      "  riwaya parse page.html --json | jq '.[0].published'");
}

}  // namespace riwaya::cli
