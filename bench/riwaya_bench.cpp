// riwaya_bench: one process per engine and corpus. Loads the corpus into memory,
// times index build (+ compaction/optimise separately), measures on-disk size,
// peak RSS and in-process top-10 query latency, and prints one JSON line.
//
//   riwaya_bench queries --ant F [--seed S] --out QUERIES
//   riwaya_bench run --engine E --ant F [--snn F] [--repeat N] --queries Q --work DIR
//   riwaya_bench race --engines a,b,.. --ant F --queries Q --work DIR [--rounds N]
//   riwaya_bench report RESULTS.jsonl      (markdown tables)
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "corpus.h"
#include "queries.h"
#include "riwaya_driver.h"
#include "search_engine.h"

namespace rb = riwaya::bench;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// CPU time of this process/thread in seconds: on a shared machine wall time
// includes waiting for a core, CPU time does not, so both are reported.
double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

std::map<std::string, std::string> ParseFlags(int argc, char** argv, int first) {
  std::map<std::string, std::string> f;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) == 0 && i + 1 < argc) f[a.substr(2)] = argv[++i];
    else f["_" + std::to_string(i)] = a;
  }
  return f;
}

int Fail(const riwaya::Status& s) {
  std::cerr << "riwaya_bench: " << s.ToString() << "\n";
  return 1;
}

riwaya::Status LoadCorpus(std::map<std::string, std::string>& f, rb::Corpus& c) {
  if (f.count("ant")) RIWAYA_RETURN_IF_ERROR(rb::LoadTrec(f["ant"], c));
  if (f.count("snn")) RIWAYA_RETURN_IF_ERROR(rb::LoadJsonl(f["snn"], c));
  if (f.count("repeat")) rb::Repeat(c, std::stoi(f["repeat"]));
  if (c.docs.empty()) return riwaya::Status::Invalid("empty corpus (give --ant and/or --snn)");
  return riwaya::Status::Ok();
}

json Percentiles(std::vector<double> us, std::vector<double> cpu_us, size_t zero_hits, double mean_hits) {
  std::sort(us.begin(), us.end());
  std::sort(cpu_us.begin(), cpu_us.end());
  auto pick = [](const std::vector<double>& v, double p) {
    if (v.empty()) return 0.0;
    size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
  };
  auto at = [&](double p) { return pick(us, p); };
  auto cpu = [&](double p) { return pick(cpu_us, p); };
  double sum = 0;
  for (double v : us) sum += v;
  return json{{"queries", us.size()}, {"median_us", at(0.5)}, {"p90_us", at(0.9)}, {"p99_us", at(0.99)},
              {"mean_us", us.empty() ? 0.0 : sum / static_cast<double>(us.size())},
              {"cpu_median_us", cpu(0.5)}, {"cpu_p90_us", cpu(0.9)}, {"cpu_p99_us", cpu(0.99)},
              {"zero_hits", zero_hits}, {"mean_hits", mean_hits}};
}

riwaya::Result<json> RunSet(rb::SearchEngine& e, rb::QueryKind kind, const std::vector<std::string>& texts,
                            std::ofstream* dump) {
  std::vector<uint32_t> out;
  std::vector<double> us, cpu_us;
  us.reserve(texts.size());
  cpu_us.reserve(texts.size());
  size_t zero = 0, hits = 0;
  // One untimed pass warms caches the same way for every engine.
  for (const auto& t : texts) {
    riwaya::Status s = e.Search({kind, t}, 10, out);
    if (!s.ok()) return s;
  }
  for (const auto& t : texts) {
    const double ca = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    auto a = Clock::now();
    riwaya::Status s = e.Search({kind, t}, 10, out);
    auto b = Clock::now();
    const double cb = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    if (!s.ok()) return s;
    us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
    cpu_us.push_back((cb - ca) * 1e6);
    hits += out.size();
    if (out.empty()) ++zero;
    if (dump) {
      *dump << rb::QueryKindName(kind) << "\t" << t << "\t";
      for (size_t i = 0; i < out.size(); ++i) *dump << (i ? "," : "") << out[i];
      *dump << "\n";
    }
  }
  return Percentiles(std::move(us), std::move(cpu_us), zero, texts.empty() ? 0.0 : double(hits) / double(texts.size()));
}

// The three timed query sets, in the order every mode runs them.
struct QuerySetRef {
  const char* key;
  rb::QueryKind kind;
  const std::vector<std::string>* texts;
};
std::vector<QuerySetRef> QuerySets(const rb::QuerySet& q) {
  return {{"or", rb::QueryKind::kOr, &q.bag}, {"and", rb::QueryKind::kAnd, &q.bag},
          {"phrase", rb::QueryKind::kPhrase, &q.phrase}};
}

// An engine's index directory and its compacted copy (Xapian writes one).
void RemoveIndex(const std::string& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::remove_all(dir + ".compact", ec);
}

