// Durable file helpers for the index directory: whole-file atomic writes
// (temp + fsync + rename + directory fsync) and whole-file reads. Errors name
// the path and the failing system call.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace riwaya::index {

Status WriteFileAtomic(const std::string& path, std::string_view data);
Result<std::string> ReadFile(const std::string& path);
Result<std::vector<std::string>> ListDir(const std::string& dir);
Status EnsureDir(const std::string& dir);
void RemoveFile(const std::string& path);

}  // namespace riwaya::index
