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
  uint32_t tf_title() { EnsureTfs(); return block_.tf_title[i_]; }
  uint32_t tf_body() { EnsureTfs(); return block_.tf_body[i_]; }
  // Positions of the current posting, ascending; title positions < kBodyBase.
  const uint32_t* positions(uint32_t& count);
  bool corrupt() const { return corrupt_; }

  uint32_t num_blocks() const { return nblocks_; }
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
  void Fail() { corrupt_ = true; doc_ = kEndDoc; block_.n = 0; i_ = 0; block_.tfs_ready = true; }

  TermInfo t_;
  uint32_t num_docs_ = 0;
  uint32_t nblocks_ = 0;
  uint32_t b_ = 0, i_ = 0;
  uint32_t doc_ = kEndDoc;
  const uint8_t* data_ = nullptr;  // block data area
  DocBlock block_;
  bool pos_ready_ = false;
  std::vector<uint32_t> pos_, pos_starts_;
  bool corrupt_ = false;
};

}  // namespace riwaya::index
