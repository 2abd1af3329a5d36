#include "base/status.h"

namespace riwaya {

std::string Status::ToString() const {
  const char* name = "ok";
  switch (code_) {
    case Code::kOk: return "ok";
    case Code::kInvalid: name = "invalid"; break;
    case Code::kNotFound: name = "not found"; break;
    case Code::kIoError: name = "I/O error"; break;
    case Code::kCorrupt: name = "corrupt"; break;
    case Code::kUnsupported: name = "unsupported"; break;
    case Code::kAborted: name = "aborted"; break;
    case Code::kInternal: name = "internal error"; break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace riwaya
