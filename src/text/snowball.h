// SnowballStemmers: libstemmer's Arabic stemmer made safe to share between
// threads. An sb_stemmer is not thread-safe, so callers lease one from a small
// pool for the duration of one Analyze call (one lock per call, not per word).
#pragma once

#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

struct sb_stemmer;

namespace riwaya::text {

class SnowballStemmers {
 public:
  explicit SnowballStemmers(const char* language = "arabic");
  ~SnowballStemmers();
  SnowballStemmers(const SnowballStemmers&) = delete;
  SnowballStemmers& operator=(const SnowballStemmers&) = delete;

  // False when libstemmer does not know the language.
  bool ok() const { return ok_; }

  class Lease {
   public:
    explicit Lease(const SnowballStemmers& pool) : pool_(pool), stemmer_(pool.Acquire()) {}
    ~Lease() { pool_.Release(stemmer_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    // The stem of a UTF-8 word; valid until the next call on this lease.
    // Returns `word` unchanged if stemming fails.
    std::string_view Stem(std::string_view word);

   private:
    const SnowballStemmers& pool_;
    sb_stemmer* stemmer_;
  };

 private:
  sb_stemmer* Acquire() const;
  void Release(sb_stemmer* s) const;

  const char* language_;
  bool ok_ = false;
  mutable std::mutex mu_;
  mutable std::vector<sb_stemmer*> free_;  // idle stemmers, owned
};

}  // namespace riwaya::text
