// riwaya: the command line. `riwaya [--data DIR] <command> ...`; see
// `riwaya --help` and README.md. Commands are registered in registry.cpp.
#include <CLI/CLI.hpp>

#include <exception>

#include <fmt/core.h>

#include "cli/command.h"

int main(int argc, char** argv) {
  try {
    CLI::App app{
        "riwaya (رواية) — an Arabic news observatory: ingest Arabic news pages, feeds and archives,\n"
        "understand them (dates, credits, copies, read-also links) and keep them in a durable store.\n"
        "Example:  riwaya ingest ./samples && riwaya stats"};
    app.name("riwaya");
    app.require_subcommand(0, 1);
    riwaya::cli::GlobalOptions global;
    app.add_option("--data", global.data_dir, "data directory holding the store (default ./data)")
        ->envname("RIWAYA_DATA");
    riwaya::cli::Commands commands(app, global);
    riwaya::cli::RegisterAll(commands);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      const int rc = app.exit(e);
      return rc == 0 ? 0 : riwaya::cli::kExitUsage;
    }
    return commands.RunChosen();
  } catch (const std::exception& e) {
    fmt::print(stderr, "riwaya: internal error: {}\n", e.what());
    return riwaya::cli::kExitError;
  }
}
