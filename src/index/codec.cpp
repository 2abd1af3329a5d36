#include "index/codec.h"

#include <streamvbyte.h>
#include <streamvbytedelta.h>

#include <cstring>

namespace riwaya::index {

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool GetVarint(const uint8_t*& p, const uint8_t* end, uint64_t& v) {
  uint64_t r = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    uint8_t byte = *p++;
    r |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      v = r;
      return true;
    }
  }
  return false;
}

namespace {

// The exact size of a streamvbyte stream of n values, from its control bytes,
// so that a corrupt stream is rejected before the decoder reads past `end`.
bool StreamFits(const uint8_t* p, const uint8_t* end, uint32_t n, size_t& size) {
  size_t ctrl = (n + 3) / 4;
  if (static_cast<size_t>(end - p) < ctrl) return false;
  size_t data = 0;
  for (uint32_t i = 0; i < n; ++i) data += ((p[i / 4] >> (2 * (i % 4))) & 3) + 1;
  size = ctrl + data;
  return static_cast<size_t>(end - p) >= size;
}

void AppendStream(std::string& out, const uint32_t* in, uint32_t n, bool delta, uint32_t prev) {
  size_t old = out.size();
  out.resize(old + streamvbyte_max_compressedbytes(n));
  auto* dst = reinterpret_cast<uint8_t*>(out.data() + old);
  size_t used = delta ? streamvbyte_delta_encode(in, n, dst, prev) : streamvbyte_encode(in, n, dst);
  out.resize(old + used);
}

}  // namespace

void EncodeDocBlock(const uint32_t* docs, const uint32_t* tf_title, const uint32_t* tf_body,
                    uint32_t n, uint32_t prev_doc, std::string& out) {
  AppendStream(out, docs, n, true, prev_doc);
  uint32_t packed[kBlockSize];
  uint32_t titles[kBlockSize];
  uint32_t nt = 0;
  for (uint32_t i = 0; i < n; ++i) {
    // Most postings have no title occurrence: one flag bit instead of a value.
    packed[i] = (tf_body[i] << 1) | (tf_title[i] > 0 ? 1u : 0u);
    if (tf_title[i] > 0) titles[nt++] = tf_title[i];
  }
  AppendStream(out, packed, n, false, 0);
  if (nt > 0) AppendStream(out, titles, nt, false, 0);
}

void EncodePositionBlock(const uint32_t* positions, const uint32_t* tf_title,
                         const uint32_t* tf_body, uint32_t n, std::string& out) {
  std::vector<uint32_t> deltas;
  size_t k = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t c = tf_title[i] + tf_body[i];
    uint32_t prev = 0;
    for (uint32_t j = 0; j < c; ++j, ++k) {
      deltas.push_back(positions[k] - prev);
      prev = positions[k];
    }
  }
  if (!deltas.empty()) AppendStream(out, deltas.data(), static_cast<uint32_t>(deltas.size()), false, 0);
}

bool DecodeDocs(const uint8_t* p, const uint8_t* end, uint32_t n, uint32_t prev_doc, DocBlock& b) {
  size_t size = 0;
  if (n == 0 || n > kBlockSize || !StreamFits(p, end, n, size)) return false;
  streamvbyte_delta_decode(p, b.docs, n, prev_doc);
  b.n = n;
  b.tf_data = p + size;
  b.end = end;
  b.tfs_ready = false;
  return true;
}

bool DecodeTfs(DocBlock& b) {
  size_t size = 0;
  if (!StreamFits(b.tf_data, b.end, b.n, size)) return false;
  streamvbyte_decode(b.tf_data, b.tf_body, b.n);
  uint32_t nt = 0;
  for (uint32_t i = 0; i < b.n; ++i) nt += b.tf_body[i] & 1;
  uint32_t titles[kBlockSize];
  if (nt > 0) {
    size_t tsize = 0;
    const uint8_t* tp = b.tf_data + size;
    if (!StreamFits(tp, b.end, nt, tsize)) return false;
    streamvbyte_decode(tp, titles, nt);
  }
  uint32_t k = 0;
  for (uint32_t i = 0; i < b.n; ++i) {
    bool has_title = b.tf_body[i] & 1;
    b.tf_body[i] >>= 1;
    b.tf_title[i] = has_title ? titles[k++] : 0;
  }
  b.tfs_ready = true;
  return true;
}

bool DecodePositions(const uint8_t* p, const uint8_t* end, const DocBlock& b,
                     std::vector<uint32_t>& out, std::vector<uint32_t>& starts) {
  uint64_t total = 0;
  starts.resize(b.n + 1);
  for (uint32_t i = 0; i < b.n; ++i) {
    starts[i] = static_cast<uint32_t>(total);
    total += uint64_t(b.tf_title[i]) + b.tf_body[i];
  }
  starts[b.n] = static_cast<uint32_t>(total);
  out.resize(total);
  if (total == 0) return true;
  if (total > (1u << 30)) return false;
  size_t size = 0;
  if (!StreamFits(p, end, static_cast<uint32_t>(total), size)) return false;
  streamvbyte_decode(p, out.data(), static_cast<uint32_t>(total));
  for (uint32_t i = 0; i < b.n; ++i) {
    uint32_t acc = 0;
    for (uint32_t k = starts[i]; k < starts[i + 1]; ++k) {
      acc += out[k];
      out[k] = acc;
    }
  }
  return true;
}

}  // namespace riwaya::index
