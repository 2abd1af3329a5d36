// html_fields: field accuracy of the HTML page extractor over the fixture set
// tests/fixtures/html/NN_name.html + NN_name.expected.json. Prints one row per
// field (matches / pages, percent); --json for machine output; --verbose
// lists every mismatch. Usage: html_fields [--json] [--verbose] [FIXTURE_DIR]
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/html_page.h"

namespace {

namespace fs = std::filesystem;
using riwaya::ingest::Rejection;
using riwaya::ingest::Sink;
using riwaya::ingest::Source;

struct Collect : Sink {
  std::vector<riwaya::model::Article> articles;
  std::vector<Rejection> rejections;
  void Article(riwaya::model::Article&& a) override { articles.push_back(std::move(a)); }
  void Reject(Rejection&& r) override { rejections.push_back(std::move(r)); }
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Iso(const riwaya::model::PublishedDate& d) {
  if (!d.known) return "null";
  std::time_t t = static_cast<std::time_t>(d.epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, d.date_only ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Str(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

}  // namespace

int main(int argc, char** argv) {
  bool json = false, verbose = false;
#ifdef RIWAYA_SOURCE_DIR
  fs::path dir = fs::path(RIWAYA_SOURCE_DIR) / "tests" / "fixtures" / "html";
#else
  fs::path dir = fs::path(__FILE__).parent_path().parent_path() / "tests" / "fixtures" / "html";
#endif
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--json") json = true;
    else if (a == "--verbose") verbose = true;
    else dir = a;
  }
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string n = e.path().filename().string();
    if (n.size() > 14 && n.compare(n.size() - 14, 14, ".expected.json") == 0) files.push_back(e.path());
  }
  if (ec || files.empty()) {
    std::cerr << "html_fields: no fixtures in " << dir << "\n";
    return 2;
  }
  std::sort(files.begin(), files.end());
  const std::vector<std::string> fields = {"rejected", "title", "published", "date_source", "author", "outlet",
                                           "credit", "canonical_url", "category", "language", "first_paragraph",
                                           "last_paragraph", "paragraphs", "links"};
  std::map<std::string, int> ok;
  std::vector<std::string> mismatches;
  int pages = 0, perfect = 0;
  for (const fs::path& f : files) {
    std::string stem = f.filename().string();
    stem.resize(stem.size() - 14);
    nlohmann::json exp;
    try {
      exp = nlohmann::json::parse(ReadFile(f));
    } catch (const std::exception& e) {
      std::cerr << "html_fields: " << f << ": " << e.what() << "\n";
      return 2;
    }
    Collect c;
    Source src;
    src.path = (dir / (stem + ".html")).string();
    riwaya::ingest::ParseHtmlPage(ReadFile(dir / (stem + ".html")), src, c);
    ++pages;
    nlohmann::json got;
    got["rejected"] = c.articles.empty();
    if (!c.articles.empty()) {
      const auto& a = c.articles[0];
      got["title"] = a.title;
      got["published"] = a.published.known ? nlohmann::json(Iso(a.published)) : nlohmann::json();
      got["date_source"] = riwaya::model::DateSourceName(a.published.source);
      got["author"] = a.author;
      got["outlet"] = a.outlet;
      got["credit"] = a.credit;
      got["canonical_url"] = a.canonical_url;
      got["category"] = a.category;
      got["language"] = a.language;
      got["first_paragraph"] = a.paragraphs.empty() ? "" : a.paragraphs.front();
      got["last_paragraph"] = a.paragraphs.empty() ? "" : a.paragraphs.back();
      got["paragraphs"] = a.paragraphs.size();
      got["links"] = a.links.size();
    }
    bool all = true;
    for (const std::string& field : fields) {
      bool match;
      if (exp["rejected"].get<bool>() || got["rejected"].get<bool>()) {
        match = exp["rejected"] == got["rejected"];
      } else if (field == "published") {
        match = Str(exp["published"]) == Str(got["published"]);
      } else {
        match = Str(exp[field]) == Str(got[field]);
      }
      if (match) ++ok[field];
      else {
        all = false;
        mismatches.push_back(stem + "  " + field + "\n    expected: " + Str(exp[field]) + "\n    got:      " +
                             Str(got.contains(field) ? got[field] : nlohmann::json()));
      }
    }
    if (all) ++perfect;
  }
  if (json) {
    nlohmann::json out;
    out["pages"] = pages;
    out["all_fields_correct"] = perfect;
    for (const std::string& field : fields) {
      out["fields"][field] = {{"correct", ok[field]}, {"accuracy", static_cast<double>(ok[field]) / pages}};
    }
    if (verbose) out["mismatches"] = mismatches;
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::printf("HTML page fields over %d fixtures (%s)\n", pages, dir.string().c_str());
  std::printf("%-16s %8s %8s\n", "field", "correct", "accuracy");
  for (const std::string& field : fields) {
    std::printf("%-16s %5d/%-3d %7.1f%%\n", field.c_str(), ok[field], pages, 100.0 * ok[field] / pages);
  }
  std::printf("%-16s %5d/%-3d %7.1f%%\n", "all fields", perfect, pages, 100.0 * perfect / pages);
  if (verbose) {
    for (const std::string& m : mismatches) std::printf("%s\n", m.c_str());
  }
  return 0;
}
