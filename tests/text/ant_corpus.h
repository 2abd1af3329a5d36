// Test helper: the title, abstract and text fields of the ANT corpus at
// ../shared (RIWAYA_SHARED_DIR), decompressed with gzip. Returns an empty list
// when the corpus is absent, so callers can GTEST_SKIP.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace riwaya::text::testing {

inline std::string AntPath() { return std::string(RIWAYA_SHARED_DIR) + "/corpora/ant-v2.1.trec.gz"; }

// Fields named `tags` (e.g. {"TITLE", "ABSTRACT", "TEXT"}) in corpus order,
// at most `max_fields` of them from the first `max_bytes` decompressed bytes.
inline std::vector<std::string> LoadAntFields(const std::vector<std::string>& tags, size_t max_fields,
                                              size_t max_bytes) {
  std::vector<std::string> out;
  const std::string path = AntPath();
  if (!std::filesystem::exists(path)) return out;
  const std::string cmd = "gzip -dc '" + path + "'";
  FILE* f = popen(cmd.c_str(), "r");
  if (f == nullptr) return out;
  std::string all;
  char buf[1 << 16];
  size_t n;
  while (all.size() < max_bytes && (n = fread(buf, 1, sizeof buf, f)) > 0) all.append(buf, n);
  pclose(f);
  size_t pos = 0;
  while (out.size() < max_fields) {
    pos = all.find('<', pos);
    if (pos == std::string::npos) break;
    const std::string* tag = nullptr;
    for (const std::string& t : tags) {
      if (all.compare(pos + 1, t.size() + 1, t + ">") == 0) tag = &t;
    }
    if (tag == nullptr) {
      ++pos;
      continue;
    }
    const size_t body = pos + tag->size() + 2;
    const size_t e = all.find("</" + *tag + ">", body);
    if (e == std::string::npos) break;
    out.emplace_back(all, body, e - body);
    pos = e + 1;
  }
  return out;
}

}  // namespace riwaya::text::testing
