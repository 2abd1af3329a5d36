// PostingCursor: walks one term's postings in one segment, block by block.
// Docids are decoded a block at a time; term frequencies and positions only
// when asked for. A corrupt block ends the walk and sets corrupt(): the
// searcher turns that into a Status instead of trusting the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "index/codec.h"
#include "index/segment.h"

namespace riwaya::index {

inline constexpr uint32_t kEndDoc = std::numeric_limits<uint32_t>::max();

class PostingCursor {
 public:
  void Init(const TermInfo& t, uint32_t num_docs);
  uint32_t doc() const { return doc_; }
  uint32_t df() const { return t_.df; }
  // Inside the current block, moving costs a few compares (inlined); loading
  // another block, or a form view's filtering, goes out of line.
  void Next() {
    if (!virt_ && i_ + 1 < block_.n) {
      doc_ = block_.docs[++i_];
      return;
    }
    NextSlow();
  }
  void SkipTo(uint32_t target) {  // first doc >= target
    if (doc_ >= target) return;
    if (!virt_ && block_.docs[block_.n - 1] >= target) {
      i_ = SeekInBlock(target);
      doc_ = block_.docs[i_];
      return;
    }
    SkipToSlow(target);
  }
  // One posting's frequencies, read in place unless the block is decoded.
  uint32_t tf_title() {
    if (virt_) return vtt_;
    if (block_.tfs_ready) return block_.tf_title[i_];
    return EnsureParsed() ? TfTitle(block_, i_) : 0;
  }
  uint32_t tf_body() {
    if (virt_) return vtb_;
    if (block_.tfs_ready) return block_.tf_body[i_];
    return EnsureParsed() ? TfBody(block_, i_) : 0;
  }
  // Both frequencies at once (scoring): one check of how they are held.
  void tfs(uint32_t& title, uint32_t& body) {
    if (!virt_ && !block_.tfs_ready && (block_.tfs_parsed || EnsureParsed())) {
      title = TfTitle(block_, i_);
      body = TfBody(block_, i_);
      return;
    }
    title = tf_title();
    body = tf_body();
  }
  bool nonbare() {
    if (virt_) return false;
    return EnsureParsed() && NonBare(block_, i_);
  }
  // Positions of the current posting, ascending; title positions < kBodyBase.
  const uint32_t* positions(uint32_t& count);
  bool corrupt() const { return corrupt_; }
  // Variant ids (segment.h: exact forms) of the current posting's
  // occurrences, in position order; null (count 0) when it is bare.
  const uint32_t* variants(uint32_t& count);

  uint32_t num_blocks() const { return nblocks_; }
  // The decoded block around the cursor, for merging lists in place: its
  // docids, their count, and the cursor's index in them. SetIndex moves the
  // cursor inside the block, forward only (i >= index(), i < block_size()),
  // on lists that are not form views (view()).
  const uint32_t* block_docs() const { return block_.docs; }
  uint32_t block_size() const { return block_.n; }
  uint32_t index() const { return i_; }
  void SetIndex(uint32_t i) {
    i_ = i;
    doc_ = block_.docs[i];
  }
  bool view() const { return virt_; }
  // Loads block b (any, backwards too) and moves to its first posting; lists
  // that are not form views. False (corrupt() set) if the block is refused.
  bool SeekBlock(uint32_t b) {
    if (LoadBlock(b)) return true;
    Fail();
    return false;
  }
  // Index of the block that would hold `target` (num_blocks() if past the
  // end), without decoding anything. Never moves the cursor.
  uint32_t ShallowBlock(uint32_t target) const {
    if (doc_ == kEndDoc) return nblocks_;
    if (nblocks_ <= 1) return block_.docs[block_.n - 1] >= target ? 0 : 1;
    return block_.docs[block_.n - 1] >= target ? b_ : FirstBlockFrom(b_ + 1, target);
  }
  BlockMeta meta(uint32_t b) const { return skip_.Meta(b); }
  // One field of a skip entry, read alone (multi-block lists only).
  uint32_t last_doc(uint32_t b) const { return skip_.last_doc(b); }
  // The current block with its tfs decoded (for a form view, the term's
  // postings: upper bounds of the form's).
  const DocBlock& block() { EnsureTfs(); return block_; }

