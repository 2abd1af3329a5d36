// Test helpers for the ingest core: a Sink that records everything, fixture
// and shared-data paths, and a scratch directory removed after each test.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "ingest/sink.h"

namespace riwaya::ingest::testing {

class CollectingSink : public Sink {
 public:
  void Article(model::Article&& a) override { articles.push_back(std::move(a)); }
  void Reject(Rejection&& r) override { rejections.push_back(std::move(r)); }
  void Fetch(FetchTask&& t) override { fetches.push_back(std::move(t)); }
  void Progress(uint64_t done, uint64_t total) override { progress.emplace_back(done, total); }

  std::string RejectionsText() const {
    std::string s;
    for (const auto& r : rejections) s += r.ToString() + "\n";
    return s;
  }

  std::vector<model::Article> articles;
  std::vector<Rejection> rejections;
  std::vector<FetchTask> fetches;
  std::vector<std::pair<uint64_t, uint64_t>> progress;
};

// Counts instead of keeping: for large generated inputs.
class CountingSink : public Sink {
 public:
  void Article(model::Article&& a) override {
    ++articles;
    paragraphs += static_cast<int64_t>(a.paragraphs.size());
  }
  void Reject(Rejection&& r) override {
    ++rejected;
    if (first_rejection.empty()) first_rejection = r.ToString();
  }
  int64_t articles = 0, paragraphs = 0, rejected = 0;
  std::string first_rejection;
};

inline std::string FixturePath(const std::string& rel) {
  return std::string(RIWAYA_SOURCE_DIR) + "/tests/fixtures/" + rel;
}
inline std::string SharedPath(const std::string& rel) {
  return std::string(RIWAYA_SHARED_DIR) + "/" + rel;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A fresh directory under the system temp dir, removed on destruction.
class ScratchDir {
 public:
  ScratchDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("riwaya-ingest-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace riwaya::ingest::testing
