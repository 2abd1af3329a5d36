// PostingCursor: walks one term's postings in one segment, block by block.
// Docids are decoded a block at a time; term frequencies and positions only
// when asked for. A corrupt block ends the walk and sets corrupt(): the
// searcher turns that into a Status instead of trusting the bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "index/codec.h"
#include "index/segment.h"

namespace riwaya::index {

inline constexpr uint32_t kEndDoc = std::numeric_limits<uint32_t>::max();

class PostingCursor {
 public:
  void Init(const TermInfo& t, uint32_t num_docs);
  uint32_t doc() const { return doc_; }
  uint32_t df() const { return t_.df; }
  void Next();
  void SkipTo(uint32_t target);  // first doc >= target
  // One posting's frequencies, read in place unless the block is decoded.
  uint32_t tf_title() {
    if (block_.tfs_ready) return block_.tf_title[i_];
    return EnsureParsed() ? TfTitle(block_, i_) : 0;
  }
  uint32_t tf_body() {
    if (block_.tfs_ready) return block_.tf_body[i_];
    return EnsureParsed() ? TfBody(block_, i_) : 0;
  }
  bool nonbare() {
    if (block_.tfs_ready) return block_.nonbare[i_] != 0;
    return EnsureParsed() && NonBare(block_, i_);
  }
  // Positions of the current posting, ascending; title positions < kBodyBase.
  const uint32_t* positions(uint32_t& count);
  bool corrupt() const { return corrupt_; }

  uint32_t num_blocks() const { return nblocks_; }
  // Index of the block that would hold `target` (num_blocks() if past the
  // end), without decoding anything. Never moves the cursor.
  uint32_t ShallowBlock(uint32_t target) const {
    if (doc_ == kEndDoc) return nblocks_;
    uint32_t b = b_;
    if (nblocks_ <= 1) return block_.docs[block_.n - 1] >= target ? 0 : 1;
    while (b < nblocks_ && meta(b).last_doc < target) ++b;
    return b;
  }
  BlockMeta meta(uint32_t b) const {
    BlockMeta m;
    std::memcpy(&m, t_.postings + size_t(b) * sizeof(BlockMeta), sizeof(m));
    return m;
  }
  // For one-block lists: every posting of the block (decoded with tfs).
  const DocBlock& block() { EnsureTfs(); return block_; }

 private:
  bool LoadBlock(uint32_t b);
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
  uint32_t num_docs_ = 0;
  uint32_t nblocks_ = 0;
  uint32_t b_ = 0, i_ = 0;
  uint32_t doc_ = kEndDoc;
  const uint8_t* data_ = nullptr;  // block data area
  DocBlock block_;
  // Positions: a cursor over the block's varints, moving forward only.
  bool pos_block_ = false;
  const uint8_t* pos_ptr_ = nullptr;
  const uint8_t* pos_end_ = nullptr;
  uint32_t pos_doc_ = 0;  // posting index pos_ptr_ stands at
  std::vector<uint32_t> pos_;
  bool corrupt_ = false;
};

}  // namespace riwaya::index
