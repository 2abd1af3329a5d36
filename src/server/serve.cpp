#include "server/serve.h"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "base/signals.h"
#include "engine/engine.h"
#include "server/api_token.h"

namespace riwaya::server {

namespace fs = std::filesystem;

std::string FindWebRoot(const std::string& explicit_root) {
  std::error_code ec;
  if (!explicit_root.empty()) return explicit_root;
  std::vector<fs::path> candidates = {fs::current_path(ec) / "web" / "dist"};
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path().parent_path() / "web" / "dist");
    candidates.push_back(exe.parent_path().parent_path().parent_path() / "web" / "dist");
  }
  for (const auto& c : candidates)
    if (fs::is_regular_file(c / "index.html", ec)) return fs::weakly_canonical(c, ec).string();
  return {};
}

Status Serve(const ServeOptions& opt) {
  auto log = opt.log ? opt.log : [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };

  // Before any thread starts, so that only the waiter thread below receives them.
  const sigset_t sigs = BlockTerminationSignals();

  engine::Engine::Options eo;
  eo.data_dir = opt.data_dir;
  auto engine = engine::Engine::Open(eo);
  if (!engine.ok()) return engine.status();

  const char* env = std::getenv("RIWAYA_API_TOKEN");
  auto token = LoadOrCreateApiToken(opt.data_dir, env ? env : "");
  if (!token.ok()) {
    log("riwaya: warning: ingest over HTTP disabled: " + token.status().message());
  }

  ServerOptions so;
  so.host = opt.host;
  so.port = opt.port;
  so.web_root = FindWebRoot(opt.web_root);
  so.api_token = token.ok() ? *token : std::string();
  so.feeds = opt.feeds;
  if (so.web_root.empty())
    log("riwaya: warning: web/dist not found (run `make web`); serving the API only");

  Server server(engine->get(), so);
  RIWAYA_RETURN_IF_ERROR(server.Bind());
  std::string url = "http://" + opt.host + ":" + std::to_string(server.port()) + "/";
  std::thread waiter([&server, sigs, &log] {
    int sig = 0;
    sigwait(&sigs, &sig);
    log("riwaya: signal " + std::to_string(sig) + ", shutting down");
    server.Stop();
  });
  // Printed on stdout so scripts can read the port when --port 0 was asked.
  std::printf("riwaya: serving on %s (data %s%s)\n", url.c_str(), opt.data_dir.c_str(),
              so.web_root.empty() ? ", API only" : "");
  std::fflush(stdout);
  if (!env || !*env) log("riwaya: ingest token in " + opt.data_dir + "/api-token");
  // Started after the signal mask is set, so its threads leave signals to the waiter.
  std::function<void()> stop_background;
  if (opt.start_background) stop_background = opt.start_background(**engine);
  if (opt.on_listening) opt.on_listening();
  Status st = server.Run();
  if (stop_background) stop_background();
  // Run() returned: wake the waiter if the server stopped for another reason.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return st;
}

}  // namespace riwaya::server
