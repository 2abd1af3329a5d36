#include "ingest/content_key.h"

#include <xxhash.h>

#include <cstdio>

#include "ingest/paragraphs.h"

namespace riwaya::ingest {

namespace {

// Hashes `s` as CollapseBlanks(s) would read, without building the string:
// runs of non-blank bytes, one space between runs.
void HashCollapsed(XXH3_state_t* state, std::string_view s) {
  bool first = true;
  while (!s.empty()) {
    s = TrimBlank(s);
    if (s.empty()) break;
    size_t run = 0;
    while (run < s.size()) {
      const auto c = static_cast<unsigned char>(s[run]);
      // Only these lead bytes can start a blank (see paragraphs.cpp).
      if (c <= ' ' || c == 0xC2 || c == 0xE2 || c == 0xEF) {
        if (TrimBlank(s.substr(run)).size() != s.size() - run) break;
      }
      ++run;
    }
    if (!first) XXH3_64bits_update(state, " ", 1);
    XXH3_64bits_update(state, s.data(), run);
    first = false;
    s.remove_prefix(run);
  }
}

}  // namespace

std::string ContentKey(std::string_view prefix, std::string_view title,
                       const std::vector<std::string>& paragraphs) {
  // Title and paragraphs are separated by a byte that cannot occur in
  // collapsed text, so ("a b", "c") and ("a", "b c") hash differently.
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  HashCollapsed(state, title);
  for (const std::string& p : paragraphs) {
    XXH3_64bits_update(state, "\n", 1);
    HashCollapsed(state, p);
  }
  const unsigned long long h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", h);
  return std::string(prefix) + buf;
}

}  // namespace riwaya::ingest
