// riwaya ingest PATH...: parse files/directories/.gz archives and store them.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include <fmt/core.h>

#include "base/utf8.h"
#include "cli/command.h"
#include "engine/article_json.h"

namespace riwaya::cli {

namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  bool json = false;
  bool force = false;
  bool quiet = false;
  std::string outlet;  // for articles that name none
  size_t batch = 1000;
  int show_rejections = 10;
};

std::string Duration(double s) {
  if (s < 0 || s > 1e7) return "--:--";
  const int t = static_cast<int>(s + 0.5);
  return t >= 3600 ? fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
                   : fmt::format("{}:{:02}", t / 60, t % 60);
}

// One line, redrawn in place: percent, articles, docs/s, MB/s, ETA.
void DrawProgress(const engine::Progress& p) {
  const double frac = p.bytes_total ? static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total) : 0.0;
  constexpr int kWidth = 24;
  const int filled = std::clamp(static_cast<int>(frac * kWidth), 0, kWidth);
  const double secs = std::max(p.seconds, 1e-3);
  const double mbps = static_cast<double>(p.bytes_done) / 1e6 / secs;
  const double eta = frac > 0.001 ? p.seconds * (1 - frac) / frac : -1;
  fmt::print(stderr, "\r\x1b[K[{}{}] {:5.1f}%  {} articles  {:.0f} docs/s  {:.1f} MB/s  ETA {}",
             std::string(static_cast<size_t>(filled), '#'), std::string(static_cast<size_t>(kWidth - filled), ' '),
             frac * 100, Thousands(p.articles), static_cast<double>(p.articles) / secs, mbps, Duration(eta));
  std::fflush(stderr);
}

int Run(const GlobalOptions& g, const IngestArgs& args) {
  if (!utf8::IsValid(args.outlet)) {
    fmt::print(stderr, "riwaya ingest: --outlet is not valid UTF-8 (byte {})\n", utf8::FindInvalid(args.outlet));
    return kExitUsage;
  }
  auto eng = OpenEngine(g, /*read_only=*/false);
  if (!eng.ok()) return ReportError("ingest", eng.status());
  engine::IngestOptions opts;
  opts.batch_size = std::max<size_t>(args.batch, 1);
  opts.force = args.force;
  // Trimmed so "--outlet ' الوطن '" and "--outlet الوطن" name the same outlet.
  const size_t b = args.outlet.find_first_not_of(" \t\r\n");
  if (b != std::string::npos) opts.default_outlet = args.outlet.substr(b, args.outlet.find_last_not_of(" \t\r\n") - b + 1);
  const bool tty = StderrIsTty() && !args.quiet;
  if (tty) opts.on_progress = DrawProgress;
  auto r = (*eng)->IngestPaths(args.paths, opts);
  if (tty) fmt::print(stderr, "\r\x1b[K");
  if (!r.ok()) return ReportError("ingest", r.status());
  const engine::IngestReport& rep = *r;
  if (args.json) {
    fmt::print("{}\n", engine::Dump(engine::IngestReportToJson(rep), 2));
  } else {
    const double secs = std::max(rep.seconds, 1e-3);
    const int64_t docs = rep.added + rep.copies + rep.unchanged - rep.skipped_articles;
    fmt::print("added {}, copies {}, unchanged {}, rejected {}", Thousands(rep.added), Thousands(rep.copies),
               Thousands(rep.unchanged), Thousands(rep.rejected));
    if (rep.fetch_tasks) fmt::print(", fetch tasks {}", Thousands(rep.fetch_tasks));
    fmt::print(" — {} input(s){} in {:.2f} s ({:.0f} docs/s, {:.1f} MB/s)\n", rep.inputs,
               rep.skipped_inputs ? fmt::format(", {} already ingested and skipped", rep.skipped_inputs) : "",
               rep.seconds, static_cast<double>(docs) / secs, static_cast<double>(rep.bytes) / 1e6 / secs);
    const int n = std::min<int>(args.show_rejections, static_cast<int>(rep.rejections.size()));
    for (int i = 0; i < n; ++i) fmt::print(stderr, "rejected: {}\n", rep.rejections[static_cast<size_t>(i)].ToString());
    if (rep.rejected > n) fmt::print(stderr, "... and {} more rejections (use --json for all)\n", rep.rejected - n);
  }
  return rep.rejected > 0 ? kExitPartial : kExitOk;
}

}  // namespace

void RegisterIngest(Commands& c) {
  auto args = std::make_shared<IngestArgs>();
  const GlobalOptions& g = c.global();
  CLI::App* sub = c.Add("ingest", "Parse news files, directories and .gz archives and store their articles",
                        [args, &g] { return Run(g, *args); });
  sub->add_option("paths", args->paths, "files or directories (walked recursively; .gz read transparently)")
      ->required();
  sub->add_flag("--json", args->json, "print the report as JSON (every rejection included)");
  sub->add_flag("--force", args->force, "re-read files the store has already ingested completely");
  sub->add_flag("-q,--quiet", args->quiet, "no progress bar");
  sub->add_option("--outlet", args->outlet,
                  "outlet for articles that name none (plain-text pages never do); articles that name "
                  "their outlet keep it");
  sub->add_option("--batch", args->batch, "articles per store transaction (default 1000)");
  sub->add_option("--show-rejections", args->show_rejections, "rejections listed in the summary (default 10)");
  sub->footer(
      "Formats are recognised from content: plain-text news pages (title line, date line such as\n"
      "'تاريخ النشر: 26 يونيو 2024', paragraphs, 'المصدر: الحرة', 'إقرأ أيضاً:' blocks), HTML pages,\n"
      "TREC <DOC> archives, JSON Lines, RSS/Atom/OPML.\n"
      "Re-ingesting adds nothing; identical bodies are stored as copies of the first article.\n"
      "--outlet applies to newly stored articles only: one already in the store keeps what it has.\n"
      "Exit code: 0 ok, 3 partial (some records rejected, the rest stored), 1 error.\n\n"
      "Examples:\n"
      "  riwaya ingest ../shared/seed/000_d4adefc42975d5a4.txt   # page 'لأول مرة منذ عام.. وزير الدفاع ...'\n"
      "  riwaya --data ./archive ingest ant-v2.1.trec.gz saudinewsnet-2015.jsonl.gz\n"
      "  riwaya ingest --outlet 'الحرة' ./صفحات-الحرة/   # pages without a named outlet become الحرة\n"
      "  riwaya ingest ./أخبار/ --json > report.json");
}

}  // namespace riwaya::cli
