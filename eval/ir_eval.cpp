// ir_eval: retrieval quality of riwaya's analyzers and of the peers' Arabic
// analyzers on two question -> passage sets from ../shared/ir:
//   ARCD (SQuAD format): question -> the paragraph that holds its answer;
//   XQuAD-R Arabic (LAReQA): question -> the sentence that holds its answer.
// Every question runs as an OR query over the candidates; we report MRR@10,
// Recall@1 and Recall@10 as a markdown table (or --json).
//
//   ir_eval [--shared DIR] [--set arcd|xquad|xquad-para|all] [--systems a,b,...] [--json]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unistd.h>

#include <unordered_map>
#include <vector>

#include "base/utf8.h"
#include "riwaya_driver.h"
#include "search_engine.h"
#ifdef RIWAYA_HAVE_ANALYZER
#include "text/analyzer.h"
#endif

namespace rb = riwaya::bench;
using nlohmann::json;

namespace {

struct Question {
  std::string text;
  std::vector<uint32_t> gold;  // candidate ordinals that count as correct
};

struct EvalSet {
  std::string name;
  std::vector<std::string> candidates;
  std::vector<Question> questions;
  std::string unit;  // "paragraph" / "sentence"
};

// Candidates are deduplicated by exact text: a question is answered by any
// candidate whose text equals the gold one.
uint32_t Intern(EvalSet& set, std::unordered_map<std::string, uint32_t>& ids, const std::string& text) {
  auto [it, fresh] = ids.emplace(text, static_cast<uint32_t>(set.candidates.size()));
  if (fresh) set.candidates.push_back(text);
  return it->second;
}

riwaya::Result<json> ReadJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return riwaya::Status::NotFound(path + " not found");
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("data"))
    return riwaya::Status::Corrupt(path + ": not a SQuAD-style JSON document");
  return j;
}

riwaya::Result<EvalSet> LoadArcd(const std::string& path) {
  auto j = ReadJson(path);
  if (!j.ok()) return j.status();
  EvalSet set{"ARCD", {}, {}, "paragraph"};
  std::unordered_map<std::string, uint32_t> ids;
  for (const auto& article : (*j)["data"]) {
    for (const auto& p : article.value("paragraphs", json::array())) {
      if (!p.contains("context") || !p["context"].is_string()) continue;
      uint32_t id = Intern(set, ids, p["context"].get<std::string>());
      for (const auto& qa : p.value("qas", json::array())) {
        std::string q = qa.value("question", "");
        if (!q.empty()) set.questions.push_back({q, {id}});
      }
    }
  }
  return set;
}

// XQuAD-R: the gold sentence is the one whose [begin, end] code-point span
// (sentence_breaks) holds the answer's start.
// With `paragraphs`, the candidate is the whole paragraph instead (the unit
// the peers' published figures were measured on).
riwaya::Result<EvalSet> LoadXquadR(const std::string& path, bool paragraphs) {
  auto j = ReadJson(path);
  if (!j.ok()) return j.status();
  EvalSet set{paragraphs ? "XQuAD-R (ar), paragraphs" : "XQuAD-R (ar), sentences", {}, {},
              paragraphs ? "paragraph" : "sentence"};
  std::unordered_map<std::string, uint32_t> ids;
  for (const auto& article : (*j)["data"]) {
    for (const auto& p : article.value("paragraphs", json::array())) {
      const auto& sents = p.value("sentences", json::array());
      const auto& breaks = p.value("sentence_breaks", json::array());
      if (sents.size() != breaks.size() || sents.empty()) continue;
      std::vector<uint32_t> sid;
      if (paragraphs) {
        uint32_t pid = Intern(set, ids, p.value("context", ""));
        sid.assign(sents.size(), pid);
      } else {
        for (const auto& s : sents) sid.push_back(Intern(set, ids, s.is_string() ? s.get<std::string>() : ""));
      }
      for (const auto& qa : p.value("qas", json::array())) {
        std::string q = qa.value("question", "");
        const auto& answers = qa.value("answers", json::array());
        if (q.empty() || answers.empty()) continue;
        int64_t start = answers[0].value("answer_start", int64_t{-1});
        int64_t best = -1;
        for (size_t i = 0; i < breaks.size(); ++i)
          if (breaks[i].is_array() && breaks[i].size() == 2 && breaks[i][0].get<int64_t>() <= start) best = int64_t(i);
        if (best >= 0) set.questions.push_back({q, {sid[static_cast<size_t>(best)]}});
      }
    }
  }
  return set;
}

