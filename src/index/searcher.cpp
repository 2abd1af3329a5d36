#include "index/searcher.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <type_traits>
#include <unordered_set>

#include "index/postings.h"

namespace riwaya::index {

struct Searcher::Seg {
  std::shared_ptr<SegmentReader> reader;
  std::vector<uint64_t> deleted;  // bitset; deleted docs never match
  std::vector<uint64_t> hidden;   // deleted ∪ copies whose original is live
  // What scoring reads of every candidate, 8 bytes a document: a random
  // candidate's norms stay in L2 far more often than a 32-byte record would
  // (floats: scores move by < 1e-7 relative; TermBounds' slack covers it).
  struct DocRank {
    float norm_title, norm_body;  // field weight / BM25 length normalisation
    // BM25F's weighted frequency of a posting with these tfs.
    double Weight(uint32_t tf_title, uint32_t tf_body) const {
      return tf_title * double(norm_title) + tf_body * double(norm_body);
    }
  };
  std::vector<DocRank> rank;
  // What ranking reads of a document that may enter the top-k.
  struct DocKey {
    uint32_t seq;
    int64_t date;
  };
  std::vector<DocKey> key;
  static bool Bit(const std::vector<uint64_t>& b, uint32_t d) { return (b[d >> 6] >> (d & 63)) & 1; }
};

namespace {

using Seg = Searcher::Seg;

// BM25's saturation of a weighted frequency w: a word's score (every scorer
// and bound computes it here, so that they agree to the bit).
inline double Bm25(double idf, double k1, double w) { return idf * (k1 + 1) * w / (k1 + w); }

constexpr double kInf = std::numeric_limits<double>::infinity();

// idf key of a bare exact form (no analyzer term starts with this byte).
std::string BareKey(std::string_view term) { return "\x03" + std::string(term); }

// The query's terms (idf keys) with their global idf and, for plain terms,
// each segment's lexicon entry: one lexicon lookup per term and segment.
struct QueryTerms {
  size_t nsegs = 0;
  std::vector<std::string> keys;
  std::vector<double> idf;
  std::vector<TermInfo> info;  // [term * nsegs + segment], plain terms only
  std::vector<uint8_t> found;  // same layout
  // Index of `key`, or -1. Queries hold a handful of terms: a scan is cheapest.
  ptrdiff_t Index(std::string_view key) const {
    for (size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key) return static_cast<ptrdiff_t>(i);
    return -1;
  }
  double Idf(std::string_view key) const {
    const ptrdiff_t i = Index(key);
    return i < 0 ? 0 : idf[i];
  }
};

// Evaluation context shared by a query's iterators inside one segment.
struct Ctx {
  const Seg* seg;
  const Bm25fParams* params;
  const struct QueryTerms* terms;
  size_t seg_index = 0;  // of seg, in the searcher's segments (QueryTerms' cache)
  double avg_title = 0, avg_body = 0;  // the searcher's (global) averages
  // BlockMeta::max_w is a valid bound only when the segment was written with
  // the searcher's parameters and averages (one segment, or identical ones).
  bool exact_stats = false;
  bool corrupt = false;
};

// Upper bounds of one term's BM25F score inside one segment: per block from
// the skip entries (lazily, cached) and over the whole list. Valid under the
// searcher's statistics whatever the segment's were; rounded up.
class TermBounds {
 public:
  TermBounds(PostingCursor& c, Field field, bool scored, double idf, const Ctx& ctx)
      : c_(c), field_(field), scored_(scored), idf_(idf), ctx_(ctx) {}
  // Bound for any document of block b (multi-block lists only).
  double Block(uint32_t b) {
    if (!scored_) return 0;
    if (cache_.empty()) cache_.assign(c_.num_blocks(), -1.0);
    if (cache_[b] < 0) cache_[b] = FromMeta(b);
    return cache_[b];
  }
  double Global() {
    if (global_ >= 0) return global_;
    if (!scored_) return global_ = 0;
    double best_w = 0;
    if (c_.num_blocks() <= 1) {
      // One block: decoded already; its exact maximum is cheap and tight.
      const DocBlock& blk = c_.block();
      const Seg& seg = *ctx_.seg;
      for (uint32_t i = 0; i < blk.n; ++i) {
        const uint32_t tb = field_ == Field::kAny ? blk.tf_body[i] : 0;
        best_w = std::max(best_w, seg.rank[blk.docs[i]].Weight(blk.tf_title[i], tb));
      }
      return global_ = FromW(best_w);
    }
    double best = 0;
    for (uint32_t b = 0; b < c_.num_blocks(); ++b) best = std::max(best, Block(b));
    return global_ = best;
  }
  double FromW(double w) const {
    const double k1 = ctx_.params->k1;
    double b = std::isinf(w) ? idf_ * (k1 + 1) : Bm25(idf_, k1, w);
    // Rounding (and the float norms scores read) must never make a bound too tight.
    return b * (1 + 1e-6) + 1e-12;
  }

 private:
  double FromMeta(uint32_t b) const {
    const Bm25fParams& p = *ctx_.params;
    auto bnorm = [](double w, double bb, double len, double avg) { return avg > 0 ? w / (1 - bb + bb * len / avg) : w; };
    BlockMeta m = c_.meta(b);
    double mt = m.max_tf_title == 65535 ? kInf : m.max_tf_title;
    double w = mt * bnorm(p.title_weight, p.title_b, m.min_len_title, ctx_.avg_title);
    if (field_ == Field::kAny) {
      w += m.max_tf_body * bnorm(p.body_weight, p.body_b, m.min_len_body, ctx_.avg_body);
      if (ctx_.exact_stats) w = std::min(w, static_cast<double>(m.max_w));
    }
    return FromW(w);
  }
  PostingCursor& c_;
  Field field_;
  bool scored_;
  double idf_;
  const Ctx& ctx_;
  std::vector<double> cache_;
  double global_ = -1;
};

// Every query builds and destroys its iterators; several are a few KB (a
// decoded block, its positions' sums), past what malloc serves from its
// per-thread cache, and each costs a trip through its bins. A thread keeps a
// few freed iterators of each size and hands them out again (still cached).
class IterMemory {
 public:
  static void* Get(size_t bytes) {
#if !defined(__SANITIZE_ADDRESS__)  // ASan must see every use after free
    if (Bin* b = Find(bytes); b && b->count > 0) return b->blocks[--b->count];
#endif
    return ::operator new(bytes);
  }
  static void Put(void* p, size_t bytes) noexcept {
#if !defined(__SANITIZE_ADDRESS__)
    if (Bin* b = Find(bytes); b && b->count < kKeep) {
      b->blocks[b->count++] = p;
      return;
    }
#endif
    (void)bytes;
    ::operator delete(p);
  }