int Queries(std::map<std::string, std::string> f) {
  rb::Corpus c;
  riwaya::Status s = LoadCorpus(f, c);
  if (!s.ok()) return Fail(s);
  uint64_t seed = f.count("seed") ? std::stoull(f["seed"]) : 20180218;
  rb::QuerySet q = rb::DrawQueries(c, seed, 1000, 200);
  if (!f.count("out")) return Fail(riwaya::Status::Invalid("--out required"));
  s = rb::WriteQueries(q, f["out"]);
  if (!s.ok()) return Fail(s);
  std::cerr << "wrote " << q.bag.size() << " bag-of-words and " << q.phrase.size() << " phrase queries to "
            << f["out"] << " (seed " << seed << ")\n";
  return 0;
}

int Run(std::map<std::string, std::string> f) {
  const std::string name = f["engine"];
  if (name.empty() || !f.count("queries") || !f.count("work"))
    return Fail(riwaya::Status::Invalid("run needs --engine, --queries and --work"));
  auto queries = rb::ReadQueries(f["queries"]);
  if (!queries.ok()) return Fail(queries.status());

  auto t0 = Clock::now();
  rb::Corpus c;
  riwaya::Status s = LoadCorpus(f, c);
  if (!s.ok()) return Fail(s);
  auto t1 = Clock::now();
  const int64_t rss_load_peak = rb::PeakRssKb();
  const bool peak_reset = rb::ResetPeakRss();
  const int64_t rss_loaded = rb::CurrentRssKb();

  const std::string dir = f["work"] + "/" + name;
  std::filesystem::create_directories(f["work"]);
  riwaya::Result<std::unique_ptr<rb::SearchEngine>> made =
      name == "riwaya" ? rb::MakeRiwayaEngine(dir) : rb::MakePeerEngine(name, dir);
  if (!made.ok()) return Fail(made.status());
  rb::SearchEngine& e = **made;

  const double c2 = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  auto t2 = Clock::now();
  for (size_t i = 0; i < c.docs.size(); ++i) {
    s = e.Add(static_cast<uint32_t>(i), c.docs[i]);
    if (!s.ok()) return Fail(s);
  }
  auto t3 = Clock::now();
  s = e.Finish();
  if (!s.ok()) return Fail(s);
  auto t4 = Clock::now();
  const double c4 = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  const int64_t rss_built = rb::PeakRssKb();

  std::unique_ptr<std::ofstream> dump;
  if (f.count("dump")) dump = std::make_unique<std::ofstream>(f["dump"]);
  json r{{"engine", name},
         {"corpus", f.count("label") ? f["label"] : "ant"},
         {"docs", c.docs.size()},
         {"skipped", c.skipped},
         {"input_mb", double(c.input_bytes) / 1e6},
         {"load_s", Seconds(t0, t1)},
         {"index_s", Seconds(t2, t3)},
         {"finish_s", Seconds(t3, t4)},
         {"build_s", Seconds(t2, t4)},
         {"build_cpu_s", c4 - c2},
         {"size_bytes", e.SizeBytes()},
         {"rss_load_peak_kb", rss_load_peak},
         {"peak_reset", peak_reset},
         {"rss_loaded_kb", rss_loaded},
         {"rss_built_kb", rss_built}};
  for (const QuerySetRef& set : QuerySets(*queries)) {
    auto m = RunSet(e, set.kind, *set.texts, dump.get());
    if (!m.ok()) return Fail(m.status());
    r[set.key] = *m;
  }
  r["peak_rss_kb"] = rb::PeakRssKb();
  std::cout << r.dump() << std::endl;
  if (!f.count("keep")) {
    made->reset();
    RemoveIndex(dir);
  }
  return 0;
}

