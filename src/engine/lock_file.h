// LockFile: one writer per data directory. An advisory flock on <dir>/LOCK,
// held for the life of the object and released by the kernel if the process
// dies (kill -9 included), so a stale lock never blocks the next run.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"

namespace riwaya::engine {

class LockFile {
 public:
  // Fails with a message naming the directory and the holder's pid when
  // another process holds the lock.
  static Result<std::unique_ptr<LockFile>> Acquire(const std::string& path);
  ~LockFile();
  LockFile(const LockFile&) = delete;
  LockFile& operator=(const LockFile&) = delete;

 private:
  explicit LockFile(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace riwaya::engine