 private:
  static constexpr size_t kKeep = 16, kSizes = 8;  // iterator classes, and a query's worth of each
  struct Bin {
    size_t bytes = 0;
    size_t count = 0;
    void* blocks[kKeep];  // freed iterators of `bytes`, count of them
  };
  struct Cache {
    Bin bins[kSizes];
    ~Cache() {
      for (Bin& b : bins)
        for (size_t i = 0; i < b.count; ++i) ::operator delete(b.blocks[i]);
    }
  };
  // The bin of `bytes`, claiming an unused one; null when every bin holds another size.
  static Bin* Find(size_t bytes) {
    thread_local Cache cache;
    for (Bin& b : cache.bins) {
      if (b.bytes == bytes) return &b;
      if (b.bytes == 0) {
        b.bytes = bytes;
        return &b;
      }
    }
    return nullptr;
  }
};

class Iter {
 public:
  virtual ~Iter() = default;
  static void* operator new(size_t bytes) { return IterMemory::Get(bytes); }
  static void operator delete(void* p, size_t bytes) noexcept { IterMemory::Put(p, bytes); }
  uint32_t doc = 0;
  virtual void SkipTo(uint32_t target) = 0;  // first match >= target (no-op if doc >= target)
  virtual double Score() = 0;                 // at `doc`
  virtual uint64_t Cost() const = 0;          // rough number of candidates (leapfrog order)
  // As the root of a relevance top-k without exact totals: matches scoring
  // below *theta may be skipped unseen (*pruned is then set).
  virtual void Prune(const double* /*theta*/, bool* /*pruned*/) {}
};

class EmptyIter final : public Iter {
 public:
  EmptyIter() { doc = kEndDoc; }
  void SkipTo(uint32_t) override {}
  double Score() override { return 0; }
  uint64_t Cost() const override { return 0; }
};

class TermIter final : public Iter {
 public:
  TermIter(const TermInfo& t, Field field, bool scored, double idf, Ctx& ctx)
      : field_(field), scored_(scored), idf_(idf), ctx_(ctx), bounds_(c_, field, scored, idf, ctx) {
    c_.Init(t, ctx.seg->reader->num_docs());
    k1_ = ctx.params->k1;
    rank_ = ctx.seg->rank.data();
    Settle();
  }
  void SkipTo(uint32_t target) override {
    if (doc >= target) return;
    c_.SkipTo(target);
    Settle();
  }
  double Score() override {
    if (!scored_) return 0;
    uint32_t tt, tb;
    c_.tfs(tt, tb);
    if (field_ != Field::kAny) tb = 0;
    return Bm25(idf_, k1_, rank_[doc].Weight(tt, tb));
  }
  uint64_t Cost() const override { return c_.df(); }
  void Prefetch() const { __builtin_prefetch(rank_ + doc); }
  // Every posting is a match (no title-only filtering, not a form view): the
  // cursor may be moved directly, then Sync()ed.
  bool plain() const { return field_ == Field::kAny && !c_.view(); }
  void Sync() { doc = c_.doc(); }
  // Upper bound of Score() for every posting in [target, until]; sets `until`
  // (the last docid of the block holding target). Shallow: never moves the
  // cursor. Targets must not decrease. An exhausted list bounds to 0.
  double BlockBound(uint32_t target, uint32_t& until) {
    if (sb_started_ && target <= sb_last_) {  // the usual case: same block as last time
      until = sb_last_;
      return sb_bound_;
    }
    sb_started_ = true;
    const uint32_t nb = c_.num_blocks();
    if (nb <= 1 || !scored_) {
      until = sb_last_ = kEndDoc - 1;
      return sb_bound_ = (c_.doc() == kEndDoc ? 0 : bounds_.Global());
    }
    // Our own forward-only block pointer: the cursor's ShallowBlock rescans
    // from its current block at every probe.
    while (sb_ < nb && c_.last_doc(sb_) < target) ++sb_;
    if (sb_ >= nb) {
      until = sb_last_ = kEndDoc - 1;
      return sb_bound_ = 0;
    }
    until = sb_last_ = c_.last_doc(sb_);
    return sb_bound_ = bounds_.Block(sb_);
  }
  PostingCursor& cursor() { return c_; }
  TermBounds& bounds() { return bounds_; }
  // Moves to block b's first posting, in any order (plain lists); false if
  // the block is corrupt.
  bool SeekBlock(uint32_t b) {
    const bool ok = c_.SeekBlock(b);
    doc = c_.doc();
    return ok;
  }
  // The current block (plain, scored lists), every posting's Score() into
  // scores[0..n): the tfs decoded at once, no per-posting reads in place.
  const DocBlock& ScoreBlock(double* scores) {
    const DocBlock& blk = c_.block();
    for (uint32_t i = 0; i < blk.n; ++i)
      scores[i] = Bm25(idf_, k1_, rank_[blk.docs[i]].Weight(blk.tf_title[i], blk.tf_body[i]));
    return blk;
  }
  Field field() const { return field_; }
  double idf() const { return idf_; }
  ~TermIter() override {
    if (c_.corrupt()) ctx_.corrupt = true;
  }

 private:
  void Settle() {
    if (field_ == Field::kTitle)
      while (c_.doc() != kEndDoc && c_.tf_title() == 0) c_.Next();
    doc = c_.doc();
  }
  PostingCursor c_;
  Field field_;
  bool scored_;
  double idf_, k1_ = 1.2;
  const Seg::DocRank* rank_;
  Ctx& ctx_;
  TermBounds bounds_;
  // BlockBound's shallow block pointer and the region it last answered for.
  uint32_t sb_ = 0;
  uint32_t sb_last_ = 0;
  double sb_bound_ = 0;
  bool sb_started_ = false;
};

// The common docids of two plain lists (not form views), `a` the shorter,
// in rising order (phrases' and ANDs' two rarest members). A pair of decoded
// blocks is intersected in one pass: each of a's docids is sought in b's
// block by its groups' ends, then eight docids a compare, and the common
// ones are collected without a branch on whether they match
// (about a coin toss per docid in phrase queries); blocks running out hand
// over to SkipTo (b's blocks between a's docids are skipped unread).
class PairIntersection {
 public:
  // The first common docid >= target, both cursors left on it; kEndDoc if
  // none. Targets must not decrease, and nothing else may move the cursors.
  uint32_t Next(PostingCursor& a, PostingCursor& b, uint32_t target) {
    for (;;) {
      while (next_ < count_) {
        const Hit h = hits_[next_++];
        if (a.block_docs()[h.ia] >= target) {
          a.SetIndex(h.ia);
          b.SetIndex(h.ib);
          return a.doc();
        }
      }
      target = std::max(target, resume_);
      a.SkipTo(target);
      if (a.doc() == kEndDoc) return kEndDoc;
      b.SkipTo(a.doc());
      if (b.doc() == kEndDoc) return kEndDoc;
      const uint32_t* ad = a.block_docs();
      const uint32_t* bd = b.block_docs();
      const uint32_t na = a.block_size(), nb = b.block_size(), b_last = bd[nb - 1];
      uint32_t ia = a.index(), ib = b.index(), n = 0;
#if defined(__SSE2__)
      // Each of a's docids is sought by b's group ends (SeekPivots): the
      // same work wherever it lands. A scan on from the last hit stops after
      // a varying number of rounds, a mispredicted branch per docid at any
      // density (kept where a is not far sparser, it cost phrases 3 % and
      // AND 5 % at the median).
      SetPivots(bd, nb);
      for (; ia < na && ad[ia] <= b_last; ++ia) {
        ib = SeekPivots(bd, ad[ia]);
        hits_[n] = Hit{ia, ib};
        n += bd[ib] == ad[ia];
      }
#else
      for (; ia < na && ad[ia] <= b_last; ++ia) {
        while (bd[ib] < ad[ia]) ++ib;
        hits_[n] = Hit{ia, ib};
        n += bd[ib] == ad[ia];
      }
#endif
      count_ = n;
      next_ = 0;
      // Past the pair: b's block ends below ad[ia], or a's block ran out.
      resume_ = ia < na ? ad[ia] : ad[na - 1] + 1;
      if (n == 0) {
        a.SetIndex(ia < na ? ia : na - 1);
        b.SetIndex(ib);
      }
    }
  }

