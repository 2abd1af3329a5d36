#include "cli/command.h"

#include <unistd.h>

#include <fmt/core.h>

namespace riwaya::cli {

CLI::App* Commands::Add(const std::string& name, const std::string& description, std::function<int()> run) {
  CLI::App* sub = app_.add_subcommand(name, description);
  commands_.emplace_back(sub, std::move(run));
  return sub;
}

int Commands::RunChosen() const {
  for (const auto& [sub, run] : commands_) {
    if (sub->parsed()) return run();
  }
  fmt::print(stderr, "{}\n", app_.help());
  return kExitUsage;
}

Result<std::unique_ptr<engine::Engine>> OpenEngine(const GlobalOptions& g, bool read_only) {
  engine::Engine::Options o;
  o.data_dir = g.data_dir;
  o.read_only = read_only;
  return engine::Engine::Open(o);
}

int ReportError(const std::string& command, const Status& st) {
  fmt::print(stderr, "riwaya {}: error: {}\n", command, st.message().empty() ? st.ToString() : st.message());
  return kExitError;
}

bool StderrIsTty() { return ::isatty(STDERR_FILENO) == 1; }

std::string Thousands(int64_t n) {
  std::string s = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return n < 0 ? "-" + s : s;
}

}  // namespace riwaya::cli
