// The list of `riwaya` commands. To add one: write cmd_<name>.cpp with
// Register<Name>(Commands&) and add one line here.
#include "cli/command.h"

namespace riwaya::cli {

void RegisterIngest(Commands& c);
void RegisterParse(Commands& c);
void RegisterShow(Commands& c);
void RegisterStats(Commands& c);
void RegisterDump(Commands& c);
void RegisterSearch(Commands& c);
void RegisterReindex(Commands& c);
void RegisterServe(Commands& c);
void RegisterWatch(Commands& c);

void RegisterAll(Commands& c) {
  RegisterIngest(c);
  RegisterParse(c);
  RegisterShow(c);
  RegisterStats(c);
  RegisterSearch(c);
  RegisterReindex(c);
  RegisterServe(c);
  RegisterWatch(c);
  RegisterDump(c);
}

}  // namespace riwaya::cli