 private:
  struct Hit {
    uint32_t ia, ib;  // indexes in a's and b's blocks
  };
#if defined(__SSE2__)
  // The last docid of each group of 8 of b's block (biased for signed
  // compares; groups past the block never below a target).
  void SetPivots(const uint32_t* d, uint32_t n) {
    alignas(16) uint32_t p[16];
    for (uint32_t g = 0; g < 16; ++g) {
      const uint32_t last = 8 * g + 7 < n ? d[8 * g + 7] : (8 * g < n ? d[n - 1] : UINT32_MAX);
      p[g] = last ^ 0x80000000u;
    }
    for (int k = 0; k < 4; ++k) piv_[k] = _mm_load_si128(reinterpret_cast<const __m128i*>(p + 4 * k));
  }
  // Index of the first docid >= x in the block SetPivots saw (its last
  // docid must be >= x): the groups ending below x are counted, then the
  // group holding the answer compared at once. No branch.
  uint32_t SeekPivots(const uint32_t* d, uint32_t x) const {
    const __m128i t = _mm_set1_epi32(static_cast<int32_t>(x ^ 0x80000000u));
    __m128i c = _mm_add_epi32(_mm_add_epi32(_mm_cmpgt_epi32(t, piv_[0]), _mm_cmpgt_epi32(t, piv_[1])),
                              _mm_add_epi32(_mm_cmpgt_epi32(t, piv_[2]), _mm_cmpgt_epi32(t, piv_[3])));
    c = _mm_add_epi32(c, _mm_shuffle_epi32(c, 0x4e));
    c = _mm_add_epi32(c, _mm_shuffle_epi32(c, 0xb1));
    const uint32_t g = static_cast<uint32_t>(-_mm_cvtsi128_si32(c));  // groups wholly below x
    const __m128i bias = _mm_set1_epi32(INT32_MIN);
    const __m128i lo = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d + 8 * g)), bias);
    const __m128i hi = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d + 8 * g + 4)), bias);
    // Lanes past the block's end (zero padding) come after the answer: ctz ignores them.
    const uint32_t below = static_cast<uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(t, lo)))) |
                           static_cast<uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(t, hi)))) << 4;
    return 8 * g + static_cast<uint32_t>(__builtin_ctz(~below));
  }
  __m128i piv_[4];
#endif
  Hit hits_[kBlockSize];
  uint32_t count_ = 0, next_ = 0;
  uint32_t resume_ = 0;  // where the next pair of blocks starts, once hits_ is used up
};

class PhraseIter final : public Iter {
 public:
  PhraseIter(std::vector<std::unique_ptr<TermIter>> members, std::vector<uint32_t> offsets, bool proximity,
             uint32_t slop, Field field)
      : m_(std::move(members)), off_(std::move(offsets)), prox_(proximity), field_(field) {
    for (uint32_t o : off_) max_off_ = std::max(max_off_, o);
    window_ = max_off_ + slop;
    // Leapfrog from the rarest member.
    order_.resize(m_.size());
    for (size_t i = 0; i < m_.size(); ++i) order_[i] = i;
    std::sort(order_.begin(), order_.end(),
              [&](size_t a, size_t b) { return m_[a]->cursor().df() < m_[b]->cursor().df(); });
    pair_ = m_.size() >= 2 && m_[order_[0]]->plain() && m_[order_[1]]->plain();
    ps_.resize(m_.size());
    ns_.resize(m_.size());
    doc = 0;
    Find(0);
  }
  void SkipTo(uint32_t target) override {
    if (doc >= target) return;
    Find(target);
  }
  double Score() override { return doc == scored_doc_ ? score_ : Sum(); }
  uint64_t Cost() const override { return m_[order_[0]]->Cost(); }
  // As the root of a top-k query without exact totals, documents whose score
  // cannot enter the top-k are skipped before their positions are read.
  void Prune(const double* theta, bool* pruned) override {
    theta_ = theta;
    pruned_ = pruned;
  }

 private:
  void Find(uint32_t target) {
    if (pair_) {
      FindPair(target);
    } else {
      FindLeapfrog(target);
    }
  }
  // Moves the members from order_[first] on to target: true when all are
  // on it; otherwise target becomes the first one's docid past it (kEndDoc
  // when a member ran out).
  bool AlignFrom(size_t first, uint32_t& target) {
    for (size_t j = first; j < order_.size(); ++j) {
      TermIter& m = *m_[order_[j]];
      m.SkipTo(target);
      if (m.doc != target) {
        target = m.doc;
        return false;
      }
    }
    return true;
  }
  // The members' scores, added in member order (Score() must not depend on
  // whether a pruning pass computed it first).
  double Sum() {
    double s = 0;
    for (auto& m : m_) s += m->Score();
    return s;
  }
  // The two rarest members are plain lists: they are intersected first
  // (PairIntersection), the others aligned; only common documents are
  // bounded (skip entries, then the exact scores, kept for Score()) and only
  // those that can still enter the top-k have their positions read.
  void FindPair(uint32_t target) {
    TermIter& a = *m_[order_[0]];
    TermIter& b = *m_[order_[1]];
    for (;;) {
      target = pair_hits_.Next(a.cursor(), b.cursor(), target);
      if (target == kEndDoc) {
        doc = kEndDoc;
        return;
      }
      a.Sync();
      b.Sync();
      if (!AlignFrom(2, target)) {
        if (target == kEndDoc) {
          doc = kEndDoc;
          return;
        }
        continue;
      }
      bool skip = false;
      if (theta_ && *theta_ > -kInf) {
        if (!bounds_ready_ || target > bounds_until_) {
          // The members' blocks around target bound every document up to
          // the first of them to end: one sum for the whole region.
          bounds_ready_ = true;
          bounds_until_ = kEndDoc - 1;
          bound_ = rest_ = 0;
          for (size_t i : order_) {
            uint32_t u = 0;
            const double part = m_[i]->BlockBound(target, u);
            bound_ += part;
            if (i != order_[0]) rest_ += part;
            bounds_until_ = std::min(bounds_until_, u);
          }
        }
        if (bound_ < *theta_) {
          // No document before the first of these blocks ends can enter.
          *pruned_ = true;
          if (!StepPast(bounds_until_, target)) return;
          continue;
        }
        // The rarest member's exact score and the others' bounds first: a
        // document that cannot enter is often told from one score.
        const double lead = a.Score();
        if (lead + rest_ < *theta_) {
          skip = true;
        } else {
          // Two members: the same sum as Sum() (0 + x == x, and + commutes).
          score_ = m_.size() == 2 ? lead + b.Score() : Sum();
          scored_doc_ = target;
          skip = score_ < *theta_;
        }
        *pruned_ |= skip;
      }
      if (!skip && Match()) {
        doc = target;
        return;
      }
      if (!StepPast(target, target)) return;
    }
  }
  // Leapfrog from the rarest member. Under pruning, a candidate is first
  // bounded from the skip entries of every member (no block is decoded), then
  // from the lead's exact score and the others' block bounds, and only then
  // are the other members aligned and the positions read.
  void FindLeapfrog(uint32_t target) {
    TermIter& lead = *m_[order_[0]];
    for (;;) {
      double lead_score = 0;
      lead.SkipTo(target);
      if (lead.doc == kEndDoc) {
        doc = kEndDoc;
        return;
      }
      target = lead.doc;
      if (theta_ && *theta_ > -kInf) {
        uint32_t until = kEndDoc - 1;
        double rest = 0;
        for (size_t j = 1; j < order_.size(); ++j) {
          uint32_t u = 0;
          rest += m_[order_[j]]->BlockBound(target, u);
          until = std::min(until, u);
        }
        uint32_t lu = 0;
        const double lead_block = lead.BlockBound(target, lu);
        if (lead_block + rest < *theta_) {
          // No document before the first of these blocks ends can enter.
          *pruned_ = true;
          if (!StepPast(std::min(until, lu), target)) return;
          continue;
        }
        lead_score = lead.Score();
        if (lead_score + rest < *theta_) {
          *pruned_ = true;
          if (!StepPast(target, target)) return;
          continue;
        }
      }
      if (!AlignFrom(1, target)) {
        if (target == kEndDoc) {
          doc = kEndDoc;
          return;
        }
        continue;
      }
      if (theta_ && *theta_ > -kInf && ScoreWithLead(lead_score) < *theta_) {
        *pruned_ = true;
      } else if (Match()) {
        doc = target;
        return;
      }
      if (!StepPast(target, target)) return;
    }
  }
  // Moves target just past docid `last`; false (the iterator ended) when
  // `last` is the last docid there can be.
  bool StepPast(uint32_t last, uint32_t& target) {
    if (last >= kEndDoc - 1) {
      doc = kEndDoc;
      return false;
    }
    target = last + 1;
    return true;
  }
  // Score() with the lead's part already known (same order of additions).
  double ScoreWithLead(double lead_score) {
    double s = 0;
    for (size_t i = 0; i < m_.size(); ++i) s += i == order_[0] ? lead_score : m_[i]->Score();
    return s;
  }
  // Positions of member i restricted to the phrase's field.
  void Positions(size_t i, const uint32_t*& p, uint32_t& n) {
    p = m_[i]->cursor().positions(n);
    if (field_ == Field::kTitle) n = static_cast<uint32_t>(std::lower_bound(p, p + n, kBodyBase) - p);
  }
  bool Match() {
    const size_t k = m_.size();
    // Rarest member first: its block is usually decoded already, and a miss
    // in its field spares the others' positions.
    for (size_t i : order_) {
      Positions(i, ps_[i], ns_[i]);
      if (ns_[i] == 0) return false;
    }
    if (!prox_ && k == 2) {
      const uint32_t *a = ps_[0], *b = ps_[1];
      const uint64_t oa = off_[0], ob = off_[1];
      const uint32_t na = ns_[0], nb = ns_[1];
#if defined(__SSE2__)
      if (pair_ && nb <= kPositionsPad) {
        // Usually a word or two each: each of a's positions is sought among
        // all of b's at once (plain lists' positions are padded), with no
        // branch on how many b holds or where the match is.
        const __m128i b0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
        const __m128i b1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 4));
        const __m128i lanes = _mm_set_epi32(3, 2, 1, 0);
        const __m128i live0 = _mm_cmpgt_epi32(_mm_set1_epi32(static_cast<int32_t>(nb)), lanes);
        const __m128i live1 = _mm_cmpgt_epi32(_mm_set1_epi32(static_cast<int32_t>(nb) - 4), lanes);
        for (uint32_t i = 0; i < na; ++i) {
          if (a[i] < oa) continue;
          const uint64_t want = a[i] - oa + ob;  // b's position for a phrase starting at a[i] - oa
          if (want > UINT32_MAX) continue;
          const __m128i t = _mm_set1_epi32(static_cast<int32_t>(static_cast<uint32_t>(want)));
          const __m128i hit = _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi32(b0, t), live0),
                                           _mm_and_si128(_mm_cmpeq_epi32(b1, t), live1));
          if (_mm_movemask_epi8(hit) != 0) {
            const uint32_t start = static_cast<uint32_t>(a[i] - oa);
            if ((start < kBodyBase) == (start + max_off_ < kBodyBase)) return true;
          }
        }
        return false;
      }