struct Metrics {
  double mrr10 = 0, r1 = 0, r10 = 0;
  size_t questions = 0;
  double seconds = 0;
};

void Score(const Question& q, const std::vector<uint32_t>& ranked, Metrics& m) {
  for (size_t r = 0; r < ranked.size() && r < 10; ++r) {
    if (std::find(q.gold.begin(), q.gold.end(), ranked[r]) != q.gold.end()) {
      m.mrr10 += 1.0 / double(r + 1);
      if (r == 0) m.r1 += 1;
      m.r10 += 1;
      break;
    }
  }
}

void Finish(Metrics& m, size_t n) {
  m.questions = n;
  if (n == 0) return;
  m.mrr10 /= double(n);
  m.r1 /= double(n);
  m.r10 /= double(n);
}

riwaya::Result<Metrics> EvalEngine(const std::string& id, const EvalSet& set, const std::string& tmp) {
  auto t0 = std::chrono::steady_clock::now();
  std::error_code ec;
  std::filesystem::create_directories(tmp, ec);
  const std::string dir = tmp + "/" + id;
  auto made = id.rfind("riwaya-index-", 0) == 0 ? rb::MakeRiwayaEngine(dir, id.substr(13))
                                                 : rb::MakePeerEngine(id, dir);
  if (!made.ok()) return made.status();
  rb::SearchEngine& e = **made;
  for (size_t i = 0; i < set.candidates.size(); ++i) {
    rb::BenchDoc d;
    d.id = std::to_string(i);
    d.text = set.candidates[i];
    RIWAYA_RETURN_IF_ERROR(e.Add(static_cast<uint32_t>(i), d));
  }
  RIWAYA_RETURN_IF_ERROR(e.Finish());
  Metrics m;
  std::vector<uint32_t> out;
  for (const auto& q : set.questions) {
    riwaya::Status s = e.Search({rb::QueryKind::kOr, q.text}, 10, out);
    if (!s.ok()) return s;
    Score(q, out, m);
  }
  Finish(m, set.questions.size());
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  made->reset();
  std::filesystem::remove_all(dir, ec);
  return m;
}

#ifdef RIWAYA_HAVE_ANALYZER
// Plain BM25 (k1 = 1.2, b = 0.75) over an analyzer's terms, in memory. This
// measures the analyzer alone, independent of the index and its BM25F.
class MemoryBm25 {
 public:
  explicit MemoryBm25(const riwaya::text::Analyzer& a) : analyzer_(a) {}
  void Add(std::string_view text) {
    tokens_.clear();
    analyzer_.Analyze(text, tokens_);
    const uint32_t doc = static_cast<uint32_t>(len_.size());
    len_.push_back(static_cast<uint32_t>(tokens_.size()));
    total_len_ += tokens_.size();
    for (const auto& t : tokens_) {
      auto& list = postings_[t.term];
      if (!list.empty() && list.back().first == doc) ++list.back().second;
      else list.emplace_back(doc, 1u);
    }
  }
  void Search(std::string_view query, size_t k, std::vector<uint32_t>& out) {
    out.clear();
    tokens_.clear();
    analyzer_.Analyze(query, tokens_);
    std::vector<std::string> terms;
    for (const auto& t : tokens_)
      if (std::find(terms.begin(), terms.end(), t.term) == terms.end()) terms.push_back(t.term);
    const double n = double(len_.size());
    const double avg = n > 0 ? double(total_len_) / n : 1.0;
    scores_.assign(len_.size(), 0.0);
    for (const auto& term : terms) {
      auto it = postings_.find(term);
      if (it == postings_.end()) continue;
      const double df = double(it->second.size());
      const double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
      for (const auto& [doc, tf] : it->second) {
        const double norm = 1.2 * (1 - 0.75 + 0.75 * double(len_[doc]) / avg);
        scores_[doc] += idf * double(tf) * 2.2 / (double(tf) + norm);
      }
    }
    std::vector<uint32_t> hits;
    for (uint32_t d = 0; d < scores_.size(); ++d)
      if (scores_[d] > 0) hits.push_back(d);
    const size_t top = std::min(k, hits.size());
    std::partial_sort(hits.begin(), hits.begin() + long(top), hits.end(), [&](uint32_t a, uint32_t b) {
      return scores_[a] != scores_[b] ? scores_[a] > scores_[b] : a < b;
    });
    hits.resize(top);
    out = std::move(hits);
  }

