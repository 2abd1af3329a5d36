#include "index/index.h"

#include <roaring/roaring.h>
#define XXH_INLINE_ALL  // the term table hashes every token: let it inline
#include <xxhash.h>
#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "base/utf8.h"
#include "index/files.h"
#include "index/postings.h"
#include "index/segment.h"

namespace riwaya::index {

namespace {

constexpr const char* kManifest = "MANIFEST";
constexpr const char* kManifestMagic = "riwaya-index 1";


using Bits = std::vector<uint64_t>;

struct SegEntry {
  std::string name;  // file name within the directory
  uint64_t number = 0;
  std::shared_ptr<SegmentReader> reader;
  std::shared_ptr<const Bits> deleted;  // committed deletions (may be null)
  std::string del_file;                 // committed deletion file or empty
  std::shared_ptr<Bits> staged;         // uncommitted deletions (copy), or null
};

bool TestBit(const Bits* b, uint32_t d) { return b && (d >> 6) < b->size() && (((*b)[d >> 6] >> (d & 63)) & 1); }

std::string SegName(uint64_t n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "seg_%06" PRIu64 ".rws", n);
  return buf;
}
std::string DelName(uint64_t n, uint64_t gen) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "seg_%06" PRIu64 ".g%" PRIu64 ".del", n, gen);
  return buf;
}

// Allocator for the buffer's big random-access memory (the pool's pages,
// term and form slots, term states): allocations of 2 MiB or more are
// aligned to 2 MiB and advised for huge pages (see SlicePool for why).
template <class T>
struct HugeAllocator {
  using value_type = T;
  static constexpr size_t kHuge = size_t(2) << 20;
  HugeAllocator() = default;
  template <class U>
  HugeAllocator(const HugeAllocator<U>&) {}
  static size_t Align(size_t bytes) { return bytes >= kHuge ? kHuge : std::max(alignof(T), alignof(std::max_align_t)); }
  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    void* p = ::operator new(bytes, std::align_val_t{Align(bytes)});
#ifdef MADV_HUGEPAGE
    if (bytes >= kHuge) madvise(p, bytes / kHuge * kHuge, MADV_HUGEPAGE);  // advice only
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) { ::operator delete(p, std::align_val_t{Align(n * sizeof(T))}); }
  template <class U>
  bool operator==(const HugeAllocator<U>&) const { return true; }
};

// Equality of two short strings without a library call (terms are a few
// bytes; memcmp's call and dispatch cost more than the compare).
inline bool SameBytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  for (; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Open-addressing string table handing out dense ids: the hottest path of Add.
// A slot holds the key's first 23 bytes and its length inline, so a lookup
// reads one slot (one cache line) and no string; only keys longer than that
// are confirmed against `names`. Each key also carries a caller's value.
struct Interner {
  static constexpr size_t kInline = 23;
  static constexpr uint8_t kLong = 24;  // length byte of a key longer than kInline
  struct Slot {
    uint64_t key[3] = {0, 0, 0};  // bytes 0..22: the key's head, zero padded; byte 23: length or kLong
    uint32_t id = 0;              // id + 1; 0 = empty
    uint32_t value = UINT32_MAX;
  };
  std::vector<Slot, HugeAllocator<Slot>> slots = std::vector<Slot, HugeAllocator<Slot>>(1 << 12);
  std::vector<std::string> names;

  static uint64_t Hash(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }
  // Where the probe for a key of hash `h` starts (to prefetch it).
  const Slot* Home(uint64_t h) const { return &slots[h & (slots.size() - 1)]; }
  // The slot of `s` (of hash `h`), inserted with the next id if new. Valid
  // until the next Lookup.
  Slot& Lookup(std::string_view s) { return Lookup(s, Hash(s)); }
  Slot& Lookup(std::string_view s, uint64_t h) {
    uint64_t key[3];
    Pack(s, key);
    size_t mask = slots.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& slot = slots[i];
      if (slot.id == 0) {
        if ((names.size() + 1) * 2 > slots.size()) {
          Grow();
          return Lookup(s, h);
        }
        names.emplace_back(s);
        slot.key[0] = key[0];
        slot.key[1] = key[1];
        slot.key[2] = key[2];
        slot.id = static_cast<uint32_t>(names.size());
        return slot;
      }
      if (slot.key[0] == key[0] && slot.key[1] == key[1] && slot.key[2] == key[2] &&
          (s.size() <= kInline || SameBytes(names[slot.id - 1], s))) {
        return slot;
      }
    }
  }
  uint32_t Id(std::string_view s) { return Lookup(s).id - 1; }

  // Builds the words in registers (bytes stored one by one and read back as
  // words would stall on store forwarding, on every token).
  [[gnu::always_inline]] static void Pack(std::string_view s, uint64_t key[3]) {
    const char* p = s.data();
    const size_t m = std::min(s.size(), kInline);
    uint64_t w[3] = {0, 0, 0};
    if (std::endian::native == std::endian::little && m >= 8) {
      const size_t full = m / 8, tail = m % 8;
      for (size_t k = 0; k < full; ++k) std::memcpy(&w[k], p + 8 * k, 8);
      if (tail) {  // the last 8 bytes of the key, shifted down to its tail
        std::memcpy(&w[full], p + m - 8, 8);
        w[full] >>= 8 * (8 - tail);
      }
    } else {
      for (size_t i = 0; i < m; ++i) w[i / 8] |= uint64_t(static_cast<unsigned char>(p[i])) << (8 * (i % 8));
    }
    const uint64_t len = s.size() <= kInline ? s.size() : kLong;
    key[0] = w[0];
    key[1] = w[1];
    key[2] = (w[2] & 0x00FFFFFFFFFFFFFFull) | (len << 56);
  }
  void Grow() {
    std::vector<Slot, HugeAllocator<Slot>> next(slots.size() * 2);
    size_t mask = next.size() - 1;
    for (const Slot& v : slots) {
      if (!v.id) continue;
      size_t i = Hash(names[v.id - 1]) & mask;
      while (next[i].id) i = (i + 1) & mask;
      next[i] = v;
    }
    slots.swap(next);
  }
};