 private:
  uint32_t FirstBlockFrom(uint32_t from, uint32_t target) const;
  // Index of the first posting from i_ with docid >= target; the block's
  // last docid must be >= target. Short hops (the usual case) compare 8
  // docids at once without a data-dependent branch per posting; longer ones
  // finish with a branch-free binary search. Lanes past n (DocBlock pads
  // docs) cannot matter: the answer is at or before n - 1.
  uint32_t SeekInBlock(uint32_t target) const {
    uint32_t i = i_;
#if defined(__SSE2__)
    const __m128i bias = _mm_set1_epi32(INT32_MIN);  // unsigned order through signed compares
    const __m128i t = _mm_set1_epi32(static_cast<int32_t>(target ^ 0x80000000u));
    for (int round = 0; round < 2; ++round) {
      const __m128i a = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(block_.docs + i)), bias);
      const __m128i b = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(block_.docs + i + 4)), bias);
      const uint32_t below = static_cast<uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(t, a)))) |
                             static_cast<uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(t, b)))) << 4;
      if (below != 0xff) return i + static_cast<uint32_t>(__builtin_ctz(~below));
      i += 8;
    }
#else
    for (const uint32_t stop = i + 16; i < stop; ++i)
      if (block_.docs[i] >= target) return i;
#endif
    const uint32_t* lo = block_.docs + i;
    uint32_t len = block_.n - i;
    while (len > 1) {
      const uint32_t half = len / 2;
      lo = lo[half - 1] < target ? lo + half : lo;
      len -= half;
    }
    return static_cast<uint32_t>(lo - block_.docs);
  }
  void NextSlow();
  void SkipToSlow(uint32_t target);
  bool LoadBlock(uint32_t b);
  void NextRaw();
  void SkipToRaw(uint32_t target);
  const uint32_t* PositionsRaw(uint32_t& count);
  bool OpenPositions();
  bool LoadVariants();
  void Filter();
  void EnsureTfs() {
    if (!block_.tfs_ready && !DecodeTfs(block_)) Fail();
  }
  bool EnsureParsed() {
    if (block_.tfs_parsed) return true;
    if (ParseTfs(block_)) return true;
    Fail();
    return false;
  }
  void Fail() { corrupt_ = true; doc_ = kEndDoc; block_.n = 0; i_ = 0; block_.tfs_ready = true; }

  TermInfo t_;
  SkipTable skip_;  // multi-block lists
  uint32_t num_docs_ = 0;
  uint32_t nblocks_ = 0;
  uint32_t b_ = 0, i_ = 0;
  uint32_t doc_ = kEndDoc;
  const uint8_t* data_ = nullptr;  // block data area
  DocBlock block_;
  // Positions: the block's reader, set up at the first request in a block.
  bool pos_block_ = false;
  PositionBlockReader pos_reader_;
  bool corrupt_ = false;
  // Form views: the variant kept, its counts in the current posting, and the
  // block's variant ids with each posting's offset into them.
  bool virt_ = false;
  uint32_t variant_ = 0, vtt_ = 0, vtb_ = 0;
  bool vids_ready_ = false;
  std::vector<uint32_t> vids_, vid_off_, vpos_;
};

// Walks one term's list (not a form view) a whole block at a time, for
// merging: docids, tfs and, on request, every posting's positions and the
// block's variant ids, each decoded in one pass. Checks what PostingCursor
// checks; a corrupt block ends the walk with corrupt() set.
class BlockWalker {
 public:
  void Init(const TermInfo& t, uint32_t num_docs);
  // Loads the next block; false at the end or on corruption. `positions`:
  // decode them (positional terms); `variants`: and the variant ids.
  bool Next(bool positions, bool variants);
  bool corrupt() const { return corrupt_; }
  // The current block, its tfs decoded.
  const DocBlock& block() const { return block_; }
  // The block's positions, posting after posting (tf_title + tf_body each),
  // and their count.
  const uint32_t* positions() const { return pos_.data(); }
  size_t num_positions() const { return pos_.size(); }
  // Variant ids of the occurrences of the block's nonbare postings, in order.
  const uint32_t* variants() const { return vids_.data(); }

 private:
  bool Load(bool positions, bool variants);
  TermInfo t_;
  SkipTable skip_;  // multi-block lists
  uint32_t num_docs_ = 0, nblocks_ = 0, next_ = 0;
  const uint8_t* data_ = nullptr;
  bool corrupt_ = false;
  DocBlock block_;
  PositionBlockReader reader_;
  std::vector<uint32_t> pos_, vids_;
};

}  // namespace riwaya::index