#endif
      // Merge-walk: a[i] - off0 == b[j] - off1, compared as a[i] + off1 vs
      // b[j] + off0. Which side steps is a coin toss: it is added, not
      // branched on (both step when equal); only a match branches.
      uint32_t i = 0, j = 0;
      while ((i < na) & (j < nb)) {
        const uint64_t x = a[i] + ob, y = b[j] + oa;
        if (x == y && a[i] >= oa) {
          const uint32_t start = static_cast<uint32_t>(a[i] - oa);
          // Never across the title/body boundary.
          if ((start < kBodyBase) == (start + max_off_ < kBodyBase)) return true;
        }
        i += x <= y;
        j += y <= x;
      }
      return false;
    }
    if (!prox_) {
      size_t a = 0;
      for (size_t i = 1; i < k; ++i)
        if (ns_[i] < ns_[a]) a = i;
      for (uint32_t j = 0; j < ns_[a]; ++j) {
        uint32_t p = ps_[a][j];
        if (p < off_[a]) continue;
        uint32_t start = p - off_[a];
        // Never across the title/body boundary.
        if ((start < kBodyBase) != (start + max_off_ < kBodyBase)) continue;
        bool ok = true;
        for (size_t i = 0; i < k && ok; ++i) {
          if (i == a) continue;
          ok = std::binary_search(ps_[i], ps_[i] + ns_[i], start + off_[i]);
        }
        if (ok) return true;
      }
      return false;
    }
    // Proximity: smallest window holding one position of every member.
    idx_.assign(k, 0);
    for (;;) {
      uint32_t lo = UINT32_MAX, hi = 0;
      size_t lo_i = 0;
      for (size_t i = 0; i < k; ++i) {
        uint32_t p = ps_[i][idx_[i]];
        if (p < lo) {
          lo = p;
          lo_i = i;
        }
        hi = std::max(hi, p);
      }
      if (hi - lo <= window_) return true;
      if (++idx_[lo_i] >= ns_[lo_i]) return false;
    }
  }

  std::vector<std::unique_ptr<TermIter>> m_;
  std::vector<uint32_t> off_;
  std::vector<size_t> order_;
  bool prox_;
  Field field_;
  bool pair_ = false;  // FindPair: the two rarest members are plain lists
  PairIntersection pair_hits_;
  // FindPair's block bounds: the members' sum (and all but the rarest's),
  // valid for documents up to bounds_until_.
  bool bounds_ready_ = false;
  uint32_t bounds_until_ = 0;
  double bound_ = 0, rest_ = 0;
  // The last document FindPair scored, and its score.
  uint32_t scored_doc_ = kEndDoc;
  double score_ = 0;
  uint32_t max_off_ = 0, window_ = 0;
  std::vector<const uint32_t*> ps_;
  std::vector<uint32_t> ns_, idx_;
  const double* theta_ = nullptr;
  bool* pruned_ = nullptr;
};

using Pred = std::function<bool(uint32_t)>;

class AndIter final : public Iter {
 public:
  AndIter(std::vector<std::unique_ptr<Iter>> pos, std::vector<std::unique_ptr<Iter>> neg, std::vector<Pred> preds)
      : pos_(std::move(pos)), neg_(std::move(neg)), preds_(std::move(preds)) {
    // Rarest first: it proposes the fewest candidates.
    std::stable_sort(pos_.begin(), pos_.end(), [](const auto& a, const auto& b) { return a->Cost() < b->Cost(); });
    // Plain terms (the usual AND) leapfrog through direct, inlined calls.
    terms_.reserve(pos_.size());
    for (auto& p : pos_) {
      auto* t = dynamic_cast<TermIter*>(p.get());
      if (!t) {
        terms_.clear();
        break;
      }
      terms_.push_back(t);
    }
    // The two rarest are plain lists: intersected a pair of blocks at a time
    // (PairIntersection), the others sought.
    merge_ = terms_.size() >= 2 && terms_[0]->plain() && terms_[1]->plain();
    doc = 0;
    Find(0);
  }
  void SkipTo(uint32_t target) override {
    if (doc >= target) return;
    Find(target);
  }
  double Score() override {
    double s = 0;
    if (!terms_.empty()) {
      for (TermIter* t : terms_) s += t->Score();
    } else {
      for (auto& p : pos_) s += p->Score();
    }
    return s;
  }
  uint64_t Cost() const override { return pos_.empty() ? 0 : pos_.front()->Cost(); }