// Growable byte streams in one shared pool (the in-memory postings): each
// stream is a chain of slices of growing size whose last 4 bytes link to the
// next slice, so that appending never moves bytes and a term with one posting
// costs a few bytes, not three vectors.
class SlicePool {
 public:
  // A stream's write state, 12 bytes: a term's two fit in its cache line.
  struct Stream {
    uint32_t head = 0;  // address of the first slice; 0 = empty (address 0 is never handed out)
    uint32_t cur = 0;   // next byte to write
    uint16_t room = 0;  // bytes before the current slice's link field (at cur + room)
    uint8_t level = 0;
  };

  void Put(Stream& s, uint8_t byte) {
    if (s.room == 0) NewSlice(s);
    pages_[s.cur >> kPageBits][s.cur & kPageMask] = byte;
    ++s.cur;
    --s.room;
  }
  [[gnu::always_inline]] void PutVarint(Stream& s, uint32_t v) {
    if (s.room >= 5) [[likely]] {  // room for any varint: slices never straddle pages
      uint8_t* p = &pages_[s.cur >> kPageBits][s.cur & kPageMask];
      uint8_t* const start = p;
      while (v >= 0x80) {
        *p++ = static_cast<uint8_t>(v | 0x80);
        v >>= 7;
      }
      *p++ = static_cast<uint8_t>(v);
      s.cur += static_cast<uint32_t>(p - start);
      s.room = static_cast<uint16_t>(s.room - (p - start));
      return;
    }
    PutVarintSlow(s, v);
  }
  [[gnu::noinline]] void PutVarintSlow(Stream& s, uint32_t v) {
    while (v >= 0x80) {
      Put(s, static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    Put(s, static_cast<uint8_t>(v));
  }
  // Bytes handed out to slices (the budget counts these, not whole pages).
  size_t bytes() const { return pages_.empty() ? 0 : ((pages_.size() - 1) << kPageBits) + used_; }
  // Prefetches (for writing) where the stream's next byte goes.
  void Prefetch(const Stream& s) const {
    if (s.room) __builtin_prefetch(&pages_[s.cur >> kPageBits][s.cur & kPageMask], 1);
  }
  // Prefetches the stream's first bytes (for reading it back).
  void PrefetchHead(const Stream& s) const {
    if (s.head) __builtin_prefetch(&pages_[s.head >> kPageBits][s.head & kPageMask]);
  }

  // Reads a stream back from its first byte to its last written one.
  class Reader {
   public:
    Reader(const SlicePool& p, const Stream& s)
        : p_(p), cur_(s.head), end_(s.head ? s.head + kSliceSize[0] - 4 : 0), stop_(s.cur) {}
    bool done() const { return cur_ == stop_; }
    uint8_t Get() {
      if (cur_ == end_) {
        const uint32_t next = p_.Link(end_);
        level_ = std::min<uint8_t>(level_ + 1, kLevels - 1);
        cur_ = next;
        end_ = next + kSliceSize[level_] - 4;
      }
      const uint8_t b = p_.pages_[cur_ >> kPageBits][cur_ & kPageMask];
      ++cur_;
      return b;
    }
    uint32_t Varint() {
      if (end_ - cur_ >= 5 && stop_ - cur_ >= 5) {  // within one slice: no link to follow
        const uint8_t* p = &p_.pages_[cur_ >> kPageBits][cur_ & kPageMask];
        uint32_t v = p[0] & 0x7f;
        uint32_t k = 1;
        if (p[0] >= 0x80) {
          for (int shift = 7;; shift += 7) {
            const uint8_t b = p[k++];
            v |= uint32_t(b & 0x7f) << shift;
            if (b < 0x80) break;
          }
        }
        cur_ += k;
        return v;
      }
      uint32_t v = 0;
      for (int shift = 0;; shift += 7) {
        const uint8_t b = Get();
        v |= uint32_t(b & 0x7f) << shift;
        if (b < 0x80) return v;
      }
    }

   private:
    const SlicePool& p_;
    uint32_t cur_, end_, stop_;
    uint8_t level_ = 0;
  };

 private:
  // 2 MiB pages (slices never straddle two), aligned so that the kernel may
  // back each with one huge page: appends land all over the pool, and 4 KiB
  // pages would cost a TLB miss and a page fault every few of them.
  static constexpr uint32_t kPageBits = 21;
  static constexpr uint32_t kPageMask = (1u << kPageBits) - 1;
  static constexpr uint8_t kLevels = 8;
  static constexpr uint32_t kSliceSize[kLevels] = {8, 16, 32, 64, 128, 256, 512, 1024};

  void NewSlice(Stream& s) {
    const uint8_t level = s.head == 0 ? 0 : std::min<uint8_t>(s.level + 1, kLevels - 1);
    const uint32_t size = kSliceSize[level];
    if (pages_.empty() || used_ + size > (1u << kPageBits)) {
      pages_.emplace_back(HugeAllocator<uint8_t>().allocate(kPageSize));
      used_ = pages_.size() == 1 ? 8 : 0;  // keeps address 0 free to mean "empty"
    }
    const uint32_t addr = static_cast<uint32_t>(((pages_.size() - 1) << kPageBits) | used_);
    used_ += size;
    if (s.head == 0) {
      s.head = addr;
    } else {  // the full slice's link field is where the next byte would go
      std::memcpy(&pages_[s.cur >> kPageBits][s.cur & kPageMask], &addr, 4);
    }
    s.cur = addr;
    s.room = static_cast<uint16_t>(size - 4);
    s.level = level;
  }
  uint32_t Link(uint32_t at) const {
    uint32_t v;
    std::memcpy(&v, &pages_[at >> kPageBits][at & kPageMask], 4);
    return v;
  }

  static constexpr size_t kPageSize = size_t(1) << kPageBits;
  struct PageDelete {
    void operator()(uint8_t* p) const { HugeAllocator<uint8_t>().deallocate(p, kPageSize); }
  };
  std::vector<std::unique_ptr<uint8_t[], PageDelete>> pages_;
  uint32_t used_ = 0;  // bytes handed out in the last page
};

// The pool addresses bytes with 32 bits: a buffer cuts well before that,
// and before a document that could take it past (a document adds at most
// about 8 pool bytes per byte of text: a new term per two-byte token).
constexpr size_t kMaxPoolBytes = size_t(3) << 30;
constexpr size_t kPoolBytesPerTextByte = 8;

// Documents added since the last cut, as postings per term: per term a doc
// stream and a position stream appended as tokens arrive, so Add never sorts
// or moves postings. Layout, all varints:
//   doc stream: per posting the doc delta (when the posting opens), then
//               (tf_body << 2 | nonbare << 1 | has title), [tf_title] (when
//               the term's next posting opens: the last posting's are in
//               the term's state until then)
//   pos stream: per occurrence (delta << 1 | written form differs), [form id
//               if exact forms]; deltas restart at 0 for a posting's title
//               and at kBodyBase for its body occurrences. Author words have
//               no position stream.
struct Buffer {
  // Everything Add touches for a term, in one cache line.
  struct alignas(64) TermState {
    uint64_t key[3] = {0, 0, 0};  // the term packed as an Interner key: checked without its name
    SlicePool::Stream doc_stream, pos_stream;
    uint32_t doc = kNoDoc;  // local doc of the term's last posting, still open
    uint32_t tf_title = 0, tf_body = 0;
    uint32_t last_pos : 31 = 0;  // positions stay below 2^31 (kMaxDocumentBytes)
    uint32_t nonbare : 1 = 0;
  };
  static_assert(sizeof(TermState) == 64);
  static constexpr uint32_t kNoDoc = UINT32_MAX;

  Interner terms;  // analysed terms and author words
  Interner forms;  // written forms (exact forms), ids in PostingList::forms;
                   // value: the term the form was first seen under
  SlicePool pool;
  std::vector<TermState, HugeAllocator<TermState>> states;  // by term id
  std::vector<DocColumns> docs;
  std::unordered_map<std::string, uint32_t> outlet_ids, cat_ids;
  std::vector<std::string> outlets, cats;
  std::unordered_map<uint32_t, uint32_t> local_of;  // seq -> local
  Bits deleted;
  // Text occurrences of the document awaiting their table lookups, in
  // token order (key and term bytes in `pending_bytes`). Drain walks them as
  // a software pipeline, so that the cache misses of one token (its form's
  // slot, then its term's state, then the pool bytes it appends to)
  // overlap with those of the tokens around it instead of stalling in turn.
  struct Pending {
    uint32_t key_off, key_len, term_off, term_len;
    uint32_t pos;
    bool title, bare, checked;
    uint32_t fid, tid;
    uint64_t hash;
  };
  std::vector<Pending> pending;
  std::string pending_bytes;
  static constexpr size_t kMaxPending = 4096;  // a long document drains in pieces
  // scratch
  std::vector<text::Token> toks;
  std::string key;

  uint32_t Id(std::string_view term) {
    uint32_t id = terms.Id(term);
    if (id >= states.size()) {
      states.resize(id + 1);
      Interner::Pack(term, states[id].key);
    }
    return id;
  }
  // Queues one text occurrence (the views need not outlive the call).
  void Queue(std::string_view term, std::string_view form, uint32_t pos, bool title) {
    Pending p;
    p.bare = form.empty() || SameBytes(form, term);
    p.term_off = static_cast<uint32_t>(pending_bytes.size());
    p.term_len = static_cast<uint32_t>(term.size());
    pending_bytes.append(term);
    if (p.bare) {
      p.key_off = p.term_off;
      p.key_len = p.term_len;
    } else {
      p.key_off = static_cast<uint32_t>(pending_bytes.size());
      p.key_len = static_cast<uint32_t>(form.size());
      pending_bytes.append(form);
    }
    p.pos = pos;
    p.title = title;
    pending.push_back(p);
  }
  // Adds the queued occurrences of document `local`. One hash per token: the
  // written form's slot remembers the term it was first seen under (checked,
  // since an analyzer may stem one form two ways in context). Stages run
  // kAhead tokens apart; each only prefetches what the next one reads.
  void Drain(uint32_t local, bool keep_forms) {
    constexpr size_t kAhead = 6;
    const char* base = pending_bytes.data();
    const size_t n = pending.size();
    for (size_t i = 0; i < n + 3 * kAhead; ++i) {
      if (i < n) {  // hash the key, fetch its slot
        Pending& p = pending[i];
        p.hash = Interner::Hash({base + p.key_off, p.key_len});
        __builtin_prefetch(forms.Home(p.hash));
      }
      if (i >= kAhead && i - kAhead < n) {  // the form's id and remembered term
        Pending& p = pending[i - kAhead];
        Interner::Slot& form = forms.Lookup({base + p.key_off, p.key_len}, p.hash);
        p.fid = form.id - 1;
        p.tid = form.value;
        p.checked = p.tid == UINT32_MAX;
        if (p.checked) {
          p.tid = Id({base + p.term_off, p.term_len});  // may not move `form`: another table
          form.value = p.tid;
        }
        __builtin_prefetch(&states[p.tid]);
      }
      if (i >= 2 * kAhead && i - 2 * kAhead < n) {  // check the term; fetch the bytes appended to
        Pending& p = pending[i - 2 * kAhead];
        const std::string_view term(base + p.term_off, p.term_len);
        if (!p.checked && !IsTerm(p.tid, term)) p.tid = Id(term);
        const TermState& st = states[p.tid];
        pool.Prefetch(st.pos_stream);
        if (st.doc != local) pool.Prefetch(st.doc_stream);  // a posting opens
      }
      if (i >= 3 * kAhead) {
        const Pending& p = pending[i - 3 * kAhead];
        AddOccurrence(p.tid, local, p.pos, p.title, p.bare ? kBareForm : p.fid, keep_forms);
      }
    }
    pending.clear();
    pending_bytes.clear();
  }
  // Whether term `tid` is `term`: its packed key, and its name when longer.
  bool IsTerm(uint32_t tid, std::string_view term) const {
    uint64_t key[3];
    Interner::Pack(term, key);
    const TermState& st = states[tid];
    return st.key[0] == key[0] && st.key[1] == key[1] && st.key[2] == key[2] &&
           (term.size() <= Interner::kInline || SameBytes(terms.names[tid], term));
  }
  // Writes the frequencies of the term's open posting.
  void ClosePosting(TermState& st) {
    pool.PutVarint(st.doc_stream, (st.tf_body << 2) | (st.nonbare << 1) | (st.tf_title ? 1 : 0));
    if (st.tf_title) pool.PutVarint(st.doc_stream, st.tf_title);
  }
  // The term's state with its posting for `local` open.
  TermState& Open(uint32_t tid, uint32_t local) {
    TermState& st = states[tid];
    if (st.doc != local) {
      if (st.doc != kNoDoc) ClosePosting(st);
      pool.PutVarint(st.doc_stream, local - (st.doc == kNoDoc ? 0 : st.doc));
      st.doc = local;
      st.tf_title = st.tf_body = 0;
      st.last_pos = 0;
      st.nonbare = 0;
    }
    return st;
  }
  // One occurrence of a term in a text field, positions ascending per document.
  void AddOccurrence(uint32_t tid, uint32_t local, uint32_t pos, bool title, uint32_t form, bool keep_forms) {
    TermState& st = Open(tid, local);
    if (title) {
      ++st.tf_title;
    } else {
      ++st.tf_body;
      if (st.last_pos < kBodyBase) st.last_pos = kBodyBase;
    }
    const bool nb = form != kBareForm;
    pool.PutVarint(st.pos_stream, ((pos - st.last_pos) << 1) | (nb ? 1 : 0));
    if (nb && keep_forms) pool.PutVarint(st.pos_stream, form);
    st.last_pos = pos;
    st.nonbare |= nb ? 1 : 0;
  }
  // Decodes term `tid`'s postings into `pl`. Changes nothing, so that a cut
  // that fails (say, on a full disk) leaves the buffer as it was.
  void Decode(uint32_t tid, bool keep_forms, PostingList& pl) const {
    const TermState& st = states[tid];
    pl.clear();
    SlicePool::Reader dr(pool, st.doc_stream), pr(pool, st.pos_stream);
    const bool positional = st.pos_stream.head != 0;
    uint32_t doc = 0;
    bool any_nonbare = false;
    while (!dr.done()) {
      doc += dr.Varint();
      uint32_t tt, tb;
      uint8_t nonbare;
      if (dr.done()) {  // the open posting: its frequencies are still in the state
        tt = st.tf_title;
        tb = st.tf_body;
        nonbare = st.nonbare;
      } else {
        const uint32_t b = dr.Varint();
        tt = (b & 1) ? dr.Varint() : 0;
        tb = b >> 2;
        nonbare = (b >> 1) & 1;
      }
      pl.docs.push_back(doc);
      pl.tf_title.push_back(tt);
      pl.tf_body.push_back(tb);
      pl.nonbare.push_back(nonbare);
      any_nonbare |= nonbare != 0;
      if (!positional) continue;
      // Sized once per posting, written through pointers (no per-element growth checks).
      const size_t at = pl.positions.size(), count = size_t(tt) + tb;
      pl.positions.resize(at + count);
      uint32_t* pos = pl.positions.data() + at;
      uint32_t* form = nullptr;
      if (keep_forms) {
        pl.forms.resize(at + count);
        form = pl.forms.data() + at;
      }
      uint32_t last = 0;
      for (size_t k = 0; k < count; ++k) {
        if (k == tt) last = kBodyBase;
        const uint32_t v = pr.Varint();
        last += v >> 1;
        pos[k] = last;
        if (form) form[k] = (v & 1) ? pr.Varint() : kBareForm;
      }
    }
    if (!any_nonbare) pl.nonbare.clear();
  }
  size_t MemoryBytes() const {
    return pool.bytes() + states.capacity() * sizeof(TermState) + docs.capacity() * sizeof(DocColumns) +
           (terms.slots.size() + forms.slots.size()) * sizeof(Interner::Slot) +
           (terms.names.size() + forms.names.size()) * sizeof(std::string) +
           local_of.size() * 32;
  }
  static uint32_t Dict(std::unordered_map<std::string, uint32_t>& m, std::vector<std::string>& v,
                       std::string_view name) {
    auto it = m.find(std::string(name));
    if (it != m.end()) return it->second;
    uint32_t id = static_cast<uint32_t>(v.size());
    v.emplace_back(name);
    m.emplace(std::string(name), id);
    return id;
  }
  void Clear() { *this = Buffer(); }
};

}  // namespace

struct Index::State {
  std::string dir;
  IndexOptions opt;
  mutable std::mutex mu;       // serialises writers
  mutable std::mutex snap_mu;  // guards `snap`
  std::shared_ptr<const Searcher> snap;
  std::vector<SegEntry> segs;     // committed
  std::vector<SegEntry> pending;  // cut but not yet committed
  uint64_t last_seq = 0;
  uint64_t generation = 0;
  uint64_t next_seg = 1;
  Buffer buf;

