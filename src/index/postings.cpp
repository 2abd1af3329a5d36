#include "index/postings.h"

#include "index/document.h"

namespace riwaya::index {

namespace {

// Decodes the docids of block b of a list (of `nblocks`, block data at
// `data`) into `block`, after checking against the skip entries and the
// list's bounds where its bytes lie; the docids must rise from the previous
// block's last one, stay inside the segment and end where the skip entry says.
bool DecodeBlockDocs(const TermInfo& t, const SkipTable& skip, const uint8_t* data, uint32_t nblocks, uint32_t b,
                     uint32_t num_docs, DocBlock& block) {
  const uint8_t* start = data;
  const uint8_t* end = t.postings_end;
  uint32_t prev = kNoPrevDoc;
  if (nblocks > 1) {
    start = data + skip.doc_offset(b);
    if (b + 1 < nblocks) end = data + skip.doc_offset(b + 1);
    if (b > 0) {
      prev = skip.last_doc(b - 1);
      if (prev >= num_docs) return false;  // also keeps it from reading as kNoPrevDoc
    }
    if (start > end || end > t.postings_end) return false;
  }
  const uint32_t n = b + 1 < nblocks ? kBlockSize : t.list_df - b * kBlockSize;
  if (!DecodeDocs(start, end, n, prev, block)) return false;
  const uint32_t last = block.docs[n - 1];
  return last < num_docs && (nblocks <= 1 || skip.last_doc(b) == last);
}

// Where block b's positions (and, after them, its variant ids) lie.
bool BlockPositionBytes(const TermInfo& t, const SkipTable& skip, uint32_t nblocks, uint32_t b,
                        const uint8_t*& start, const uint8_t*& end) {
  start = t.positions;
  end = t.positions_end;
  if (nblocks > 1) {
    start = t.positions + skip.pos_offset(b);
    if (b + 1 < nblocks) end = t.positions + skip.pos_offset(b + 1);
    if (start > end || end > t.positions_end) return false;
  }
  return true;
}

// How many variant ids the block holds (one per occurrence of its nonbare
// postings); `offsets` (if given) receives each posting's first one.
uint64_t CountVariantIds(const DocBlock& block, uint32_t* offsets) {
  uint64_t count = 0;
  for (uint32_t i = 0; i < block.n; ++i) {
    if (offsets) offsets[i] = static_cast<uint32_t>(count);
    if (NonBare(block, i)) count += uint64_t(block.tf_title[i]) + block.tf_body[i];
  }
  return count;
}

// Decodes `count` variant ids at [p, end) into `vids` (resized to them).
bool ReadVariantIds(const uint8_t* p, const uint8_t* end, uint64_t count, std::vector<uint32_t>& vids) {
  // Every id takes at least one bit: bounds the allocation by the bytes left.
  if (count > uint64_t(end - p) * 8) return false;
  vids.resize(count);
  return DecodeVariantIds(p, end, count, vids.data());
}

}  // namespace

void PostingCursor::Init(const TermInfo& t, uint32_t num_docs) {
  t_ = t;
  if (t_.list_df == 0) t_.list_df = t_.df;
  num_docs_ = num_docs;
  nblocks_ = t.num_blocks();
  corrupt_ = false;
  virt_ = t.variant != kNoVariant;
  variant_ = t.variant;
  vtt_ = vtb_ = 0;
  data_ = t.postings;
  if (nblocks_ > 1) {
    if (!skip_.Open(t.postings, t.postings_end, nblocks_)) {
      Fail();
      return;
    }
    data_ += skip_.bytes();
  }
  if (nblocks_ == 0 || !LoadBlock(0)) {
    if (nblocks_ != 0) Fail();
    doc_ = kEndDoc;
    block_.n = i_ = 0;
    return;
  }
  if (virt_) Filter();
}

bool PostingCursor::LoadBlock(uint32_t b) {
  if (!DecodeBlockDocs(t_, skip_, data_, nblocks_, b, num_docs_, block_)) return false;
  b_ = b;
  i_ = 0;
  doc_ = block_.docs[0];
  pos_block_ = false;
  vids_ready_ = false;
  return true;
}

void PostingCursor::NextSlow() {
  NextRaw();
  if (virt_) Filter();
}

void PostingCursor::SkipToSlow(uint32_t target) {
  SkipToRaw(target);
  if (virt_) Filter();
}

// Moves to the first posting, from the current one, holding the view's form.
void PostingCursor::Filter() {
  while (doc_ != kEndDoc) {
    EnsureTfs();
    if (corrupt_) return;
    if (NonBare(block_, i_)) {
      if (!LoadVariants()) {
        Fail();
        return;
      }
      const uint32_t* v = vids_.data() + vid_off_[i_];
      const uint32_t tt = block_.tf_title[i_], n = tt + block_.tf_body[i_];
      vtt_ = vtb_ = 0;
      for (uint32_t k = 0; k < n; ++k)
        if (v[k] == variant_) ++(k < tt ? vtt_ : vtb_);
      if (vtt_ + vtb_ > 0) return;
    }
    NextRaw();
  }
}

// Opens the block's positions (their offsets need the block's tfs).
bool PostingCursor::OpenPositions() {
  if (pos_block_) return true;
  const uint8_t *start, *end;
  const bool located = BlockPositionBytes(t_, skip_, nblocks_, b_, start, end);
  // The positions' first line is fetched while the tfs are decoded.
  if (located) __builtin_prefetch(start);
  EnsureTfs();
  if (corrupt_) return false;
  if (!located || !pos_reader_.Init(start, end, block_.tf_title, block_.tf_body, block_.n)) {
    Fail();
    return false;
  }
  pos_block_ = true;
  return true;
}

// The block's variant ids follow its positions.
bool PostingCursor::LoadVariants() {
  if (vids_ready_) return true;
  EnsureTfs();
  if (corrupt_) return false;
  vid_off_.resize(block_.n);
  const uint64_t count = CountVariantIds(block_, vid_off_.data());
  vids_.clear();
  if (count > 0) {
    if (!OpenPositions()) return false;
    const uint8_t* p = pos_reader_.End();
    const uint8_t *start, *end;
    if (!p || !BlockPositionBytes(t_, skip_, nblocks_, b_, start, end) || !ReadVariantIds(p, end, count, vids_)) return false;
  }
  vids_ready_ = true;
  return true;
}

const uint32_t* PostingCursor::variants(uint32_t& count) {
  count = 0;
  if (doc_ == kEndDoc) return nullptr;
  EnsureTfs();
  if (corrupt_ || !NonBare(block_, i_)) return nullptr;
  if (!LoadVariants()) {
    Fail();
    return nullptr;
  }
  count = block_.tf_title[i_] + block_.tf_body[i_];
  return vids_.data() + vid_off_[i_];
}

const uint32_t* PostingCursor::positions(uint32_t& count) {
  const uint32_t* p = PositionsRaw(count);
  if (!virt_ || !p) return p;
  uint32_t nv = 0;
  const uint32_t* v = variants(nv);
  if (!v || nv != count) {
    count = 0;
    return nullptr;
  }
  vpos_.clear();
  for (uint32_t k = 0; k < count; ++k)
    if (v[k] == variant_) vpos_.push_back(p[k]);
  count = static_cast<uint32_t>(vpos_.size());
  return vpos_.data();
}

void PostingCursor::NextRaw() {
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

void PostingCursor::SkipToRaw(uint32_t target) {
  if (doc_ >= target) return;
  if (block_.docs[block_.n - 1] < target) {
    const uint32_t b = FirstBlockFrom(b_ + 1, target);
    if (b >= nblocks_) {
      doc_ = kEndDoc;
      i_ = block_.n;  // Next() must not step back into the block
      return;
    }
    if (!LoadBlock(b)) {
      Fail();
      return;
    }
  }
  i_ = SeekInBlock(target);
  doc_ = block_.docs[i_];
}

// First block from `from` whose last docid is >= target (nblocks_ if none):
// galloping over the skip entries, then a binary search, reading only their
// last_doc fields. Skip entries rise with the blocks (LoadBlock checks the
// ones it uses, so a corrupt entry at worst lands on a block that fails).
uint32_t PostingCursor::FirstBlockFrom(uint32_t from, uint32_t target) const {
  uint32_t lo = from, step = 1;
  // Invariant: every block before lo ends below target.
  while (lo < nblocks_ && last_doc(lo) < target) {
    const uint32_t probe = lo + step;
    if (probe >= nblocks_ || last_doc(probe) >= target) {
      // The answer is in (lo, min(probe, nblocks_)].
      uint32_t hi = probe < nblocks_ ? probe : nblocks_;
      ++lo;
      while (lo < hi) {
        const uint32_t mid = lo + (hi - lo) / 2;
        if (last_doc(mid) < target) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
    lo = probe + 1;
    step *= 2;
  }
  return lo;
}

const uint32_t* PostingCursor::PositionsRaw(uint32_t& count) {
  count = 0;
  if (doc_ == kEndDoc || !OpenPositions()) return nullptr;
  const uint32_t* p = pos_reader_.Decode(i_, count);
  if (!p) {
    Fail();
    count = 0;
  }
  return p;
}

void BlockWalker::Init(const TermInfo& t, uint32_t num_docs) {
  t_ = t;
  if (t_.list_df == 0) t_.list_df = t_.df;
  num_docs_ = num_docs;
  nblocks_ = t_.num_blocks();
  next_ = 0;
  corrupt_ = false;
  data_ = t_.postings;
  if (nblocks_ > 1) {
    if (!skip_.Open(t_.postings, t_.postings_end, nblocks_)) corrupt_ = true;
    data_ += skip_.bytes();
  }
}

bool BlockWalker::Next(bool positions, bool variants) {
  if (corrupt_ || next_ >= nblocks_) return false;
  if (!Load(positions, variants)) {
    corrupt_ = true;
    return false;
  }
  ++next_;
  return true;
}

bool BlockWalker::Load(bool positions, bool variants) {
  const uint32_t b = next_;
  if (!DecodeBlockDocs(t_, skip_, data_, nblocks_, b, num_docs_, block_) || !DecodeTfs(block_)) return false;
  if (!positions) return true;
  const uint8_t *start, *end;
  if (!BlockPositionBytes(t_, skip_, nblocks_, b, start, end) ||
      !reader_.Init(start, end, block_.tf_title, block_.tf_body, block_.n)) {
    return false;
  }
  const uint8_t* vstart = reader_.DecodeAll(pos_);  // the variant ids follow the positions
  if (!vstart) return false;
  if (!variants || !block_.nonbare_bits) return true;
  const uint64_t count = CountVariantIds(block_, nullptr);
  return count == 0 || ReadVariantIds(vstart, end, count, vids_);
}

}  // namespace riwaya::index
