#include "ingest/content_key.h"

#include <xxhash.h>

#include <cstdio>

#include "ingest/paragraphs.h"

namespace riwaya::ingest {

std::string ContentKey(std::string_view prefix, std::string_view title,
                       const std::vector<std::string>& paragraphs) {
  // Title and paragraphs are separated by a byte that cannot occur in
  // collapsed text, so ("a b", "c") and ("a", "b c") hash differently.
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  const std::string t = CollapseBlanks(title);
  XXH3_64bits_update(state, t.data(), t.size());
  for (const std::string& p : paragraphs) {
    XXH3_64bits_update(state, "\n", 1);
    const std::string c = CollapseBlanks(p);
    XXH3_64bits_update(state, c.data(), c.size());
  }
  const unsigned long long h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", h);
  return std::string(prefix) + buf;
}

}  // namespace riwaya::ingest