  std::string Path(const std::string& name) const { return dir + "/" + name; }

  Status Cut();
  Status WriteManifest(const std::vector<SegEntry>& list, uint64_t gen, uint64_t seq);
  void Publish();
  void CollectGarbage();
  Result<SegEntry> MergeSegments(const std::vector<SegEntry>& in);
  Result<SegEntry> WriteSegment(std::unique_ptr<SegmentBuilder> builder);
  Status TieredMerge();
};

namespace {

std::shared_ptr<const Bits> LoadDeletions(const std::string& path, uint32_t ndocs, Status& st) {
  Result<std::string> data = ReadFile(path);
  if (!data.ok()) {
    st = data.status();
    return nullptr;
  }
  roaring_bitmap_t* r = roaring_bitmap_portable_deserialize_safe(data->data(), data->size());
  if (!r) {
    st = Status::Corrupt(path + ": unreadable deletion bitmap");
    return nullptr;
  }
  auto bits = std::make_shared<Bits>((ndocs + 63) / 64, 0);
  roaring_uint32_iterator_t* it = roaring_create_iterator(r);
  while (it->has_value) {
    uint32_t d = it->current_value;
    if (d >= ndocs) {
      st = Status::Corrupt(path + ": deletion beyond segment end");
      break;
    }
    (*bits)[d >> 6] |= uint64_t(1) << (d & 63);
    roaring_advance_uint32_iterator(it);
  }
  roaring_free_uint32_iterator(it);
  roaring_bitmap_free(r);
  return bits;
}

std::string SerializeDeletions(const Bits& bits) {
  roaring_bitmap_t* r = roaring_bitmap_create();
  for (size_t w = 0; w < bits.size(); ++w) {
    uint64_t v = bits[w];
    while (v) {
      int b = __builtin_ctzll(v);
      roaring_bitmap_add(r, static_cast<uint32_t>(w * 64 + b));
      v &= v - 1;
    }
  }
  roaring_bitmap_run_optimize(r);
  std::string out(roaring_bitmap_portable_size_in_bytes(r), '\0');
  roaring_bitmap_portable_serialize(r, out.data());
  roaring_bitmap_free(r);
  return out;
}

// The MANIFEST's lines after its format line, once its checksum and format
// are checked. NotFound when there is none (no commit yet).
Result<std::vector<std::string>> ReadManifest(const std::string& path) {
  Result<std::string> m = ReadFile(path);
  if (!m.ok()) return m.status();
  const std::string& text = *m;
  const size_t endpos = text.rfind("end ");
  if (endpos == std::string::npos) return Status::Corrupt(path + ": no checksum line");
  char hex[32];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, XXH64(text.data(), endpos, 0));
  if (text.compare(endpos + 4, 16, hex) != 0) return Status::Corrupt(path + ": checksum mismatch");
  std::istringstream in(text.substr(0, endpos));
  std::string line;
  std::getline(in, line);
  if (line != kManifestMagic) return Status::Corrupt(path + ": unknown format '" + line + "'");
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(std::move(line));
  return lines;
}

}  // namespace

