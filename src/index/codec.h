// Postings codec: blocks of up to 128 postings. Each block holds delta-coded
// docids and term frequencies (streamvbyte), and, in a separate stream, the
// positions of each posting (delta-coded per document). Decoding never reads
// past the bytes it is given: every length is checked against the buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace riwaya::index {

inline constexpr uint32_t kBlockSize = 128;

// Skip entry for a block of a multi-block postings list (lists of one block
// carry none). The score bound fields let the evaluator bound BM25F for every
// document of the block under any collection statistics.
struct BlockMeta {
  uint32_t last_doc;
  uint32_t doc_offset;    // from the start of the block data area
  uint32_t pos_offset;    // from the start of the term's positions
  uint32_t max_tf_body;
  uint16_t max_tf_title;  // saturated: the stored value is an upper bound only if < 65535
  uint16_t min_len_title; // saturated downward: always a lower bound
  uint32_t min_len_body;
};
static_assert(sizeof(BlockMeta) == 24);

// LEB128 varints.
void PutVarint(std::string& out, uint64_t v);
// Returns false (and leaves `v`) on truncated or overlong input.
bool GetVarint(const uint8_t*& p, const uint8_t* end, uint64_t& v);

// Encodes one block. `docs` ascending, each > `prev_doc` unless it is the very
// first block (prev_doc = 0 and docs[0] may be 0). `positions` holds, for each
// posting, tf_title + tf_body ascending positions (may be null: no positions).
void EncodeDocBlock(const uint32_t* docs, const uint32_t* tf_title, const uint32_t* tf_body,
                    uint32_t n, uint32_t prev_doc, std::string& out);
void EncodePositionBlock(const uint32_t* positions, const uint32_t* tf_title,
                         const uint32_t* tf_body, uint32_t n, std::string& out);

// Decoded block. Term frequencies are decoded only on demand.
struct DocBlock {
  uint32_t n = 0;
  uint32_t docs[kBlockSize];
  uint32_t tf_body[kBlockSize];
  uint32_t tf_title[kBlockSize];
  const uint8_t* tf_data = nullptr;  // where tfs start, until decoded
  const uint8_t* end = nullptr;
  bool tfs_ready = false;
};

// Decodes the docids of a block of `n` postings at [p, end). Returns false on corruption.
bool DecodeDocs(const uint8_t* p, const uint8_t* end, uint32_t n, uint32_t prev_doc, DocBlock& b);
bool DecodeTfs(DocBlock& b);
// Decodes `total` position deltas and restores absolute positions per posting.
bool DecodePositions(const uint8_t* p, const uint8_t* end, const DocBlock& b,
                     std::vector<uint32_t>& out, std::vector<uint32_t>& starts);

}  // namespace riwaya::index
