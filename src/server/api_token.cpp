#include "server/api_token.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

namespace riwaya::server {
namespace {

Result<std::string> RandomHex(size_t bytes) {
  // /dev/urandom rather than std::random_device: the token guards writes.
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(std::string("/dev/urandom: ") + std::strerror(errno));
  std::string raw(bytes, '\0');
  size_t got = 0;
  while (got < bytes) {
    ssize_t n = ::read(fd, raw.data() + got, bytes - got);
    if (n <= 0) {
      ::close(fd);
      return Status::IoError("/dev/urandom: short read");
    }
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

}  // namespace

Result<std::string> LoadOrCreateApiToken(const std::string& data_dir, const std::string& env_token) {
  if (!env_token.empty()) return Trim(env_token);
  const std::string path = data_dir + "/api-token";
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      s = Trim(s);
      if (s.size() < 16) return Status::Invalid(path + ": token shorter than 16 characters");
      return s;
    }
  }
  ::mkdir(data_dir.c_str(), 0755);  // may exist; a real failure shows at open() below
  auto token = RandomHex(32);
  if (!token.ok()) return token.status();
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError(tmp + ": " + std::strerror(errno));
  std::string line = *token + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::IoError(path + ": cannot write token: " + std::strerror(errno));
  }
  return *token;
}

bool BearerMatches(std::string_view header, std::string_view token) {
  constexpr std::string_view kPrefix = "Bearer ";
  if (token.empty() || header.size() != kPrefix.size() + token.size()) return false;
  if (header.substr(0, kPrefix.size()) != kPrefix) return false;
  unsigned diff = 0;
  for (size_t i = 0; i < token.size(); ++i)
    diff |= static_cast<unsigned char>(header[kPrefix.size() + i]) ^ static_cast<unsigned char>(token[i]);
  return diff == 0;
}

}  // namespace riwaya::server