Index::Index(std::unique_ptr<State> s) : s_(std::move(s)) {}
Index::~Index() = default;

Result<std::unique_ptr<Index>> Index::Open(const std::string& dir, IndexOptions options) {
  if (!options.analyzer) return Status::Invalid("index " + dir + ": no analyzer given");
  RIWAYA_RETURN_IF_ERROR(EnsureDir(dir));
  auto st = std::make_unique<State>();
  st->dir = dir;
  st->opt = std::move(options);
  Result<std::vector<std::string>> m = ReadManifest(st->Path(kManifest));
  if (m.ok()) {
    for (const std::string& line : *m) {
      std::istringstream ls(line);
      std::string kw;
      ls >> kw;
      if (kw == "generation") {
        ls >> st->generation;
      } else if (kw == "last_seq") {
        ls >> st->last_seq;
      } else if (kw == "analyzer") {
        std::string name;
        ls >> name;
        if (name != st->opt.analyzer->name()) {
          // Terms from another analyzer would silently never match: refuse.
          return Status::Invalid(st->Path(kManifest) + ": index was built with analyzer '" + name +
                                 "', opened with '" + std::string(st->opt.analyzer->name()) + "'; reindex");
        }
      } else if (kw == "segment") {
        SegEntry e;
        uint64_t docs = 0;
        std::string del;
        ls >> e.name >> e.number >> docs >> del;
        if (ls.fail() || e.name.find('/') != std::string::npos) {
          return Status::Corrupt(st->Path(kManifest) + ": bad segment line '" + line + "'");
        }
        auto r = SegmentReader::Open(st->Path(e.name));
        if (!r.ok()) return r.status();
        e.reader = *r;
        if (e.reader->num_docs() != docs) return Status::Corrupt(st->Path(e.name) + ": document count differs from MANIFEST");
        if (del != "-") {
          Status ds;
          e.deleted = LoadDeletions(st->Path(del), e.reader->num_docs(), ds);
          if (!ds.ok()) return ds;
          e.del_file = del;
        }
        st->next_seg = std::max(st->next_seg, e.number + 1);
        st->segs.push_back(std::move(e));
      } else if (!kw.empty()) {
        return Status::Corrupt(st->Path(kManifest) + ": unknown line '" + line + "'");
      }
    }
  } else if (m.status().code() != Status::Code::kNotFound) {
    return m.status();
  }
  st->CollectGarbage();
  st->Publish();
  return std::unique_ptr<Index>(new Index(std::move(st)));
}

