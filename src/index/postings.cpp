#include "index/postings.h"

#include "index/document.h"

namespace riwaya::index {

void PostingCursor::Init(const TermInfo& t, uint32_t num_docs) {
  t_ = t;
  num_docs_ = num_docs;
  nblocks_ = t.num_blocks();
  corrupt_ = false;
  data_ = t.postings + (nblocks_ > 1 ? size_t(nblocks_) * sizeof(BlockMeta) : 0);
  if (nblocks_ == 0 || !LoadBlock(0)) {
    if (nblocks_ != 0) Fail();
    doc_ = kEndDoc;
  }
}

bool PostingCursor::LoadBlock(uint32_t b) {
  const uint8_t* start = data_;
  const uint8_t* end = t_.postings_end;
  uint32_t prev = kNoPrevDoc;
  if (nblocks_ > 1) {
    BlockMeta m = meta(b);
    start = data_ + m.doc_offset;
    if (b + 1 < nblocks_) end = data_ + meta(b + 1).doc_offset;
    if (b > 0) prev = meta(b - 1).last_doc;
    if (start > end || end > t_.postings_end) return false;
  }
  uint32_t n = b + 1 < nblocks_ ? kBlockSize : t_.df - b * kBlockSize;
  if (!DecodeDocs(start, end, n, prev, block_)) return false;
  // Docids must rise strictly and stay inside the segment.
  uint32_t last = b > 0 ? prev : 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t d = block_.docs[i];
    if ((i > 0 || b > 0) && d <= last) return false;
    last = d;
  }
  if (last >= num_docs_) return false;
  if (nblocks_ > 1 && meta(b).last_doc != last) return false;
  b_ = b;
  i_ = 0;
  doc_ = block_.docs[0];
  pos_block_ = false;
  return true;
}

void PostingCursor::Next() {
  if (doc_ == kEndDoc) return;
  if (++i_ < block_.n) {
    doc_ = block_.docs[i_];
    return;
  }
  if (b_ + 1 >= nblocks_) {
    doc_ = kEndDoc;
    return;
  }
  if (!LoadBlock(b_ + 1)) Fail();
}

void PostingCursor::SkipTo(uint32_t target) {
  if (doc_ >= target) return;
  if (block_.docs[block_.n - 1] < target) {
    uint32_t b = b_ + 1;
    while (b < nblocks_ && meta(b).last_doc < target) ++b;
    if (b >= nblocks_) {
      doc_ = kEndDoc;
      return;
    }
    if (!LoadBlock(b)) {
      Fail();
      return;
    }
  }
  while (block_.docs[i_] < target) ++i_;  // the block's last doc is >= target
  doc_ = block_.docs[i_];
}

const uint32_t* PostingCursor::positions(uint32_t& count) {
  count = 0;
  if (doc_ == kEndDoc) return nullptr;
  EnsureTfs();
  if (corrupt_) return nullptr;
  if (!pos_block_) {
    const uint8_t* start = t_.positions;
    const uint8_t* end = t_.positions_end;
    if (nblocks_ > 1) {
      start = t_.positions + meta(b_).pos_offset;
      if (b_ + 1 < nblocks_) end = t_.positions + meta(b_ + 1).pos_offset;
      if (start > end || end > t_.positions_end) {
        Fail();
        return nullptr;
      }
    }
    pos_ptr_ = start;
    pos_end_ = end;
    pos_doc_ = 0;
    pos_block_ = true;
  }
  if (pos_doc_ > i_) {
    // Asked again for an earlier posting (never in practice): restart the block.
    pos_block_ = false;
    return positions(count);
  }
  uint64_t skip = 0;
  for (; pos_doc_ < i_; ++pos_doc_) skip += uint64_t(block_.tf_title[pos_doc_]) + block_.tf_body[pos_doc_];
  if (skip) pos_ptr_ = SkipVarints(pos_ptr_, pos_end_, skip);
  const uint32_t tt = block_.tf_title[i_];
  const uint64_t n = uint64_t(tt) + block_.tf_body[i_];
  if (!pos_ptr_ || n > (1u << 30)) {
    Fail();
    return nullptr;
  }
  pos_.resize(n);
  uint32_t acc = 0;
  for (uint32_t k = 0; k < n; ++k) {
    uint64_t v = 0;
    if (!GetVarint(pos_ptr_, pos_end_, v) || v > 0xffffffffu) {
      Fail();
      return nullptr;
    }
    if (k == tt) acc = kBodyBase;
    acc += static_cast<uint32_t>(v);
    pos_[k] = acc;
  }
  ++pos_doc_;
  count = static_cast<uint32_t>(n);
  return pos_.data();
}

}  // namespace riwaya::index