 private:
  void Find(uint32_t target) {
    if (merge_) {
      FindMerged(target);
    } else if (!terms_.empty()) {
      FindIn(terms_, target);
    } else {
      FindIn(pos_, target);
    }
  }
  void FindMerged(uint32_t target) {
    for (;;) {
      target = pair_.Next(terms_[0]->cursor(), terms_[1]->cursor(), target);
      if (target == kEndDoc) {
        doc = kEndDoc;
        return;
      }
      terms_[0]->Sync();
      terms_[1]->Sync();
      terms_[0]->Prefetch();
      bool agree = true;
      for (size_t i = 2; i < terms_.size(); ++i) {
        TermIter* t = terms_[i];
        t->SkipTo(target);
        if (t->doc == kEndDoc) {
          doc = kEndDoc;
          return;
        }
        if (t->doc != target) {
          target = t->doc;
          agree = false;
          break;
        }
      }
      if (!agree) continue;
      if (Accept(target)) {
        doc = target;
        return;
      }
      if (target == kEndDoc - 1) {
        doc = kEndDoc;
        return;
      }
      ++target;
    }
  }
  // Filters and negations, for a docid every positive child holds.
  bool Accept(uint32_t target) {
    for (auto& pr : preds_)
      if (!pr(target)) return false;
    for (auto& n : neg_) {
      n->SkipTo(target);
      if (n->doc == target) return false;
    }
    return true;
  }
  template <typename List>
  void FindIn(List& pos, uint32_t target) {
    for (;;) {
      bool agree = true;
      for (auto& p : pos) {
        p->SkipTo(target);
        if (p->doc == kEndDoc) {
          doc = kEndDoc;
          return;
        }
        if (p->doc != target) {
          target = p->doc;
          agree = false;
          break;
        }
        if constexpr (std::is_same_v<List, std::vector<TermIter*>>) {
          // A candidate from the rarest list: start fetching what scoring reads.
          if (p == pos.front()) p->Prefetch();
        }
      }
      if (!agree) continue;
      if (Accept(target)) {
        doc = target;
        return;
      }
      if (target == kEndDoc - 1) {
        doc = kEndDoc;
        return;
      }
      ++target;
    }
  }
  std::vector<std::unique_ptr<Iter>> pos_, neg_;
  std::vector<TermIter*> terms_;  // pos_ when every one is a TermIter, else empty
  bool merge_ = false;            // the two rarest of terms_ are intersected (FindMerged)
  PairIntersection pair_;
  std::vector<Pred> preds_;
};

class OrIter final : public Iter {
 public:
  explicit OrIter(std::vector<std::unique_ptr<Iter>> c) : c_(std::move(c)) { Min(); }
  void SkipTo(uint32_t target) override {
    if (doc >= target) return;
    for (auto& c : c_)
      if (c->doc < target) c->SkipTo(target);
    Min();
  }
  double Score() override {
    double s = 0;
    for (auto& c : c_)
      if (c->doc == doc) s += c->Score();
    return s;
  }
  uint64_t Cost() const override {
    uint64_t sum = 0;
    for (auto& c : c_) sum += c->Cost();
    return sum;
  }

 private:
  void Min() {
    doc = kEndDoc;
    for (auto& c : c_) doc = std::min(doc, c->doc);
  }
  std::vector<std::unique_ptr<Iter>> c_;
};

// An exact form written as its own term (=word where the word is its stem):
// documents whose postings are not flagged nonbare match with their full tfs;
// flagged ones match through the bare form's own postings (mixed documents).
class BareIter final : public Iter {
 public:
  BareIter(const TermInfo& term, const TermInfo* mixed, double idf, Ctx& ctx) : idf_(idf), ctx_(ctx) {
    uint32_t n = ctx.seg->reader->num_docs();
    t_.Init(term, n);
    if (mixed) {
      m_.Init(*mixed, n);
      has_m_ = true;
    }
    rank_ = ctx.seg->rank.data();
    doc = 0;
    Find(0);
  }
  ~BareIter() override {
    if (t_.corrupt() || m_.corrupt()) ctx_.corrupt = true;
  }
  void SkipTo(uint32_t target) override {
    if (doc >= target) return;
    Find(target);
  }
  uint64_t Cost() const override { return t_.df(); }
  double Score() override {
    return Bm25(idf_, ctx_.params->k1, rank_[doc].Weight(tt_, tb_));
  }

 private:
  void Find(uint32_t target) {
    for (;;) {
      t_.SkipTo(target);
      uint32_t d = t_.doc();
      if (d == kEndDoc) {
        doc = kEndDoc;
        return;
      }
      if (!t_.nonbare()) {
        tt_ = t_.tf_title();
        tb_ = t_.tf_body();
        doc = d;
        return;
      }
      if (has_m_) {
        m_.SkipTo(d);
        if (m_.doc() == d) {
          tt_ = m_.tf_title();
          tb_ = m_.tf_body();
          doc = d;
          return;
        }
      }
      if (d == kEndDoc - 1) {
        doc = kEndDoc;
        return;
      }
      target = d + 1;
    }
  }
  PostingCursor t_, m_;
  bool has_m_ = false;
  double idf_;
  double tt_ = 0, tb_ = 0;
  const Seg::DocRank* rank_;
  Ctx& ctx_;
};

// Every document passing `pred` (a filter outside an AND, or a filter-only query).
class ScanIter final : public Iter {
 public:
  ScanIter(uint32_t n, Pred pred) : n_(n), pred_(std::move(pred)) {
    doc = 0;
    Find(0);
  }
  void SkipTo(uint32_t target) override {
    if (doc >= target) return;
    Find(target);
  }
  double Score() override { return 0; }
  uint64_t Cost() const override { return n_; }

 private:
  void Find(uint32_t t) {
    while (t < n_ && pred_ && !pred_(t)) ++t;
    doc = t < n_ ? t : kEndDoc;
  }
  uint32_t n_;
  Pred pred_;
};

bool IsFilterKind(QueryNode::Kind k) {
  return k == QueryNode::Kind::kOutlet || k == QueryNode::Kind::kCategory || k == QueryNode::Kind::kDate ||
         k == QueryNode::Kind::kAll;
}

Pred MakePred(const QueryNode& n, const Seg& seg) {
  const SegmentReader* r = seg.reader.get();
  switch (n.kind) {
    case QueryNode::Kind::kOutlet:
    case QueryNode::Kind::kCategory: {
      bool outlet = n.kind == QueryNode::Kind::kOutlet;
      const auto& names = outlet ? r->outlets() : r->categories();
      auto want = std::make_shared<std::vector<bool>>(names.size());
      bool any = false;
      for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == n.value) (*want)[i] = any = true;
      if (!any) return [](uint32_t) { return false; };
      if (outlet) return [r, want](uint32_t d) { return (*want)[r->doc(d).outlet]; };
      return [r, want](uint32_t d) { return (*want)[r->doc(d).category]; };
    }
    case QueryNode::Kind::kDate: {
      int64_t from = n.from, to = n.to;
      return [r, from, to](uint32_t d) {
        int64_t t = r->doc(d).date;
        return t != kNoDate && t >= from && t <= to;
      };
    }
    default: return [](uint32_t) { return true; };
  }
}