Result<uint64_t> Index::CommittedSeq(const std::string& dir) {
  const std::string path = dir + "/" + kManifest;
  Result<std::vector<std::string>> m = ReadManifest(path);
  if (!m.ok()) {
    if (m.status().code() == Status::Code::kNotFound) return uint64_t{0};
    return m.status();
  }
  for (const std::string& line : *m) {
    std::istringstream ls(line);
    std::string kw;
    uint64_t seq = 0;
    if ((ls >> kw) && kw == "last_seq") {
      if (!(ls >> seq)) return Status::Corrupt(path + ": bad line '" + line + "'");
      return seq;
    }
  }
  return uint64_t{0};
}

void Index::State::CollectGarbage() {
  Result<std::vector<std::string>> names = ListDir(dir);
  if (!names.ok()) return;
  std::unordered_set<std::string> keep{kManifest};
  for (auto* list : {&segs, &pending})
    for (auto& e : *list) {
      keep.insert(e.name);
      if (!e.del_file.empty()) keep.insert(e.del_file);
    }
  for (auto& n : *names) {
    bool ours = n.rfind("seg_", 0) == 0 || (n.size() > 4 && n.compare(n.size() - 4, 4, ".tmp") == 0);
    // Mapped readers keep unlinked segments alive until their last searcher goes.
    if (ours && !keep.count(n)) RemoveFile(Path(n));
  }
}

void Index::State::Publish() {
  std::vector<SegmentView> views;
  for (auto& e : segs) views.push_back(SegmentView{e.reader, e.deleted});
  auto s = std::make_shared<const Searcher>(std::move(views), last_seq, opt.analyzer, opt.bm25f);
  std::lock_guard<std::mutex> g(snap_mu);
  snap = std::move(s);
}