 private:
  const riwaya::text::Analyzer& analyzer_;
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> postings_;
  std::vector<uint32_t> len_;
  uint64_t total_len_ = 0;
  std::vector<riwaya::text::Token> tokens_;
  std::vector<double> scores_;
};

// An analyzer spec: NAME[:KNOB=VALUE...], e.g. "light+hamza" or
// "light:waw_min_rest=4:nisba_min_rest=4" (AnalyzerOptions fields; for
// measuring stemmer variants without rebuilding).
riwaya::Result<std::unique_ptr<riwaya::text::Analyzer>> MakeAnalyzerSpec(const std::string& spec) {
  riwaya::text::AnalyzerOptions o;
  const size_t colon = spec.find(':');
  const std::string name = spec.substr(0, colon);
  if (colon != std::string::npos) {
    std::stringstream knobs(spec.substr(colon + 1));
    std::string kv;
    while (std::getline(knobs, kv, ':')) {
      const size_t eq = kv.find('=');
      if (eq == std::string::npos) return riwaya::Status::Invalid("analyzer knob '" + kv + "': want KNOB=VALUE");
      const std::string k = kv.substr(0, eq);
      int v = 0;
      try {
        v = std::stoi(kv.substr(eq + 1));
      } catch (const std::exception&) {
        return riwaya::Status::Invalid("analyzer knob '" + kv + "': value is not a number");
      }
      if (k == "hamza") o.fold_hamza_carriers = v != 0;
      else if (k == "stopwords") o.remove_stopwords = v != 0;
      else if (k == "waw_stopwords") o.waw_stopwords = v != 0;
      else if (k == "waw_min_rest") o.waw_min_rest = v;
      else if (k == "future_seen") o.strip_future_seen = v != 0;
      else if (k == "single_proclitic_min_rest") o.single_proclitic_min_rest = v;
      else if (k == "accusative_alef") o.strip_accusative_alef = v != 0;
      else if (k == "nisba_min_rest") o.nisba_min_rest = v;
      else if (k == "ending_after_alef") o.ending_after_alef = v != 0;
      else if (k == "plural_under_pronoun") o.plural_under_pronoun = v != 0;
      else return riwaya::Status::Invalid("unknown analyzer knob '" + k + "'");
    }
  }
  auto analyzer = riwaya::text::MakeAnalyzer(name, o);
  if (!analyzer) return riwaya::Status::NotFound("no riwaya analyzer named '" + name + "'");
  return analyzer;
}

riwaya::Result<Metrics> EvalAnalyzer(const std::string& spec, const EvalSet& set) {
  auto t0 = std::chrono::steady_clock::now();
  auto made = MakeAnalyzerSpec(spec);
  if (!made.ok()) return made.status();
  auto& analyzer = *made;
  MemoryBm25 index(*analyzer);
  for (const auto& c : set.candidates) index.Add(c);
  Metrics m;
  std::vector<uint32_t> out;
  for (const auto& q : set.questions) {
    index.Search(q.text, 10, out);
    Score(q, out, m);
  }
  Finish(m, set.questions.size());
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return m;
}
#endif

struct System {
  std::string id;     // command-line name
  std::string label;  // table label
};

std::vector<System> AllSystems() {
  std::vector<System> s;
#ifdef RIWAYA_HAVE_ANALYZER
  for (const char* a : {"light", "snowball", "none"})
    s.push_back({std::string("riwaya-index-") + a, std::string("riwaya index, `") + a + "` analyzer (BM25F)"});
  for (const char* a : {"light", "snowball", "none"})
    s.push_back({std::string("riwaya-") + a,
                 std::string("riwaya `") + a + "` (in-memory BM25 over analyzer tokens)"});
#endif
  for (const auto& p : rb::PeerNames()) {
    if (p == "xapian") s.push_back({p, "Xapian (Snowball arabic, BM25)"});
    else if (p == "lucene") s.push_back({p, "Lucene++ ArabicAnalyzer (classic TF-IDF)"});
    else if (p == "fts5") s.push_back({p, "SQLite FTS5 unicode61 rd2 (bm25)"});
  }
  return s;
}

