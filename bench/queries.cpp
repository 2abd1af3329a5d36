#include "queries.h"

#include <algorithm>
#include <fstream>
#include <random>
#include <set>

#include "base/utf8.h"
#include "words.h"

namespace riwaya::bench {
namespace {

// Function words a person would not type as a search word. Kept small and
// literal (no normalisation) on purpose: it only shapes which queries are drawn.
bool IsFunctionWord(const std::string& w) {
  static const std::set<std::string> kWords = {
      "في", "من", "على", "إلى", "الى", "عن", "أن", "ان", "إن", "مع", "بعد", "قبل", "هذا", "هذه",
      "ذلك", "التي", "الذي", "الذين", "كان", "كانت", "لا", "ما", "لم", "لن", "هو", "هي", "و", "أو",
      "او", "ثم", "قد", "كل", "بين", "عند", "حتى", "منذ", "خلال", "ضد", "بـ", "يا", "أي", "لـ", "فى",
      "عام", "إلا", "غير", "أنه", "انه", "إنه", "به", "بها", "له", "لها", "فيه", "فيها", "منه", "منها",
      "وفي", "ومن", "كما", "أمام", "نحو", "لدى", "the", "of", "and", "in", "to", "a"};
  return kWords.count(w) > 0;
}

bool Eligible(const std::string& w) { return CodePoints(w) >= 2 && !IsFunctionWord(w); }

// Words of `text` with their byte offsets, so adjacency can be checked.
struct Located {
  std::string word;
  size_t begin, end;
};
std::vector<Located> Locate(std::string_view text) {
  std::vector<Located> out;
  size_t i = 0, start = std::string_view::npos;
  while (i < text.size()) {
    size_t at = i;
    char32_t c = utf8::Next(text, i);
    if (IsWordChar(c)) {
      if (start == std::string_view::npos) start = at;
    } else if (start != std::string_view::npos) {
      out.push_back({std::string(text.substr(start, at - start)), start, at});
      start = std::string_view::npos;
    }
  }
  if (start != std::string_view::npos) out.push_back({std::string(text.substr(start)), start, text.size()});
  return out;
}

}  // namespace

QuerySet DrawQueries(const Corpus& corpus, uint64_t seed, size_t num_bag, size_t num_phrase) {
  QuerySet q;
  if (corpus.docs.empty()) return q;
  // mt19937_64 is fully specified by the standard; the reductions below are
  // plain modulo so the sets are identical on every platform.
  std::mt19937_64 rng(seed);
  const size_t n = corpus.docs.size();
  std::set<std::string> seen;
  for (size_t tries = 0; q.bag.size() < num_bag && tries < num_bag * 50; ++tries) {
    const BenchDoc& d = corpus.docs[rng() % n];
    std::vector<std::string> words;
    for (auto& w : SplitWords(d.title))
      if (Eligible(w) && std::find(words.begin(), words.end(), w) == words.end()) words.push_back(w);
    if (words.size() < 2) continue;
    size_t want = 2 + rng() % 3;  // 2..4
    want = std::min(want, words.size());
    // Partial Fisher-Yates, then restore title order.
    std::vector<size_t> idx(words.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    for (size_t i = 0; i < want; ++i) std::swap(idx[i], idx[i + rng() % (idx.size() - i)]);
    idx.resize(want);
    std::sort(idx.begin(), idx.end());
    std::string text;
    for (size_t i : idx) text += (text.empty() ? "" : " ") + words[i];
    if (seen.insert("b:" + text).second) q.bag.push_back(text);
  }
  for (size_t tries = 0; q.phrase.size() < num_phrase && tries < num_phrase * 50; ++tries) {
    const BenchDoc& d = corpus.docs[rng() % n];
    std::vector<Located> words = Locate(d.text);
    if (words.size() < 2) continue;
    // Try a few starting points in this body before moving to another document.
    for (int attempt = 0; attempt < 8; ++attempt) {
      size_t i = rng() % (words.size() - 1);
      const Located& a = words[i];
      const Located& b = words[i + 1];
      bool adjacent = b.begin == a.end + 1 && d.text[a.end] == ' ';
      if (!adjacent || !Eligible(a.word) || !Eligible(b.word)) continue;
      std::string text = a.word + " " + b.word;
      if (seen.insert("p:" + text).second) q.phrase.push_back(text);
      break;
    }
  }
  return q;
}

Status WriteQueries(const QuerySet& q, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IoError(path + ": cannot write");
  for (const auto& t : q.bag) out << "bow\t" << t << "\n";
  for (const auto& t : q.phrase) out << "phrase\t" << t << "\n";
  out.close();
  if (!out) return Status::IoError(path + ": write failed");
  return Status::Ok();
}

Result<QuerySet> ReadQueries(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open");
  QuerySet q;
  std::string line;
  size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos) return Status::Invalid(path + ": line " + std::to_string(lineno) + ": no tab");
    std::string kind = line.substr(0, tab), text = line.substr(tab + 1);
    if (kind == "bow") q.bag.push_back(text);
    else if (kind == "phrase") q.phrase.push_back(text);
    else return Status::Invalid(path + ": line " + std::to_string(lineno) + ": unknown kind '" + kind + "'");
  }
  return q;
}

}  // namespace riwaya::bench