Status Index::Add(const Document& doc) {
  if (doc.seq == 0) return Status::Invalid("index: document seq must be > 0");
  const size_t text_bytes = doc.title.size() + doc.body.size() + doc.author.size();
  if (text_bytes > kMaxDocumentBytes) {
    return Status::Invalid("index: document " + std::to_string(doc.seq) + " has more than " +
                           std::to_string(kMaxDocumentBytes >> 20) + " MiB of text");
  }
  for (auto [name, field] : {std::pair{"title", doc.title}, {"body", doc.body}, {"author", doc.author},
                             {"outlet", doc.outlet}, {"category", doc.category}}) {
    size_t bad = utf8::FindInvalid(field);
    if (bad != std::string_view::npos) {
      return Status::Invalid("index: document " + std::to_string(doc.seq) + ": " + name +
                             " is not valid UTF-8 at byte " + std::to_string(bad));
    }
  }
  std::lock_guard<std::mutex> g(s_->mu);
  Buffer& b = s_->buf;
  if (b.local_of.count(doc.seq)) {
    return Status::Invalid("index: document " + std::to_string(doc.seq) + " added twice before commit");
  }
  if (!b.docs.empty() && b.pool.bytes() + kPoolBytesPerTextByte * text_bytes > kMaxPoolBytes) {
    RIWAYA_RETURN_IF_ERROR(s_->Cut());
  }
  const text::Analyzer& an = *s_->opt.analyzer;
  const uint32_t local = static_cast<uint32_t>(b.docs.size());
  DocColumns cols;
  cols.seq = doc.seq;
  cols.date = doc.date;
  cols.story = doc.story;
  cols.copy_of = doc.copy_of;
  cols.outlet = Buffer::Dict(b.outlet_ids, b.outlets, doc.outlet);
  cols.category = Buffer::Dict(b.cat_ids, b.cats, doc.category);

  // Exact forms (the =word operator): each occurrence of a posting whose
  // written forms are not all the term itself records its form's id; the
  // segment stores them as small variant ids beside the positions.
  const bool forms = s_->opt.exact_forms;
  // Tokens stream in without a string per token (AnalyzeInto): the views
  // are only valid inside OnToken, so everything kept is an id.
  struct Collector final : text::TokenSink {
    Buffer& b;
    DocColumns& cols;
    const uint32_t local;
    const bool forms;
    bool title = true;
    Collector(Buffer& buf, DocColumns& c, uint32_t l, bool f) : b(buf), cols(c), local(l), forms(f) {}
    void OnToken(const text::TokenView& t) override {
      if (title && t.position >= kBodyBase - kMaxSlop - 64) return;  // absurd title: keep the gap
      if (!title && t.position < kBodyBase) return;                   // defensive: analyzer contract
      b.Queue(t.term, t.form, t.position, title);
      if (b.pending.size() >= Buffer::kMaxPending) b.Drain(local, forms);
      ++(title ? cols.len_title : cols.len_body);
    }
  } collect(b, cols, local, forms);
  an.AnalyzeInto(doc.title, collect, 0);
  collect.title = false;
  an.AnalyzeInto(doc.body, collect, kBodyBase);
  b.Drain(local, forms);
  if (!doc.author.empty()) {
    b.toks.clear();
    an.Analyze(doc.author, b.toks, 0);
    for (const text::Token& t : b.toks) {
      b.key.assign(1, kAuthorPrefix);
      b.key += t.term;
      ++b.Open(b.Id(b.key), local).tf_body;
    }
  }
  b.docs.push_back(cols);
  b.local_of[doc.seq] = local;
  if (b.docs.size() >= s_->opt.flush_docs || b.MemoryBytes() >= std::min(s_->opt.flush_bytes, kMaxPoolBytes)) {
    return s_->Cut();
  }
  return Status::Ok();
}

Status Index::State::Cut() {
  if (buf.docs.empty()) return Status::Ok();
  const std::vector<std::string>& names = buf.terms.names;
  std::vector<uint32_t> order(names.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });
  auto builder = std::make_unique<SegmentBuilder>(buf.outlets, buf.cats, opt.bm25f);
  for (auto& d : buf.docs) builder->AddDoc(d);
  PostingList pl;
  // Terms in byte order visit the pool at random: fetch a few terms ahead
  // (most terms are rare, their streams one slice each).
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < order.size(); ++i) {
    if (i + 2 * kAhead < order.size()) __builtin_prefetch(&buf.states[order[i + 2 * kAhead]]);
    if (i + kAhead < order.size()) {
      const Buffer::TermState& ahead = buf.states[order[i + kAhead]];
      buf.pool.PrefetchHead(ahead.doc_stream);
      buf.pool.PrefetchHead(ahead.pos_stream);
      __builtin_prefetch(&names[order[i + kAhead]]);
    }
    const uint32_t id = order[i];
    buf.Decode(id, opt.exact_forms, pl);
    builder->AddTerm(names[id], pl, &buf.forms.names);
  }
  Result<SegEntry> written = WriteSegment(std::move(builder));
  if (!written.ok()) return written.status();
  SegEntry& e = *written;
  if (!buf.deleted.empty()) {
    auto bits = std::make_shared<Bits>((e.reader->num_docs() + 63) / 64, 0);
    for (size_t i = 0; i < buf.deleted.size() && i < bits->size(); ++i) (*bits)[i] = buf.deleted[i];
    e.staged = bits;
  }
  pending.push_back(std::move(e));
  buf.Clear();
  return Status::Ok();
}

Status Index::Delete(uint32_t seq) {
  std::lock_guard<std::mutex> g(s_->mu);
  auto mark = [seq](SegEntry& e) {
    int64_t local = e.reader->Local(seq);
    if (local < 0) return;
    if (!e.staged) e.staged = std::make_shared<Bits>(e.deleted ? *e.deleted : Bits((e.reader->num_docs() + 63) / 64, 0));
    (*e.staged)[local >> 6] |= uint64_t(1) << (local & 63);
  };
  for (auto& e : s_->segs) mark(e);
  for (auto& e : s_->pending) mark(e);
  Buffer& b = s_->buf;
  auto it = b.local_of.find(seq);
  if (it != b.local_of.end()) {
    uint32_t local = it->second;
    if (b.deleted.size() <= (local >> 6)) b.deleted.resize((local >> 6) + 1, 0);
    b.deleted[local >> 6] |= uint64_t(1) << (local & 63);
    b.local_of.erase(it);  // a later Add of the same seq is a fresh document
  }
  return Status::Ok();
}

Status Index::State::WriteManifest(const std::vector<SegEntry>& list, uint64_t gen, uint64_t seq) {
  std::string text = std::string(kManifestMagic) + "\n";
  text += "generation " + std::to_string(gen) + "\n";
  text += "last_seq " + std::to_string(seq) + "\n";
  text += "analyzer " + std::string(opt.analyzer->name()) + "\n";
  for (auto& e : list) {
    text += "segment " + e.name + " " + std::to_string(e.number) + " " + std::to_string(e.reader->num_docs()) + " " +
            (e.del_file.empty() ? "-" : e.del_file) + "\n";
  }
  char hex[32];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, XXH64(text.data(), text.size(), 0));
  text += std::string("end ") + hex + "\n";
  return WriteFileAtomic(Path(kManifest), text);
}

