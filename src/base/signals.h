// Termination signals for long-running commands (serve, watch): blocked in
// every thread so that one waiter thread can sigwait() for them; SIGPIPE
// ignored so a client hanging up never kills the process. Call before any
// thread starts — threads inherit the mask.
#pragma once

#include <signal.h>

namespace riwaya {

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread and returns that set.
sigset_t BlockTerminationSignals();

}  // namespace riwaya