riwaya::Result<Metrics> Evaluate(const System& sys, const EvalSet& set, const std::string& tmp) {
#ifdef RIWAYA_HAVE_ANALYZER
  if (sys.id.rfind("riwaya-", 0) == 0 && sys.id.rfind("riwaya-index-", 0) != 0)
    return EvalAnalyzer(sys.id.substr(7), set);
#endif
  return EvalEngine(sys.id, set, tmp);
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef RIWAYA_SHARED_DIR
  std::string shared = RIWAYA_SHARED_DIR;
#else
  std::string shared = "../shared";
#endif
  std::string which = "all", only;
  bool as_json = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--json") as_json = true;
    else if (a == "--shared" && i + 1 < argc) shared = argv[++i];
    else if (a == "--set" && i + 1 < argc) which = argv[++i];
    else if (a == "--systems" && i + 1 < argc) only = "," + std::string(argv[++i]) + ",";
    else {
      std::cerr << "usage: ir_eval [--shared DIR] [--set arcd|xquad|xquad-para|all] [--systems a,b] [--json]\n";
      return 2;
    }
  }
  std::vector<EvalSet> sets;
  for (const auto& [key, file] : {std::pair<std::string, std::string>{"arcd", "/ir/arcd.json"},
                                  std::pair<std::string, std::string>{"xquad", "/ir/xquad-r-ar.json"},
                                  std::pair<std::string, std::string>{"xquad-para", "/ir/xquad-r-ar.json"}}) {
    if (which != "all" && which != key) continue;
    riwaya::Result<EvalSet> set = riwaya::Status::Internal("not loaded");
    try {
      set = key == "arcd" ? LoadArcd(shared + file) : LoadXquadR(shared + file, key == "xquad-para");
    } catch (const json::exception& e) {  // a field of an unexpected type
      set = riwaya::Status::Corrupt(shared + file + ": " + e.what());
    }
    if (set.ok() && (set->questions.empty() || set->candidates.empty()))
      set = riwaya::Status::Corrupt(shared + file + ": no usable questions or candidates");
    if (!set.ok()) {
      if (set.status().code() == riwaya::Status::Code::kNotFound) {
        std::cerr << "SKIP: " << shared + file << " not found\n";
        continue;
      }
      std::cerr << "ir_eval: " << set.status().ToString() << "\n";
      return 1;
    }
    sets.push_back(std::move(*set));
  }
  if (sets.empty()) return 0;

  std::error_code ec;
  const std::string tmp =
      (std::filesystem::temp_directory_path(ec) / ("riwaya-ir-eval-" + std::to_string(::getpid()))).string();
  json results = json::array();
  int failures = 0;
  for (const auto& set : sets) {
    if (!as_json) {
      std::cout << "\n### " << set.name << ": " << set.questions.size() << " questions, " << set.candidates.size()
                << " distinct candidate " << set.unit << "s\n\n"
                << "| system | MRR@10 | Recall@1 | Recall@10 | seconds |\n|---|---:|---:|---:|---:|\n";
    }
    std::vector<System> systems;
    for (const auto& sys : AllSystems()) {
      if (only.empty() || only.find("," + sys.id + ",") != std::string::npos) systems.push_back(sys);
    }
#ifdef RIWAYA_HAVE_ANALYZER
    // Any other riwaya-SPEC named on the command line: an analyzer variant.
    std::stringstream named(only);
    for (std::string id; std::getline(named, id, ',');) {
      if (id.rfind("riwaya-", 0) != 0 || id.rfind("riwaya-index-", 0) == 0) continue;
      const bool listed = std::any_of(systems.begin(), systems.end(), [&](const System& s) { return s.id == id; });
      if (!listed) systems.push_back({id, "riwaya `" + id.substr(7) + "` (in-memory BM25 over analyzer tokens)"});
    }
#endif
    for (const auto& sys : systems) {
      auto m = Evaluate(sys, set, tmp);
      if (!m.ok()) {
        std::cerr << "ir_eval: " << set.name << ": " << sys.id << ": " << m.status().ToString() << "\n";
        ++failures;
        continue;
      }
      results.push_back({{"set", set.name}, {"system", sys.id}, {"label", sys.label}, {"mrr10", m->mrr10},
                         {"recall1", m->r1}, {"recall10", m->r10}, {"questions", m->questions},
                         {"candidates", set.candidates.size()}, {"seconds", m->seconds}});
      if (!as_json)
        std::cout << "| " << sys.label << " | " << Fixed(m->mrr10, 3) << " | " << Fixed(m->r1, 3) << " | "
                  << Fixed(m->r10, 3) << " | " << Fixed(m->seconds, 2) << " |\n";
    }
  }
  std::filesystem::remove_all(tmp, ec);
  if (as_json) std::cout << results.dump(1) << "\n";
  return failures ? 1 : 0;
}
