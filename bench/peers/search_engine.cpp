#include "search_engine.h"

#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace riwaya::bench {

const char* QueryKindName(QueryKind k) {
  switch (k) {
    case QueryKind::kOr: return "or";
    case QueryKind::kAnd: return "and";
    case QueryKind::kPhrase: return "phrase";
  }
  return "?";
}

std::vector<std::string> PeerNames() {
  std::vector<std::string> names;
#ifdef RIWAYA_HAVE_XAPIAN
  names.push_back("xapian");
#endif
#ifdef RIWAYA_HAVE_LUCENE
  names.push_back("lucene");
#endif
#ifdef RIWAYA_HAVE_FTS5
  names.push_back("fts5");
#endif
  return names;
}

Result<std::unique_ptr<SearchEngine>> MakePeerEngine(std::string_view name, const std::string& dir) {
#ifdef RIWAYA_HAVE_XAPIAN
  if (name == "xapian") return MakeXapianEngine(dir);
#endif
#ifdef RIWAYA_HAVE_LUCENE
  if (name == "lucene") return MakeLuceneEngine(dir);
#endif
#ifdef RIWAYA_HAVE_FTS5
  if (name == "fts5") return MakeFts5Engine(dir);
#endif
  (void)dir;
  return Status::NotFound("peer engine '" + std::string(name) + "' is not compiled in");
}

uint64_t DirectorySize(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  uint64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

namespace {
// Reads a "Name:   123 kB" line of /proc/self/status; -1 when unavailable.
int64_t StatusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t n = std::strlen(key);
  while (std::getline(in, line))
    if (line.compare(0, n, key) == 0 && line.size() > n && line[n] == ':') return std::atoll(line.c_str() + n + 1);
  return -1;
}
}  // namespace

int64_t PeakRssKb() {
  int64_t hwm = StatusKb("VmHWM");
  if (hwm >= 0) return hwm;
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

int64_t CurrentRssKb() { return StatusKb("VmRSS"); }

bool ResetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace riwaya::bench