Status Index::Commit(uint64_t last_seq) {
  std::lock_guard<std::mutex> g(s_->mu);
  State& s = *s_;
  RIWAYA_RETURN_IF_ERROR(s.Cut());
  uint64_t gen = s.generation + 1;
  std::vector<SegEntry> next = s.segs;
  for (auto& e : s.pending) next.push_back(e);
  // Deletions: new files under the new generation; old ones go after the swap.
  for (auto& e : next) {
    if (!e.staged) continue;
    std::string name = DelName(e.number, gen);
    RIWAYA_RETURN_IF_ERROR(WriteFileAtomic(s.Path(name), SerializeDeletions(*e.staged)));
    e.del_file = name;
    e.deleted = e.staged;
    e.staged.reset();
  }
  RIWAYA_RETURN_IF_ERROR(s.WriteManifest(next, gen, last_seq));
  s.segs = std::move(next);
  s.pending.clear();
  s.generation = gen;
  s.last_seq = last_seq;
  Status merged = s.TieredMerge();
  s.CollectGarbage();
  s.Publish();
  return merged;
}

Status Index::State::TieredMerge() {
  if (opt.merge_factor < 2 || segs.size() <= opt.merge_factor) return Status::Ok();
  // Merge the smallest segments together so the count falls back under the factor.
  std::vector<size_t> idx(segs.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    return segs[a].reader->num_docs() < segs[b].reader->num_docs();
  });
  size_t take = segs.size() - opt.merge_factor + std::min<size_t>(opt.merge_factor / 2, segs.size() - 1);
  take = std::max<size_t>(2, std::min(take, segs.size()));
  std::vector<bool> chosen(segs.size());
  for (size_t i = 0; i < take; ++i) chosen[idx[i]] = true;
  std::vector<SegEntry> in, rest;
  for (size_t i = 0; i < segs.size(); ++i) (chosen[i] ? in : rest).push_back(segs[i]);
  Result<SegEntry> m = MergeSegments(in);
  if (!m.ok()) return m.status();
  rest.push_back(std::move(*m));
  RIWAYA_RETURN_IF_ERROR(WriteManifest(rest, generation + 1, last_seq));
  ++generation;
  segs = std::move(rest);
  return Status::Ok();
}

Result<SegEntry> Index::State::MergeSegments(const std::vector<SegEntry>& in) {
  std::unordered_map<std::string, uint32_t> oid, cid;
  std::vector<std::string> outlets, cats;
  std::vector<std::vector<uint32_t>> remap(in.size());
  // An input without deletions maps its docids by adding its base (no table
  // lookup per posting); -1 for the others.
  std::vector<int64_t> shift(in.size(), -1);
  std::vector<DocColumns> docs;
  for (size_t i = 0; i < in.size(); ++i) {
    const SegmentReader& r = *in[i].reader;
    const size_t base = docs.size();
    remap[i].assign(r.num_docs(), kEndDoc);
    for (uint32_t d = 0; d < r.num_docs(); ++d) {
      if (TestBit(in[i].deleted.get(), d)) continue;
      DocColumns c = r.doc(d);
      c.outlet = Buffer::Dict(oid, outlets, r.outlets()[c.outlet]);
      c.category = Buffer::Dict(cid, cats, r.categories()[c.category]);
      remap[i][d] = static_cast<uint32_t>(docs.size());
      docs.push_back(c);
    }
    if (docs.size() - base == r.num_docs()) shift[i] = static_cast<int64_t>(base);
  }
  // Every input's lexicon in order, then one k-way pass: linear in the
  // postings, no lookups. Forms: each input's (term ordinal, variant) is
  // mapped to a form id of this merge, and the builder renumbers variants.
  struct Input {
    std::vector<std::pair<std::string, TermInfo>> terms;
    std::vector<std::vector<uint32_t>> forms;  // [ordinal][variant] -> form id (kBareForm for 0)
    size_t next = 0;
  };
  std::vector<Input> ins(in.size());
  Interner form_ids;
  // Sized up front for the largest input's forms (the inputs share most of
  // them): few or no rehashes while interning. Header counts are capped so
  // that a forged one cannot ask for memory by itself.
  constexpr uint64_t kMaxPresize = uint64_t(1) << 21;
  uint64_t most_forms = 0;
  for (const SegEntry& e : in) most_forms = std::max<uint64_t>(most_forms, e.reader->num_forms());
  if (size_t want = std::bit_ceil(std::min(most_forms, kMaxPresize) * 2); want > form_ids.slots.size())
    form_ids.slots = decltype(form_ids.slots)(want);
  for (size_t i = 0; i < in.size(); ++i) {
    const SegmentReader& r = *in[i].reader;
    ins[i].terms.reserve(std::min(r.num_terms(), kMaxPresize));
    bool ok = r.ForEachTerm([&](std::string_view t, const TermInfo& info) { ins[i].terms.emplace_back(t, info); });
    if (!ok) return Status::Corrupt(r.name() + ": corrupt lexicon while merging");
    ins[i].forms.resize(ins[i].terms.size());
    ok = r.ForEachForm([&](std::string_view form, uint32_t ord, uint32_t vid) {
      if (ord >= ins[i].forms.size() || vid > (1u << 20)) return;
      auto& v = ins[i].forms[ord];
      if (v.size() <= vid) v.resize(vid + 1, kBareForm);
      if (vid > 0) v[vid] = form_ids.Id(form);
    });
    if (!ok) return Status::Corrupt(r.name() + ": corrupt forms lexicon while merging");
  }
  auto builder = std::make_unique<SegmentBuilder>(outlets, cats, opt.bm25f);
  for (auto& d : docs) builder->AddDoc(d);
  PostingList pl;
  const bool forms = opt.exact_forms;
  BlockWalker w;
  for (;;) {
    const std::string* least = nullptr;
    for (auto& x : ins)
      if (x.next < x.terms.size() && (!least || x.terms[x.next].first < *least)) least = &x.terms[x.next].first;
    if (!least) break;
    const std::string t = *least;
    pl.clear();
    bool any_nonbare = false;
    const bool positional = TermHasPositions(t);
    for (size_t i = 0; i < in.size(); ++i) {
      Input& x = ins[i];
      if (x.next >= x.terms.size() || x.terms[x.next].first != t) continue;
      const uint32_t ord = static_cast<uint32_t>(x.next);
      const TermInfo info = x.terms[x.next++].second;
      const std::vector<uint32_t>& fmap = x.forms[ord];
      const uint32_t* const local_to_new = remap[i].data();
      const bool dense = shift[i] >= 0;
      const uint32_t base = dense ? static_cast<uint32_t>(shift[i]) : 0;
      // Variant ids only where they name forms (an input without any keeps its occurrences bare).
      const bool vids = positional && forms && !fmap.empty();
      w.Init(info, in[i].reader->num_docs());
      while (w.Next(positional, vids)) {
        const DocBlock& b = w.block();
        const uint32_t* pos = w.positions();
        const uint32_t* vid = w.variants();
        // Sized for the whole block, written through pointers, trimmed to
        // what deletions left.
        const size_t d0 = pl.docs.size(), p0 = pl.positions.size();
        const size_t np = positional ? w.num_positions() : 0;
        pl.docs.resize(d0 + b.n);
        pl.tf_title.resize(d0 + b.n);
        pl.tf_body.resize(d0 + b.n);
        pl.nonbare.resize(d0 + b.n);
        pl.positions.resize(p0 + np);
        if (positional && forms) pl.forms.resize(p0 + np);
        size_t m = 0, pm = 0;   // postings and positions kept
        size_t pk = 0, vk = 0;  // this posting's first position and variant id
        for (uint32_t k = 0; k < b.n; ++k) {
          const uint32_t tt = b.tf_title[k], tb = b.tf_body[k], c = tt + tb;
          const bool nonbare = NonBare(b, k);
          const uint32_t nd = dense ? base + b.docs[k] : local_to_new[b.docs[k]];
          if (nd != kEndDoc) {
            pl.docs[d0 + m] = nd;
            pl.tf_title[d0 + m] = tt;
            pl.tf_body[d0 + m] = tb;
            pl.nonbare[d0 + m] = nonbare ? 1 : 0;
            ++m;
            any_nonbare |= nonbare;
            if (positional) {
              std::memcpy(pl.positions.data() + p0 + pm, pos + pk, sizeof(uint32_t) * c);
              if (forms) {
                uint32_t* f = pl.forms.data() + p0 + pm;
                if (nonbare && vids) {
                  for (uint32_t j = 0; j < c; ++j) {
                    const uint32_t v = vid[vk + j];
                    f[j] = v < fmap.size() ? fmap[v] : kBareForm;
                  }
                } else {
                  std::fill(f, f + c, kBareForm);
                }
              }
              pm += c;
            }
          }
          pk += c;
          if (nonbare && vids) vk += c;
        }
        pl.docs.resize(d0 + m);
        pl.tf_title.resize(d0 + m);
        pl.tf_body.resize(d0 + m);
        pl.nonbare.resize(d0 + m);
        pl.positions.resize(p0 + pm);
        if (positional && forms) pl.forms.resize(p0 + pm);
      }
      if (w.corrupt()) return Status::Corrupt(in[i].reader->name() + ": corrupt postings for a term while merging");
    }
    if (!any_nonbare) pl.nonbare.clear();
    builder->AddTerm(t, pl, forms ? &form_ids.names : nullptr);
  }
  ins.clear();
  return WriteSegment(std::move(builder));
}

