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
    if (virt_) return vtt_;
    if (block_.tfs_ready) return block_.tf_title[i_];
    return EnsureParsed() ? TfTitle(block_, i_) : 0;
  }
  uint32_t tf_body() {
    if (virt_) return vtb_;
    if (block_.tfs_ready) return block_.tf_body[i_];
    return EnsureParsed() ? TfBody(block_, i_) : 0;
  }
  bool nonbare() {
    if (virt_) return false;
    if (block_.tfs_ready) return block_.nonbare[i_] != 0;
    return EnsureParsed() && NonBare(block_, i_);
  }
  // Positions of the current posting, ascending; title positions < kBodyBase.
  const uint32_t* positions(uint32_t& count);
  bool corrupt() const { return corrupt_; }
  // Variant ids (segment.h: exact forms) of the current posting's
  // occurrences, in position order; null (count 0) when it is bare.
  const uint32_t* variants(uint32_t& count);

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
  // For one-block lists: every posting of the block (decoded with tfs; for a
  // form view, the term's postings: upper bounds of the form's).
  const DocBlock& block() { EnsureTfs(); return block_; }

 private:
  bool LoadBlock(uint32_t b);
  void NextRaw();
  void SkipToRaw(uint32_t target);
  const uint32_t* PositionsRaw(uint32_t& count);
  bool BlockPositions(const uint8_t*& start, const uint8_t*& end);
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
  uint32_t num_docs_ = 0;
  uint32_t nblocks_ = 0;
  uint32_t b_ = 0, i_ = 0;
  uint32_t doc_ = kEndDoc;
  const uint8_t* data_ = nullptr;  // block data area
  DocBlock block_;
  // Positions: the block's reader, set up at the first request in a block.
  bool pos_block_ = false;
  PositionBlockReader pos_reader_;
  std::vector<uint32_t> pos_;
  bool corrupt_ = false;
  // Form views: the variant kept, its counts in the current posting, and the
  // block's variant ids with each posting's offset into them.
  bool virt_ = false;
  uint32_t variant_ = 0, vtt_ = 0, vtb_ = 0;
  bool vids_ready_ = false;
  std::vector<uint32_t> vids_, vid_off_, vpos_;
};

}  // namespace riwaya::index
