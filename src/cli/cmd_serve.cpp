// riwaya serve: the HTTP API and the web reader over the data directory.
#include <fmt/core.h>

#include "cli/command.h"
#include "server/serve.h"

namespace riwaya::cli {

namespace {

struct ServeArgs {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web;
  bool watch = false;
};

int Run(const GlobalOptions& g, const ServeArgs& args) {
  server::ServeOptions o;
  o.data_dir = g.data_dir;
  o.host = args.host;
  o.port = args.port;
  o.web_root = args.web;
  if (args.watch) {
    // The feed watcher is not part of this build yet; serving goes on and
    // /api/feeds reports that nothing is being watched.
    fmt::print(stderr, "riwaya serve: --watch: the feed watcher is not available in this build; serving without it\n");
  }
  Status st = server::Serve(o);
  if (!st.ok()) return ReportError("serve", st);
  return kExitOk;
}

}  // namespace

void RegisterServe(Commands& c) {
  auto args = std::make_shared<ServeArgs>();
  const GlobalOptions& g = c.global();
  CLI::App* sub = c.Add("serve", "Serve the HTTP API and the web reader", [args, &g] { return Run(g, *args); });
  sub->add_option("--host", args->host, "address to listen on (default 127.0.0.1)");
  sub->add_option("--port", args->port, "port (default 8080; 0 picks a free port and prints it)")
      ->check(CLI::Range(0, 65535));
  sub->add_option("--web", args->web, "built web reader (default: web/dist near the current directory or the binary)");
  sub->add_flag("--watch", args->watch, "also follow the feeds in config/feeds.opml");
  sub->footer(
      "Prints 'riwaya: serving on http://HOST:PORT/' once listening; stops on Ctrl-C / SIGTERM.\n"
      "POST /api/ingest needs 'Authorization: Bearer TOKEN' with the token from $RIWAYA_API_TOKEN or\n"
      "<data>/api-token (created with mode 0600 on first serve). API reference: docs/api.md.\n\n"
      "Example:\n"
      "  riwaya --data ./data serve --port 8080    # then open http://127.0.0.1:8080/");
}

}  // namespace riwaya::cli