std::unique_ptr<Iter> Build(const QueryNode& n, Ctx& ctx);

std::unique_ptr<TermIter> BuildTerm(const std::string& term, Field field, bool scored, Ctx& ctx) {
  const QueryTerms& qt = *ctx.terms;
  const ptrdiff_t i = qt.Index(term);
  TermInfo info;
  if (i >= 0) {
    const size_t slot = static_cast<size_t>(i) * qt.nsegs + ctx.seg_index;
    if (!qt.found[slot]) return nullptr;
    info = qt.info[slot];
  } else if (!ctx.seg->reader->Find(term, info)) {
    return nullptr;
  }
  const double idf = scored && i >= 0 ? qt.idf[i] : 0;
  return std::make_unique<TermIter>(info, field, scored, idf, ctx);
}

std::unique_ptr<Iter> Build(const QueryNode& n, Ctx& ctx) {
  const uint32_t ndocs = ctx.seg->reader->num_docs();
  switch (n.kind) {
    case QueryNode::Kind::kTerm: {
      if (n.bare) {
        TermInfo term, mixed;
        if (!ctx.seg->reader->Find(n.terms[0], term)) return std::make_unique<EmptyIter>();
        bool has_mixed = ctx.seg->reader->Find(FormTerm(n.terms[0]), mixed);
        const double idf = ctx.terms->Idf(BareKey(n.terms[0]));
        return std::make_unique<BareIter>(term, has_mixed ? &mixed : nullptr, idf, ctx);
      }
      auto t = BuildTerm(n.terms[0], n.field, n.scored, ctx);
      if (!t) return std::make_unique<EmptyIter>();
      return t;
    }
    case QueryNode::Kind::kPhrase: {
      std::vector<std::unique_ptr<TermIter>> ms;
      for (const auto& term : n.terms) {
        auto t = BuildTerm(term, n.field, n.scored, ctx);
        if (!t) return std::make_unique<EmptyIter>();
        ms.push_back(std::move(t));
      }
      return std::make_unique<PhraseIter>(std::move(ms), n.offsets, n.proximity, n.slop, n.field);
    }
    case QueryNode::Kind::kAnd: {
      std::vector<std::unique_ptr<Iter>> pos, neg;
      pos.reserve(n.children.size());
      std::vector<Pred> preds;
      for (const auto& c : n.children) {
        if (c.kind == QueryNode::Kind::kNot) {
          auto it = Build(c.children[0], ctx);
          if (it->doc != kEndDoc) neg.push_back(std::move(it));
        } else if (IsFilterKind(c.kind)) {
          preds.push_back(MakePred(c, *ctx.seg));
        } else {
          auto it = Build(c, ctx);
          if (it->doc == kEndDoc) return std::make_unique<EmptyIter>();
          pos.push_back(std::move(it));
        }
      }
      if (pos.empty()) {
        // Filters (and negations) only: scan the segment.
        Pred first = preds.empty() ? Pred() : preds.front();
        pos.push_back(std::make_unique<ScanIter>(ndocs, first));
      }
      return std::make_unique<AndIter>(std::move(pos), std::move(neg), std::move(preds));
    }
    case QueryNode::Kind::kOr: {
      std::vector<std::unique_ptr<Iter>> cs;
      for (const auto& c : n.children) {
        auto it = Build(c, ctx);
        if (it->doc != kEndDoc) cs.push_back(std::move(it));
      }
      if (cs.empty()) return std::make_unique<EmptyIter>();
      if (cs.size() == 1) return std::move(cs[0]);
      return std::make_unique<OrIter>(std::move(cs));
    }
    case QueryNode::Kind::kNot:
      // Validated queries only hold NOT inside AND; alone it matches nothing.
      return std::make_unique<EmptyIter>();
    default: return std::make_unique<ScanIter>(ndocs, MakePred(n, *ctx.seg));
  }
}

// Scored terms: those that need an idf (and a lexicon lookup).
void CollectTerms(const QueryNode& n, QueryTerms& out) {
  if ((n.kind == QueryNode::Kind::kTerm || n.kind == QueryNode::Kind::kPhrase) && n.scored)
    for (auto& t : n.terms) {
      std::string key = n.bare ? BareKey(t) : t;
      if (out.Index(key) < 0) out.keys.push_back(std::move(key));
    }
  for (auto& c : n.children) CollectTerms(c, out);
}

struct Entry {
  double key;     // score, or date for date sort
  uint32_t seq;
  double score;
  int64_t date;
};
// True when a ranks before b.
inline bool Better(const Entry& a, const Entry& b) {
  if (a.key != b.key) return a.key > b.key;
  return a.seq < b.seq;
}

class TopK {
 public:
  explicit TopK(size_t k) : k_(k) { heap_.reserve(std::min<size_t>(k, 1024)); }
  // Returns true when the entry entered the heap.
  bool Offer(const Entry& e) {
    if (k_ == 0) return false;
    if (heap_.size() < k_) {
      heap_.push_back(e);
      std::push_heap(heap_.begin(), heap_.end(), Better);
      return true;
    }
    if (!Better(e, heap_.front())) return false;
    std::pop_heap(heap_.begin(), heap_.end(), Better);
    heap_.back() = e;
    std::push_heap(heap_.begin(), heap_.end(), Better);
    return true;
  }
  bool full() const { return k_ > 0 && heap_.size() >= k_; }
  // Score every newcomer must beat (ties go to lower seq, so prune only below it).
  double threshold() const { return full() ? heap_.front().key : -std::numeric_limits<double>::infinity(); }
  std::vector<Entry> Sorted() {
    std::vector<Entry> v = heap_;
    std::sort(v.begin(), v.end(), Better);
    return v;
  }

 private:
  size_t k_;
  std::vector<Entry> heap_;  // heap whose front is the worst kept entry
};

