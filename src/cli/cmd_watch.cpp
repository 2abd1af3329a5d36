// riwaya watch: reserved; the owner of this feature fills it in (see registry.cpp).
#include <fmt/core.h>

#include "cli/command.h"

namespace riwaya::cli {

void RegisterWatch(Commands& c) {
  CLI::App* sub = c.Add("watch", "Follow the outlets' RSS/Atom feeds and ingest new articles (not available yet in this build)", [] {
    fmt::print(stderr, "riwaya watch: not available yet in this build\n");
    return kExitError;
  });
  sub->allow_extras();  // accept the future options without a usage error
}

}  // namespace riwaya::cli