// Query latency with the engines taking turns: every engine builds its index
// in this one process (untimed: `run` measures builds), then the query sets
// run round after round, each round every engine in turn (the order rotated),
// each set as `run` runs it: an untimed pass to warm the caches, then a timed
// one. Each figure (median, p90, p99 over the queries) is taken per round and
// the median over the rounds reported: a slow minute of the machine lands in
// one round of every engine instead of in whichever engine ran in it. One
// JSON line per engine, as `run` prints but with query figures only.
int Race(std::map<std::string, std::string> f) {
  if (!f.count("engines") || !f.count("queries") || !f.count("work"))
    return Fail(riwaya::Status::Invalid("race needs --engines, --queries and --work"));
  std::vector<std::string> names;
  for (size_t at = 0; at <= f["engines"].size();) {
    const size_t comma = std::min(f["engines"].find(',', at), f["engines"].size());
    if (comma > at) names.push_back(f["engines"].substr(at, comma - at));
    at = comma + 1;
  }
  const int rounds = f.count("rounds") ? std::stoi(f["rounds"]) : 5;
  if (names.empty() || rounds < 1) return Fail(riwaya::Status::Invalid("race: no engines, or --rounds < 1"));
  auto queries = rb::ReadQueries(f["queries"]);
  if (!queries.ok()) return Fail(queries.status());
  rb::Corpus c;
  riwaya::Status s = LoadCorpus(f, c);
  if (!s.ok()) return Fail(s);
  std::filesystem::create_directories(f["work"]);
  std::vector<std::unique_ptr<rb::SearchEngine>> engines;
  for (const std::string& name : names) {
    const std::string dir = f["work"] + "/race-" + name;
    auto made = name == "riwaya" ? rb::MakeRiwayaEngine(dir) : rb::MakePeerEngine(name, dir);
    if (!made.ok()) return Fail(made.status());
    std::cerr << "race: building " << name << "\n";
    for (size_t i = 0; i < c.docs.size(); ++i) {
      s = (*made)->Add(static_cast<uint32_t>(i), c.docs[i]);
      if (!s.ok()) return Fail(s);
    }
    s = (*made)->Finish();
    if (!s.ok()) return Fail(s);
    engines.push_back(std::move(*made));
  }
  const std::vector<QuerySetRef> sets = QuerySets(*queries);
  // per_round[engine][set]: each round's figures (RunSet: an untimed pass, then the timed one)
  std::vector<std::vector<std::vector<json>>> per_round(engines.size(), std::vector<std::vector<json>>(sets.size()));
  for (int r = 1; r <= rounds; ++r) {
    std::cerr << "race: round " << r << " of " << rounds << "\n";
    for (size_t k = 0; k < engines.size(); ++k) {
      const size_t e = (k + static_cast<size_t>(r)) % engines.size();
      for (size_t si = 0; si < sets.size(); ++si) {
        auto m = RunSet(*engines[e], sets[si].kind, *sets[si].texts, nullptr);
        if (!m.ok()) return Fail(m.status());
        per_round[e][si].push_back(*m);
      }
    }
  }
  for (size_t e = 0; e < engines.size(); ++e) {
    json r{{"engine", names[e]}, {"corpus", f.count("label") ? f["label"] : "ant"}, {"docs", c.docs.size()},
           {"race_rounds", rounds}};
    for (size_t si = 0; si < sets.size(); ++si) {
      json m = per_round[e][si].front();  // counts (queries, zero hits) are the same every round
      for (const char* k : {"median_us", "p90_us", "p99_us", "mean_us", "cpu_median_us", "cpu_p90_us", "cpu_p99_us"}) {
        std::vector<double> v;
        for (const json& round : per_round[e][si]) v.push_back(round.value(k, 0.0));
        std::sort(v.begin(), v.end());
        m[k] = v[v.size() / 2];
      }
      r[sets[si].key] = m;
    }
    std::cout << r.dump() << std::endl;
  }
  for (size_t e = 0; e < engines.size(); ++e) {
    engines[e].reset();
    RemoveIndex(f["work"] + "/race-" + names[e]);
  }
  return 0;
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// How cost grows with the corpus, per engine, against its run on the first
// corpus: "g× (r)" where g is the growth of the figure and r = g / growth in
// documents, i.e. the cost per document relative to 1×; r <= 1.00 means
// "no worse than linear". Latency is the thread-CPU median (wall time on a
// shared machine mostly measures waiting for a core).
void PrintGrowth(const std::map<std::string, std::vector<json>>& by_corpus, const std::vector<std::string>& order) {
  const std::string& base_name = order.front();
  std::cout << "\n### Growth against `" << base_name
            << "`: figure growth × (per-document ratio; ≤ 1.00 = no worse than linear)\n\n"
               "| engine | corpus | docs × | build CPU | size | RSS over corpus | OR median | AND median | "
               "phrase median |\n|---|---|---:|---|---|---|---|---|---|\n";
  auto cell = [](double now, double then, double docs) -> std::string {
    if (then <= 0 || docs <= 0) return "n/a";
    const double g = now / then;
    return Fixed(g, 1) + "× (" + Fixed(g / docs, 2) + ")";
  };
  for (const json& base : by_corpus.at(base_name)) {
    const std::string engine = base.value("engine", "?");
    for (size_t i = 1; i < order.size(); ++i) {
      for (const json& r : by_corpus.at(order[i])) {
        if (r.value("engine", "") != engine) continue;
        const double docs = double(r.value("docs", 0)) / std::max(1.0, double(base.value("docs", 0)));
        auto over = [](const json& j) {
          return double(j.value("peak_rss_kb", 0) - j.value("rss_loaded_kb", 0));
        };
        std::cout << "| " << engine << " | " << order[i] << " | " << Fixed(docs, 1) << " | "
                  << cell(r.value("build_cpu_s", 0.0), base.value("build_cpu_s", 0.0), docs) << " | "
                  << cell(double(r.value("size_bytes", 0)), double(base.value("size_bytes", 0)), docs) << " | "
                  << cell(over(r), over(base), docs);
        for (const char* k : {"or", "and", "phrase"}) {
          const double now = r.contains(k) ? r[k].value("cpu_median_us", 0.0) : 0.0;
          const double then = base.contains(k) ? base[k].value("cpu_median_us", 0.0) : 0.0;
          std::cout << " | " << cell(now, then, docs);
        }
        std::cout << " |\n";
      }
    }
  }
}

int Report(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Fail(riwaya::Status::IoError(path + ": cannot open"));
  std::map<std::string, std::vector<json>> by_corpus;
  std::vector<std::string> order;
  std::vector<json> race;
  std::string line;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("engine")) continue;
    if (j.contains("race_rounds")) {
      race.push_back(j);
      continue;
    }
    std::string c = j.value("corpus", "?");
    if (!by_corpus.count(c)) order.push_back(c);
    by_corpus[c].push_back(j);
  }
  for (const auto& c : order) {
    const auto& rows = by_corpus[c];
    std::cout << "\n### Corpus `" << c << "` (" << rows[0].value("docs", 0) << " documents, "
              << Fixed(rows[0].value("input_mb", 0.0), 0) << " MB of text)\n\n";
    std::cout << "| engine | index s | compact/optimise s | build wall s | build CPU s | size MB | peak RSS MB | "
                 "RSS over corpus MB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& r : rows) {
      double peak = r.value("peak_rss_kb", 0) / 1024.0, base = r.value("rss_loaded_kb", 0) / 1024.0;
      std::cout << "| " << r.value("engine", "?") << " | " << Fixed(r.value("index_s", 0.0), 2) << " | "
                << Fixed(r.value("finish_s", 0.0), 2) << " | " << Fixed(r.value("build_s", 0.0), 2) << " | "
                << Fixed(r.value("build_cpu_s", 0.0), 2) << " | "
                << Fixed(r.value("size_bytes", 0) / 1e6, 1) << " | " << Fixed(peak, 0) << " | "
                << Fixed(peak - base, 0) << " |\n";
    }
    for (const char* clock : {"", "cpu_"}) {
      std::cout << "\nTop-10 latency, " << (*clock ? "thread CPU time" : "wall clock")
                << ", µs (median / p90 / p99); queries with no hit:\n\n"
                   "| engine | OR | AND | phrase | OR zero | AND zero | phrase zero |\n|---|---|---|---|---:|---:|---:|\n";
      for (const auto& r : rows) {
        std::cout << "| " << r.value("engine", "?");
        for (const char* k : {"or", "and", "phrase"}) {
          const json& m = r[k];
          std::string c = clock;
          std::cout << " | " << Fixed(m.value(c + "median_us", 0.0), 0) << " / " << Fixed(m.value(c + "p90_us", 0.0), 0)
                    << " / " << Fixed(m.value(c + "p99_us", 0.0), 0);
        }
        for (const char* k : {"or", "and", "phrase"}) std::cout << " | " << r[k].value("zero_hits", 0);
        std::cout << " |\n";
      }
    }
  }
  if (order.size() > 1) PrintGrowth(by_corpus, order);
  if (!race.empty()) {
    std::cout << "\n### Engines taking turns (`riwaya_bench race`, corpus `" << race[0].value("corpus", "?") << "`, "
              << race[0].value("race_rounds", 0)
              << " rounds; each figure the median over the rounds)\n\n"
                 "Top-10 latency, wall clock, µs (median / p90 / p99):\n\n"
                 "| engine | OR | AND | phrase |\n|---|---|---|---|\n";
    for (const json& r : race) {
      std::cout << "| " << r.value("engine", "?");
      for (const char* k : {"or", "and", "phrase"})
        std::cout << " | " << Fixed(r[k].value("median_us", 0.0), 0) << " / " << Fixed(r[k].value("p90_us", 0.0), 0)
                  << " / " << Fixed(r[k].value("p99_us", 0.0), 0);
      std::cout << " |\n";
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: riwaya_bench queries|run|race|report ...\n";
    return 2;
  }
  std::string mode = argv[1];
  try {
    if (mode == "queries") return Queries(ParseFlags(argc, argv, 2));
    if (mode == "run") return Run(ParseFlags(argc, argv, 2));
    if (mode == "race") return Race(ParseFlags(argc, argv, 2));
    if (mode == "report" && argc >= 3) return Report(argv[2]);
  } catch (const std::exception& ex) {  // stoi and friends on bad flags
    std::cerr << "riwaya_bench: " << ex.what() << "\n";
    return 2;
  }
  std::cerr << "riwaya_bench: unknown mode '" << mode << "'\n";
  return 2;
}