// The top-k of one scored word (a plain list of several blocks), its blocks
// best bound first: the heap fills from the likeliest blocks, and once a
// block's bound falls below the k-th score so do all the rest. (In docid
// order the first blocks fill it with mediocre documents, and most of the
// list is scored before theta rises past the other blocks' bounds.) Each
// block is scored at once from its decoded tfs. Scores and ties are the
// docid walk's; `total` counts the documents scored and `pruned` is set when
// blocks were left. False when a block is corrupt.
bool TermTopKByBlocks(TermIter& t, const std::vector<uint64_t>& hidden, const Seg& seg, TopK& top, int64_t& total,
                      bool& pruned) {
  const uint32_t nb = t.cursor().num_blocks();
  std::vector<std::pair<double, uint32_t>> blocks(nb);
  for (uint32_t b = 0; b < nb; ++b) blocks[b] = {t.bounds().Block(b), b};
  std::sort(blocks.begin(), blocks.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  double theta = top.threshold();
  double scores[kBlockSize];
  for (const auto& [bound, b] : blocks) {
    if (bound < theta) {
      pruned = true;
      break;
    }
    if (!t.SeekBlock(b)) return false;
    const DocBlock& blk = t.ScoreBlock(scores);
    if (t.cursor().corrupt()) return false;
    for (uint32_t i = 0; i < blk.n; ++i) {
      const uint32_t d = blk.docs[i];
      if (Seg::Bit(hidden, d)) continue;
      ++total;
      if (scores[i] < theta) continue;
      const Seg::DocKey& c = seg.key[d];
      if (top.Offer(Entry{scores[i], c.seq, scores[i], c.date})) theta = top.threshold();
    }
  }
  return true;
}

std::string DayString(int64_t day) {
  // civil_from_days
  day += 719468;
  const int64_t era = (day >= 0 ? day : day - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(day - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int64_t Bucket(int64_t epoch, SearchOptions::Histogram h) {
  int64_t day = FloorDiv(epoch, 86400);
  switch (h) {
    case SearchOptions::Histogram::kDay: return day;
    case SearchOptions::Histogram::kWeek: return day - ((day % 7 + 7 + 3) % 7);  // Monday (1970-01-01 was a Thursday)
    case SearchOptions::Histogram::kMonth: {
      std::string s = DayString(day);
      int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2));
      int64_t yy = y - (m <= 2);
      const int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
      const unsigned yoe = static_cast<unsigned>(yy - era * 400);
      const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
      const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
      return era * 146097 + static_cast<int64_t>(doe) - 719468;
    }
  }
  return day;
}

}  // namespace

Searcher::Searcher(std::vector<SegmentView> segments, uint64_t last_seq, std::shared_ptr<const text::Analyzer> analyzer,
                   Bm25fParams params)
    : last_seq_(last_seq), analyzer_(std::move(analyzer)), params_(params) {
  uint64_t n = 0, st = 0, sb = 0;
  for (auto& v : segments) {
    n += v.reader->num_docs();
    st += v.reader->sum_len_title();
    sb += v.reader->sum_len_body();
  }
  n_docs_ = static_cast<double>(n);
  avg_title_ = n ? static_cast<double>(st) / n : 0;
  avg_body_ = n ? static_cast<double>(sb) / n : 0;
  auto norm = [](double w, double b, double len, double avg) {
    double denom = avg > 0 ? (1 - b + b * len / avg) : 1.0;
    return w / denom;
  };
  // seq -> live? for collapsing copies under a live original.
  std::unordered_set<uint32_t> live;
  for (auto& v : segments) {
    auto s = std::make_unique<Seg>();
    s->reader = v.reader;
    uint32_t nd = v.reader->num_docs();
    s->deleted.assign((nd + 63) / 64, 0);
    if (v.deleted) {
      for (size_t i = 0; i < s->deleted.size() && i < v.deleted->size(); ++i) s->deleted[i] = (*v.deleted)[i];
    }
    s->rank.resize(nd);
    s->key.resize(nd);
    for (uint32_t d = 0; d < nd; ++d) {
      const DocColumns& c = v.reader->doc(d);
      s->rank[d] = {static_cast<float>(norm(params_.title_weight, params_.title_b, c.len_title, avg_title_)),
                    static_cast<float>(norm(params_.body_weight, params_.body_b, c.len_body, avg_body_))};
      s->key[d] = {c.seq, c.date};
      if (!Seg::Bit(s->deleted, d)) {
        live.insert(c.seq);
        ++live_docs_;
      }
    }
    segs_.push_back(std::move(s));
  }
  for (auto& s : segs_) {
    s->hidden = s->deleted;
    for (uint32_t d = 0; d < s->reader->num_docs(); ++d) {
      const DocColumns& c = s->reader->doc(d);
      if (c.copy_of != 0 && !Seg::Bit(s->deleted, d) && live.count(c.copy_of)) {
        s->hidden[d >> 6] |= uint64_t(1) << (d & 63);
        ++copies_[c.copy_of];
      }
    }
  }
}

Searcher::~Searcher() = default;

uint64_t Searcher::size_bytes() const {
  uint64_t s = 0;
  for (auto& seg : segs_) s += seg->reader->size_bytes();
  return s;
}

Result<SearchResults> Searcher::Search(std::string_view query, const SearchOptions& options) const {
  Result<Query> q = Parse(query);
  if (!q.ok()) return q.status();
  return Search(*q, options);
}

Result<SearchResults> Searcher::Search(const Query& query, const SearchOptions& options) const {
  // Global statistics: idf from document frequencies summed over segments.
  QueryTerms qt;
  qt.nsegs = segs_.size();
  CollectTerms(query.root, qt);
  qt.idf.resize(qt.keys.size());
  qt.info.resize(qt.keys.size() * qt.nsegs);
  qt.found.resize(qt.keys.size() * qt.nsegs);
  for (size_t ti = 0; ti < qt.keys.size(); ++ti) {
    const std::string_view t = qt.keys[ti];
    uint64_t df = 0;
    for (size_t si = 0; si < segs_.size(); ++si) {
      const SegmentReader& r = *segs_[si]->reader;
      TermInfo info;
      if (!t.empty() && t[0] == '\x03') {
        // Documents holding the bare form: all-bare postings plus mixed ones.
        if (r.Find(t.substr(1), info)) df += info.bare_df;
        if (r.Find(FormTerm(t.substr(1)), info)) df += info.df;
      } else if (r.Find(t, qt.info[ti * qt.nsegs + si])) {
        qt.found[ti * qt.nsegs + si] = 1;
        df += qt.info[ti * qt.nsegs + si].df;
      }
    }
    qt.idf[ti] = std::log(1.0 + (n_docs_ - df + 0.5) / (df + 0.5));
  }

  // The request's filters join the query as an AND (a copy of the query then;
  // without filters it is used as it is).
  QueryNode filtered;
  bool has_filters = false;
  {
    std::vector<QueryNode> filters;
    if (!options.outlet.empty()) {
      QueryNode f;
      f.kind = QueryNode::Kind::kOutlet;
      f.value = options.outlet;
      filters.push_back(f);
    }
    if (!options.category.empty()) {
      QueryNode f;
      f.kind = QueryNode::Kind::kCategory;
      f.value = options.category;
      filters.push_back(f);
    }
    if (options.from != kNoDate || options.to != kNoDate) {
      QueryNode f;
      f.kind = QueryNode::Kind::kDate;
      f.from = options.from == kNoDate ? std::numeric_limits<int64_t>::min() + 1 : options.from;
      f.to = options.to == kNoDate ? std::numeric_limits<int64_t>::max() : options.to;
      filters.push_back(f);
    }
    if (!filters.empty()) {
      has_filters = true;
      filtered.kind = QueryNode::Kind::kAnd;
      if (query.root.kind == QueryNode::Kind::kAnd) {
        filtered.children = query.root.children;
      } else {
        filtered.children.push_back(query.root);
      }
      for (auto& f : filters) filtered.children.push_back(std::move(f));
    }
  }
  const QueryNode& root = has_filters ? filtered : query.root;

  const bool by_date = options.sort == SearchOptions::Sort::kDate;
  const size_t k = options.offset + options.limit;
  TopK top(k);
  SearchResults res;
  std::map<std::string, int64_t> outlets, categories;
  std::map<int64_t, int64_t> hist;
  int64_t total = 0;
  bool corrupt = false;
  std::string corrupt_name;

  // MaxScore applies to a flat disjunction of scored terms when nothing
  // forces us to visit every match.
  bool flat_or = false;
  if (!by_date && !options.facets && !options.exact_total && root.kind != QueryNode::Kind::kAnd) {
    if (root.kind == QueryNode::Kind::kTerm && root.scored && !root.bare) flat_or = true;
    if (root.kind == QueryNode::Kind::kOr) {
      flat_or = true;
      for (auto& c : root.children)
        if (c.kind != QueryNode::Kind::kTerm || !c.scored || c.bare) flat_or = false;
    }
  }
  bool pruned = false;
  const bool prunable = !by_date && !options.facets && !options.exact_total;

  for (size_t si = 0; si < segs_.size(); ++si) {
    const Seg& seg = *segs_[si];
    const std::vector<uint64_t>& hidden = options.collapse_copies ? seg.hidden : seg.deleted;
    const SegmentReader& r = *seg.reader;
    Ctx ctx{&seg, &params_, &qt};
    ctx.seg_index = si;
    ctx.avg_title = avg_title_;
    ctx.avg_body = avg_body_;
    {
      const Bm25fParams& bp = r.bound_params();
      const double seg_avg_t = r.num_docs() ? static_cast<double>(r.sum_len_title()) / r.num_docs() : 0;
      const double seg_avg_b = r.num_docs() ? static_cast<double>(r.sum_len_body()) / r.num_docs() : 0;
      ctx.exact_stats = bp.title_weight == params_.title_weight && bp.title_b == params_.title_b &&
                        bp.body_weight == params_.body_weight && bp.body_b == params_.body_b &&
                        seg_avg_t == avg_title_ && seg_avg_b == avg_body_;
    }
    std::vector<int64_t> seg_outlets(options.facets ? r.outlets().size() : 0);
    std::vector<int64_t> seg_cats(options.facets ? r.categories().size() : 0);

    if (flat_or) {
      std::vector<const QueryNode*> leaves;
      if (root.kind == QueryNode::Kind::kTerm) {
        leaves.push_back(&root);
      } else {
        for (auto& c : root.children) leaves.push_back(&c);
      }
      std::vector<std::unique_ptr<TermIter>> ts;
      std::vector<double> ub;
      for (auto* l : leaves) {
        auto t = BuildTerm(l->terms[0], l->field, true, ctx);
        if (!t || t->doc == kEndDoc) continue;
        // Upper bound of this term's score in this segment, valid under any statistics.
        ub.push_back(t->bounds().Global());
        ts.push_back(std::move(t));
      }
      const size_t n = ts.size();
      std::vector<size_t> order(n);
      for (size_t i = 0; i < n; ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ub[a] < ub[b]; });
      std::vector<TermIter*> t(n);
      std::vector<double> cum(n);
      for (size_t i = 0; i < n; ++i) {
        t[i] = ts[order[i]].get();
        cum[i] = ub[order[i]] + (i ? cum[i - 1] : 0);
      }
      if (n == 1 && t[0]->plain() && t[0]->cursor().num_blocks() > 2) {
        if (!TermTopKByBlocks(*t[0], hidden, seg, top, total, pruned)) {
          corrupt = true;
          corrupt_name = r.name();
        }
        continue;
      }
      size_t e = 0;
      double theta = top.threshold();
      while (e < n && cum[e] < theta) ++e;
      uint32_t region_end = kEndDoc;  // none yet
      double region_sum = 0;
      for (;;) {
        uint32_t d = kEndDoc;
        for (size_t i = e; i < n; ++i) d = std::min(d, t[i]->doc);
        if (d == kEndDoc) break;
        if (top.full()) {
          // Block-max: if every list's block around d together cannot reach
          // theta, no document up to the first of those blocks' ends can.
          // The sum holds for the whole region: recomputed only past its end.
          if (region_end == kEndDoc || d > region_end) {
            region_sum = 0;
            region_end = kEndDoc - 1;
            for (size_t i = 0; i < n; ++i) {
              uint32_t until;
              region_sum += t[i]->BlockBound(d, until);
              region_end = std::min(region_end, until);
            }
          }
          const double bsum = region_sum;
          const uint32_t m = region_end;
          if (bsum < theta) {
            pruned = true;
            for (size_t i = e; i < n; ++i) t[i]->SkipTo(m + 1);
            if (m == kEndDoc - 1) break;
            continue;
          }
        }
        double s = 0;
        bool skip = Seg::Bit(hidden, d);
        if (!skip) {
          for (size_t i = e; i < n; ++i)
            if (t[i]->doc == d) s += t[i]->Score();
          for (size_t i = e; i-- > 0;) {
            if (s + cum[i] < theta) {
              skip = true;
              pruned = true;
              break;
            }
            // Block-max: the block that could hold d bounds this list's part.
            uint32_t until;
            const double part = t[i]->BlockBound(d, until);
            if (s + part + (i ? cum[i - 1] : 0.0) < theta) {
              skip = true;  // even at their best, this block and the lists below fall short
              pruned = true;
              break;
            }
            t[i]->SkipTo(d);
            if (t[i]->doc == d) s += t[i]->Score();
          }
        }
        for (size_t i = e; i < n; ++i)
          if (t[i]->doc == d) t[i]->SkipTo(d + 1);
        if (skip) continue;
        ++total;
        if (s < theta) continue;  // cannot enter: spare the column read (a cache miss)
        const Seg::DocKey& c = seg.key[d];
        if (top.Offer(Entry{s, c.seq, s, c.date}) && top.full()) {
          theta = top.threshold();
          while (e < n && cum[e] < theta) ++e;
        }
      }
      for (auto& x : ts)
        if (x->cursor().corrupt()) corrupt = true;
      if (corrupt) corrupt_name = r.name();
      continue;
    }

    std::unique_ptr<Iter> it = Build(root, ctx);
    double theta = top.threshold();
    // The first document was found before pruning could apply; later ones use theta.
    if (prunable) it->Prune(&theta, &pruned);
    for (uint32_t d = it->doc; d != kEndDoc; d = it->doc) {
      if (!Seg::Bit(hidden, d)) {
        ++total;
        double s = it->Score();
        if (!by_date && !options.facets && s < theta) {
          if (d == kEndDoc - 1) break;
          it->SkipTo(d + 1);
          continue;
        }
        const Seg::DocKey& c = seg.key[d];
        if (top.Offer(Entry{by_date ? static_cast<double>(c.date) : s, c.seq, s, c.date})) theta = top.threshold();
        if (options.facets) {
          const DocColumns& cols = r.doc(d);
          ++seg_outlets[cols.outlet];
          ++seg_cats[cols.category];
          if (c.date != kNoDate) ++hist[Bucket(c.date, options.histogram)];
        }
      }
      if (d == kEndDoc - 1) break;
      it->SkipTo(d + 1);
    }
    it.reset();  // iterators report corruption as they die
    if (ctx.corrupt) {
      corrupt = true;
      corrupt_name = r.name();
    }
    for (size_t i = 0; i < seg_outlets.size(); ++i)
      if (seg_outlets[i]) outlets[r.outlets()[i]] += seg_outlets[i];
    for (size_t i = 0; i < seg_cats.size(); ++i)
      if (seg_cats[i]) categories[r.categories()[i]] += seg_cats[i];
  }
  if (corrupt) return Status::Corrupt(corrupt_name + ": corrupt postings met while searching");

  res.total = total;
  res.total_exact = !pruned;
  std::vector<Entry> sorted = top.Sorted();
  res.hits.reserve(sorted.size() > options.offset ? sorted.size() - options.offset : 0);
  for (size_t i = options.offset; i < sorted.size(); ++i) {
    Hit h;
    h.seq = sorted[i].seq;
    h.score = sorted[i].score;
    h.date = sorted[i].date;
    if (options.collapse_copies) {
      auto it = copies_.find(h.seq);
      h.copies = it == copies_.end() ? 0 : it->second;
    }
    res.hits.push_back(h);
  }
  if (options.facets) {
    auto emit = [](const std::map<std::string, int64_t>& m, std::vector<FacetCount>& out) {
      for (auto& [name, count] : m) out.push_back({name, count});
      std::stable_sort(out.begin(), out.end(),
                       [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    };
    emit(outlets, res.outlets);
    emit(categories, res.categories);
    for (auto& [day, count] : hist) res.histogram.push_back({DayString(day), count});
  }
  return res;
}

}  // namespace riwaya::index
