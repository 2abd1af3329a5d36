// Commands: how `riwaya` subcommands plug in. Each command lives in its own
// cmd_<name>.cpp with a Register<Name>(Commands&) function listed once in
// registry.cpp; Add() wires its CLI11 subcommand and the function to run.
// Exit codes: 0 ok, 1 error, 2 usage, 3 partial (some input rejected).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "engine/engine.h"

namespace riwaya::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitPartial = 3;

// Options every command sees (`riwaya [--data DIR] <command>`).
struct GlobalOptions {
  std::string data_dir = "./data";
};

class Commands {
 public:
  Commands(CLI::App& app, GlobalOptions& global) : app_(app), global_(global) {}

  // Adds subcommand `name`; `run` is called when it was chosen and returns the
  // exit code. Returns the subcommand so the caller adds options and footer.
  CLI::App* Add(const std::string& name, const std::string& description, std::function<int()> run);

  const GlobalOptions& global() const { return global_; }
  // Runs the chosen command; kExitUsage when none was given.
  int RunChosen() const;

 private:
  CLI::App& app_;
  GlobalOptions& global_;
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands_;
};

// Registers every command (registry.cpp).
void RegisterAll(Commands& commands);

// Helpers shared by commands.
Result<std::unique_ptr<engine::Engine>> OpenEngine(const GlobalOptions& g, bool read_only);
int ReportError(const std::string& command, const Status& st);  // prints to stderr, returns kExitError
bool StderrIsTty();
std::string Thousands(int64_t n);  // 31525 -> "31,525"

}  // namespace riwaya::cli