// Finishes the builder into a new segment file and opens it. The builder
// (its own copy of the postings) is freed before the file is written and
// checked, the image before it is mapped: one copy of the output at a time.
Result<SegEntry> Index::State::WriteSegment(std::unique_ptr<SegmentBuilder> builder) {
  std::string bytes = builder->Finish();
  builder.reset();
  SegEntry e;
  e.number = next_seg++;
  e.name = SegName(e.number);
  RIWAYA_RETURN_IF_ERROR(WriteFileAtomic(Path(e.name), bytes));
  std::string().swap(bytes);
  auto r = SegmentReader::Open(Path(e.name));
  if (!r.ok()) return r.status();
  e.reader = *r;
  return e;
}

Status Index::Merge(size_t max_segments) {
  std::lock_guard<std::mutex> g(s_->mu);
  State& s = *s_;
  if (!s.buf.docs.empty() || !s.pending.empty()) return Status::Aborted("index: commit before merging");
  for (auto& e : s.segs)
    if (e.staged) return Status::Aborted("index: commit before merging");
  if (max_segments == 0) max_segments = 1;
  bool any_deleted = false;
  for (auto& e : s.segs) any_deleted |= e.deleted != nullptr;
  if (s.segs.size() <= max_segments && !any_deleted) return Status::Ok();
  std::vector<size_t> idx(s.segs.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    return s.segs[a].reader->num_docs() < s.segs[b].reader->num_docs();
  });
  size_t take = s.segs.size() <= max_segments ? s.segs.size() : s.segs.size() - max_segments + 1;
  std::vector<bool> chosen(s.segs.size());
  for (size_t i = 0; i < take; ++i) chosen[idx[i]] = true;
  std::vector<SegEntry> in, rest;
  for (size_t i = 0; i < s.segs.size(); ++i) (chosen[i] ? in : rest).push_back(s.segs[i]);
  Result<SegEntry> m = s.MergeSegments(in);
  if (!m.ok()) return m.status();
  if (m->reader->num_docs() > 0) rest.push_back(std::move(*m));
  RIWAYA_RETURN_IF_ERROR(s.WriteManifest(rest, s.generation + 1, s.last_seq));
  ++s.generation;
  s.segs = std::move(rest);
  s.CollectGarbage();
  s.Publish();
  return Status::Ok();
}

Status Index::Clear() {
  std::lock_guard<std::mutex> g(s_->mu);
  State& s = *s_;
  s.buf.Clear();
  s.pending.clear();
  RIWAYA_RETURN_IF_ERROR(s.WriteManifest({}, s.generation + 1, 0));
  ++s.generation;
  s.segs.clear();
  s.last_seq = 0;
  s.CollectGarbage();
  s.Publish();
  return Status::Ok();
}

uint64_t Index::last_seq() const {
  std::lock_guard<std::mutex> g(s_->snap_mu);
  return s_->snap->last_seq();
}

std::shared_ptr<const Searcher> Index::searcher() const {
  std::lock_guard<std::mutex> g(s_->snap_mu);
  return s_->snap;
}

IndexStats Index::stats() const {
  std::lock_guard<std::mutex> g(s_->mu);
  IndexStats st;
  auto snap = searcher();
  st.last_seq = snap->last_seq();
  st.docs = snap->num_docs();
  st.segments = snap->num_segments();
  st.bytes = snap->size_bytes();
  st.buffered = s_->buf.docs.size();
  return st;
}

}  // namespace riwaya::index
