#include "index/segment.h"

#include "index/postings.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>

namespace riwaya::index {

namespace {

constexpr char kMagic[8] = {'R', 'W', 'Y', 'S', 'E', 'G', '0', '1'};
constexpr uint32_t kVersion = 7;
constexpr uint32_t kRestartInterval = 16;
constexpr size_t kPad = 64;  // SIMD decoders may read a few bytes past a stream

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t num_docs;
  uint64_t num_terms, sum_title, sum_body;
  uint64_t cols_off, names_off, lex_off, lex_len, restarts_off, num_restarts;
  uint64_t post_off, post_len, pos_off, pos_len, file_size, checksum;
  double k1, title_weight, title_b, body_weight, body_b;
  uint64_t forms_off, forms_len, num_forms;  // the exact-forms lexicon (FinishForms)
};
constexpr size_t kHeaderSize = 256;
static_assert(sizeof(Header) <= kHeaderSize);

void Align8(std::string& s) {
  while (s.size() % 8) s.push_back('\0');
}

uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

uint64_t SharedPrefix(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// The same, backed up to a UTF-8 character start so that the suffix packs
// (below) from a whole character.
uint64_t SharedCharPrefix(std::string_view a, std::string_view b) {
  size_t i = SharedPrefix(a, b);
  while (i > 0 && i < b.size() && (static_cast<uint8_t>(b[i]) & 0xc0) == 0x80) --i;
  return i;
}

// Form lexicon suffixes, packed (the term lexicon, read at every lookup of
// every query, keeps plain bytes): a letter of U+0600..U+067F (two UTF-8 bytes,
// d8/d9 xx) takes one byte (0x80..0xff); 0x7f escapes any other byte
// >= 0x7f; the rest is as is. Written as varint(length) then the bytes.
void PutPacked(std::string& out, std::string_view s) {
  std::string packed;
  for (size_t i = 0; i < s.size(); ++i) {
    const uint8_t c = static_cast<uint8_t>(s[i]);
    const uint8_t next = i + 1 < s.size() ? static_cast<uint8_t>(s[i + 1]) : 0;
    if ((c == 0xd8 || c == 0xd9) && (next & 0xc0) == 0x80) {
      packed.push_back(static_cast<char>(c == 0xd8 ? next : next + 0x40));
      ++i;
    } else {
      if (c >= 0x7f) packed.push_back('\x7f');
      packed.push_back(static_cast<char>(c));
    }
  }
  PutVarint(out, packed.size());
  out += packed;
}

// Appends the unpacked string at p to `out`; false if it does not fit before `end`.
bool GetPacked(const uint8_t*& p, const uint8_t* end, std::string& out) {
  uint64_t n = 0;
  if (!GetVarint(p, end, n) || n > static_cast<uint64_t>(end - p)) return false;
  const uint8_t* e = p + n;
  // Through a stack buffer: one append per chunk, not per byte (lookups
  // unpack every entry they pass).
  char buf[256];
  while (p < e) {
    char* o = buf;
    for (const uint8_t* stop = e - p > 127 ? p + 127 : e; p < stop;) {
      const uint8_t c = *p++;
      if (c < 0x7f) {
        *o++ = static_cast<char>(c);
      } else if (c == 0x7f) {
        if (p >= e) return false;
        *o++ = static_cast<char>(*p++);
      } else {
        *o++ = static_cast<char>(c < 0xc0 ? 0xd8 : 0xd9);
        *o++ = static_cast<char>(c < 0xc0 ? c : c - 0x40);
      }
    }
    out.append(buf, static_cast<size_t>(o - buf));
  }
  return true;
}

}  // namespace

SegmentBuilder::SegmentBuilder(std::vector<std::string> outlets, std::vector<std::string> categories,
                               Bm25fParams params)
    : outlets_(std::move(outlets)), categories_(std::move(categories)), params_(params) {}

void SegmentBuilder::EncodeList(std::string_view term, const PostingList& list, const std::vector<uint32_t>* vids,
                                std::string& post, std::string& pos) {
  const uint32_t df = static_cast<uint32_t>(list.docs.size());
  const bool with_pos = TermHasPositions(term);
  const uint64_t pos_start = pos.size();
  const uint32_t nblocks = (df + kBlockSize - 1) / kBlockSize;
  if (norms_.size() != docs_.size()) {
    // Same expressions as the searcher, so that equal statistics give equal values.
    uint64_t st = 0, sb = 0;
    for (const auto& d : docs_) {
      st += d.len_title;
      sb += d.len_body;
    }
    const uint64_t n = docs_.size();
    const double avg_t = n ? static_cast<double>(st) / n : 0, avg_b = n ? static_cast<double>(sb) / n : 0;
    auto norm = [](double w, double b, double len, double avg) { return w / (avg > 0 ? (1 - b + b * len / avg) : 1.0); };
    norms_.resize(n);
    for (uint64_t i = 0; i < n; ++i) {
      norms_[i].title = norm(params_.title_weight, params_.title_b, docs_[i].len_title, avg_t);
      norms_[i].body = norm(params_.body_weight, params_.body_b, docs_[i].len_body, avg_b);
      norms_[i].len_title = docs_[i].len_title;
      norms_[i].len_body = docs_[i].len_body;
    }
  }
  // Multi-block lists: the blocks go to a scratch string first, since the
  // skip table before them sizes its offsets by the largest one.
  std::string scratch;
  std::vector<BlockMeta> metas(nblocks > 1 ? nblocks : 0);
  std::string& dst = nblocks > 1 ? scratch : post;
  const size_t data_at = dst.size();
  size_t pos_cursor = 0;
  uint32_t prev = kNoPrevDoc;
  for (uint32_t b = 0; b < nblocks; ++b) {
    uint32_t begin = b * kBlockSize;
    uint32_t n = std::min(kBlockSize, df - begin);
    if (nblocks > 1) {
      BlockMeta& m = metas[b];
      m.last_doc = list.docs[begin + n - 1];
      m.doc_offset = static_cast<uint32_t>(dst.size() - data_at);
      m.pos_offset = static_cast<uint32_t>(pos.size() - pos_start);
      uint32_t max_tb = 0, max_tt = 0, min_lt = UINT32_MAX, min_lb = UINT32_MAX;
      double max_w = 0;
      // A merged segment's norms outgrow the caches and a list's docids
      // skip through them: fetch a few postings ahead.
      constexpr uint32_t kAhead = 48;
      if (b == 0)
        for (uint32_t i = 0; i < std::min(df, kAhead); ++i) __builtin_prefetch(&norms_[list.docs[i]]);
      for (uint32_t i = begin; i < begin + n; ++i) {
        if (i + kAhead < df) __builtin_prefetch(&norms_[list.docs[i + kAhead]]);
        const DocNorm& d = norms_[list.docs[i]];
        double w = list.tf_title[i] * d.title + list.tf_body[i] * d.body;
        max_w = std::max(max_w, w);
        max_tb = std::max(max_tb, list.tf_body[i]);
        max_tt = std::max(max_tt, list.tf_title[i]);
        min_lt = std::min(min_lt, d.len_title);
        min_lb = std::min(min_lb, d.len_body);
      }
      m.max_tf_body = max_tb;
      m.max_tf_title = static_cast<uint16_t>(std::min<uint32_t>(max_tt, 65535));
      m.min_len_title = static_cast<uint16_t>(std::min<uint32_t>(min_lt, 65535));
      m.min_len_body = min_lb;
      float f = static_cast<float>(max_w);
      while (static_cast<double>(f) < max_w) f = std::nextafter(f, std::numeric_limits<float>::infinity());
      m.max_w = f;
    }
    EncodeDocBlock(&list.docs[begin], &list.tf_title[begin], &list.tf_body[begin],
                   list.nonbare.size() >= begin + n ? &list.nonbare[begin] : nullptr, n, prev, dst);
    if (with_pos) {
      size_t count = 0;
      for (uint32_t i = begin; i < begin + n; ++i) count += list.tf_title[i] + list.tf_body[i];
      if (pos_cursor + count <= list.positions.size()) {
        EncodePositionBlock(&list.positions[pos_cursor], &list.tf_title[begin], &list.tf_body[begin], n, pos);
        if (vids && list.nonbare.size() >= begin + n) {
          // Variant ids of the occurrences of the block's nonbare postings,
          // after its positions (PositionBlockReader::End finds them).
          uint32_t nonbare = 0;
          for (uint32_t i = begin; i < begin + n; ++i) nonbare += list.nonbare[i] != 0;
          if (nonbare == n) {  // all of them (common): the ids lie together already
            EncodeVariantIds(vids->data() + pos_cursor, count, pos);
          } else if (nonbare > 0) {
            block_vids_.clear();
            size_t k = pos_cursor;
            for (uint32_t i = begin; i < begin + n; ++i) {
              const uint32_t c = list.tf_title[i] + list.tf_body[i];
              if (list.nonbare[i]) block_vids_.insert(block_vids_.end(), vids->begin() + k, vids->begin() + k + c);
              k += c;
            }
            if (!block_vids_.empty()) EncodeVariantIds(block_vids_.data(), block_vids_.size(), pos);
          }
        }
      }
      pos_cursor += count;
    }
    prev = list.docs[begin + n - 1];
  }
  if (nblocks > 1) {
    SkipTable::Encode(metas.data(), nblocks, post);
    post += scratch;
  }
}

void SegmentBuilder::AddTerm(std::string_view term, const PostingList& list,
                             const std::vector<std::string>* form_names) {
  const uint32_t df = static_cast<uint32_t>(list.docs.size());
  if (df == 0) return;
  const uint32_t ordinal = static_cast<uint32_t>(num_terms_);
  // Exact forms: variant 0 is the bare form, then the term's written forms
  // from the most frequent, so that most ids pack into one or two bits.
  std::vector<uint32_t>& vids = vids_;
  const bool with_forms = form_names && TermHasPositions(term) && list.forms.size() == list.positions.size() &&
                          list.nonbare.size() == list.docs.size();
  if (with_forms) {
    // Dense scratch arrays indexed by form id (reset after use): no hashing.
    const size_t nf = form_names->size();
    if (form_count_.size() < nf) {
      form_count_.resize(nf, 0);
      form_vid_.resize(nf, 0);
    }
    std::vector<uint32_t>& seen = seen_;  // form ids with a count, in first-seen order
    seen.clear();
    // Raw pointers: the stores through them would otherwise make the
    // compiler reload every vector's data pointer per occurrence.
    const uint32_t* const forms = list.forms.data();
    const uint32_t* const tt = list.tf_title.data();
    const uint32_t* const tb = list.tf_body.data();
    const uint8_t* const nonbare = list.nonbare.data();
    uint32_t* const count = form_count_.data();
    size_t k = 0;
    for (uint32_t i = 0; i < df; ++i) {
      const uint32_t c = tt[i] + tb[i];
      if (nonbare[i]) {
        for (size_t j = k; j < k + c; ++j) {
          const uint32_t f = forms[j];
          if (f >= nf) continue;  // kBareForm
          if (count[f]++ == 0) seen.push_back(f);
        }
      }
      k += c;
    }
    std::vector<std::pair<uint32_t, uint32_t>>& order = order_;  // (form id, count)
    order.clear();
    for (uint32_t f : seen) order.emplace_back(f, form_count_[f]);
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : (*form_names)[a.first] < (*form_names)[b.first];
    });
    for (size_t i = 0; i < order.size(); ++i) {
      form_vid_[order[i].first] = static_cast<uint32_t>(i + 1);
      form_count_[order[i].first] = 0;
    }
    vids.assign(list.forms.size(), 0);
    std::vector<uint32_t>& df_of = df_of_;
    std::vector<uint32_t>& last = last_;
    df_of.assign(order.size() + 1, 0);
    last.assign(order.size() + 1, UINT32_MAX);
    const uint32_t* const vid_of = form_vid_.data();
    uint32_t* const out = vids.data();
    uint32_t* const seen_at = last.data();
    uint32_t* const dfs = df_of.data();
    k = 0;
    for (uint32_t i = 0; i < df; ++i) {
      const uint32_t c = tt[i] + tb[i];
      if (nonbare[i]) {
        for (size_t j = k; j < k + c; ++j) {
          const uint32_t f = forms[j];
          const uint32_t v = f < nf ? vid_of[f] : 0;
          out[j] = v;
          if (seen_at[v] != i) {
            seen_at[v] = i;
            ++dfs[v];
          }
        }
      }
      k += c;
    }
    for (uint32_t v = 0; v < df_of.size(); ++v) {
      if (df_of[v] == 0) continue;
      forms_.push_back({v == 0 ? std::string(term) : (*form_names)[order[v - 1].first], ordinal, v, df_of[v]});
    }
  }
  const uint64_t post_start = postings_.size();
  const uint64_t pos_start = positions_.size();
  EncodeList(term, list, with_forms ? &vids : nullptr, postings_, positions_);
  locs_.push_back({post_start, postings_.size() - post_start, pos_start, positions_.size() - pos_start, df});

  if (num_terms_ % kRestartInterval == 0) {
    restarts_.push_back(lexicon_.size());
    restarts_.push_back(post_start);
    restarts_.push_back(pos_start);
    last_term_.clear();
  }
  uint64_t shared = SharedPrefix(last_term_, term);
  PutVarint(lexicon_, shared);
  PutVarint(lexicon_, term.size() - shared);
  lexicon_.append(term.substr(shared));
  PutVarint(lexicon_, df);
  uint32_t nonbare = 0;
  for (uint8_t f : list.nonbare) nonbare += f != 0;
  PutVarint(lexicon_, df - nonbare);
  PutVarint(lexicon_, postings_.size() - post_start);
  PutVarint(lexicon_, positions_.size() - pos_start);
  last_term_.assign(term);
  ++num_terms_;
}

// The forms lexicon. A form written under one term (the rule) is a view of
// that term's postings; one written under several (an analyzer that stems by
// context) gets docs-only postings of its own, rebuilt here from the views.
std::string SegmentBuilder::FinishForms(std::string& extra) {
  std::sort(forms_.begin(), forms_.end(), [](const FormRef& a, const FormRef& b) {
    const int c = a.form.compare(b.form);
    return c != 0 ? c < 0 : a.ordinal < b.ordinal;
  });
  std::string lex;
  // Views are read in place from the term data, padded for the decoders
  // while this runs (nothing else appends to it meanwhile).
  bool padded = false;
  const size_t post_len = postings_.size(), pos_len = positions_.size();
  std::vector<uint64_t> restarts;
  std::string last;
  uint64_t count = 0;
  uint32_t prev_ord = 0;
  for (size_t i = 0; i < forms_.size();) {
    size_t j = i;
    while (j < forms_.size() && forms_[j].form == forms_[i].form) ++j;
    if (count % kRestartInterval == 0) {
      restarts.push_back(lex.size());
      last.clear();
      prev_ord = 0;
    }
    const std::string& f = forms_[i].form;
    uint64_t shared = SharedCharPrefix(last, f);
    PutVarint(lex, shared);
    PutPacked(lex, std::string_view(f).substr(shared));
    uint32_t df = forms_[i].df;
    PostingList own;
    if (j - i > 1) {
      if (!padded) {
        postings_.append(kPad, '\0');
        positions_.append(kPad, '\0');
        padded = true;
      }
      std::vector<std::array<uint32_t, 3>> occ;  // (doc, tf_title, tf_body)
      for (size_t k = i; k < j; ++k) {
        const TermLoc& l = locs_[forms_[k].ordinal];
        TermInfo info;
        info.df = forms_[k].df;
        info.list_df = l.df;
        info.variant = forms_[k].vid;
        info.postings = reinterpret_cast<const uint8_t*>(postings_.data()) + l.post_start;
        info.postings_end = info.postings + l.post_len;
        info.positions = reinterpret_cast<const uint8_t*>(positions_.data()) + l.pos_start;
        info.positions_end = info.positions + l.pos_len;
        PostingCursor c;
        c.Init(info, static_cast<uint32_t>(docs_.size()));
        for (; c.doc() != kEndDoc; c.Next()) occ.push_back({c.doc(), c.tf_title(), c.tf_body()});
      }
      std::sort(occ.begin(), occ.end());
      for (const auto& o : occ) {
        if (!own.docs.empty() && own.docs.back() == o[0]) {
          own.tf_title.back() += o[1];
          own.tf_body.back() += o[2];
          continue;
        }
        own.docs.push_back(o[0]);
        own.tf_title.push_back(o[1]);
        own.tf_body.push_back(o[2]);
      }
      df = static_cast<uint32_t>(own.docs.size());
    }
    // df with a flag for several terms; ordinals as deltas: the first from
    // the previous entry's (0 at a restart; forms sort near their terms), the
    // others from the one before (ascending).
    PutVarint(lex, (uint64_t(df) << 1) | (j - i > 1 ? 1 : 0));
    if (j - i > 1) PutVarint(lex, j - i);
    PutVarint(lex, ZigZag(int64_t(forms_[i].ordinal) - int64_t(prev_ord)));
    PutVarint(lex, forms_[i].vid);
    for (size_t k = i + 1; k < j; ++k) {
      PutVarint(lex, forms_[k].ordinal - forms_[k - 1].ordinal);
      PutVarint(lex, forms_[k].vid);
    }
    prev_ord = forms_[i].ordinal;
    if (j - i > 1) {
      const uint64_t off = post_len + extra.size();
      std::string unused;
      EncodeList(std::string(1, kFormPrefix) + f, own, nullptr, extra, unused);
      PutVarint(lex, off);
      PutVarint(lex, post_len + extra.size() - off);
    }
    last = f;
    ++count;
    i = j;
  }
  if (padded) {
    postings_.resize(post_len);
    positions_.resize(pos_len);
  }
  num_forms_ = count;
  std::string out;
  PutVarint(out, restarts.size());
  for (uint64_t r : restarts) PutVarint(out, r);
  PutVarint(out, lex.size());
  out += lex;
  return out;
}

std::string SegmentBuilder::Finish() {
  Header h{};
  std::memcpy(h.magic, kMagic, 8);
  h.version = kVersion;
  h.num_docs = static_cast<uint32_t>(docs_.size());
  h.num_terms = num_terms_;
  h.k1 = params_.k1;
  h.title_weight = params_.title_weight;
  h.title_b = params_.title_b;
  h.body_weight = params_.body_weight;
  h.body_b = params_.body_b;
  for (const auto& d : docs_) {
    h.sum_title += d.len_title;
    h.sum_body += d.len_body;
  }
  std::string extra;
  std::string forms = FinishForms(extra);
  postings_ += extra;
  std::string out;
  // Grown once: an upper bound (untouched capacity costs no memory), so the
  // big sections are copied once, not again at every doubling.
  size_t names_bytes = 0;
  for (const auto* names : {&outlets_, &categories_})
    for (const auto& n : *names) names_bytes += n.size() + 10;
  out.reserve(kHeaderSize + docs_.size() * 8 * 10 + names_bytes + 20 + restarts_.size() * sizeof(uint64_t) +
              lexicon_.size() + postings_.size() + positions_.size() + forms.size() + 4 * kPad + 4 * 8);
  out.resize(kHeaderSize, '\0');
  h.cols_off = out.size();
  // Columns as varints, document after document: seq and date as deltas
  // from the previous document (a quarter of the fixed-width size).
  uint32_t prev_seq = 0;
  uint64_t prev_date = 0;
  for (const auto& d : docs_) {
    PutVarint(out, ZigZag(static_cast<int64_t>(uint64_t(d.seq) - prev_seq)));
    PutVarint(out, d.len_title);
    PutVarint(out, d.len_body);
    PutVarint(out, d.outlet);
    PutVarint(out, d.category);
    PutVarint(out, ZigZag(static_cast<int64_t>(static_cast<uint64_t>(d.date) - prev_date)));
    PutVarint(out, d.story);
    PutVarint(out, d.copy_of);
    prev_seq = d.seq;
    prev_date = static_cast<uint64_t>(d.date);
  }
  Align8(out);
  h.names_off = out.size();
  for (const auto* names : {&outlets_, &categories_}) {
    PutVarint(out, names->size());
    for (const auto& s : *names) {
      PutVarint(out, s.size());
      out += s;
    }
  }
  Align8(out);
  h.restarts_off = out.size();
  h.num_restarts = restarts_.size() / 3;
  out.append(reinterpret_cast<const char*>(restarts_.data()), restarts_.size() * sizeof(uint64_t));
  h.lex_off = out.size();
  h.lex_len = lexicon_.size();
  out += lexicon_;
  out.append(kPad, '\0');
  Align8(out);
  h.post_off = out.size();
  h.post_len = postings_.size();
  out += postings_;
  out.append(kPad, '\0');
  h.pos_off = out.size();
  h.pos_len = positions_.size();
  out += positions_;
  out.append(kPad, '\0');
  h.forms_off = out.size();
  h.forms_len = forms.size();
  h.num_forms = num_forms_;
  out += forms;
  out.append(kPad, '\0');
  h.file_size = out.size();
  h.checksum = XXH64(out.data() + kHeaderSize, out.size() - kHeaderSize, 0);
  std::memcpy(out.data(), &h, sizeof(h));
  return out;
}

// ---------------------------------------------------------------------------

SegmentReader::~SegmentReader() {
  if (mapped_ && base_) munmap(const_cast<uint8_t*>(base_), size_);
}

Result<std::shared_ptr<SegmentReader>> SegmentReader::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::IoError(path + ": cannot stat: " + std::strerror(errno));
  }
  if (st.st_size < static_cast<off_t>(kHeaderSize)) {
    ::close(fd);
    return Status::Corrupt(path + ": truncated segment (" + std::to_string(st.st_size) + " bytes)");
  }
  void* m = mmap(nullptr, st.st_size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (m == MAP_FAILED) return Status::IoError(path + ": mmap failed: " + std::strerror(errno));
  std::shared_ptr<SegmentReader> r(new SegmentReader());
  r->name_ = path;
  r->base_ = static_cast<const uint8_t*>(m);
  r->size_ = st.st_size;
  r->mapped_ = true;
  RIWAYA_RETURN_IF_ERROR(r->Init());
  return r;
}

Result<std::shared_ptr<SegmentReader>> SegmentReader::FromBytes(std::string bytes, std::string name) {
  std::shared_ptr<SegmentReader> r(new SegmentReader());
  r->name_ = std::move(name);
  r->owned_ = std::move(bytes);
  r->base_ = reinterpret_cast<const uint8_t*>(r->owned_.data());
  r->size_ = r->owned_.size();
  if (r->size_ < kHeaderSize) return Status::Corrupt(r->name_ + ": truncated segment");
  RIWAYA_RETURN_IF_ERROR(r->Init());
  return r;
}

Status SegmentReader::Init() {
  Header h;
  std::memcpy(&h, base_, sizeof(h));
  auto bad = [&](const std::string& what) { return Status::Corrupt(name_ + ": " + what); };
  if (std::memcmp(h.magic, kMagic, 8) != 0) return bad("not a riwaya segment (bad magic)");
  if (h.version != kVersion) return bad("unsupported segment version " + std::to_string(h.version));
  if (h.file_size != size_) {
    return bad("size mismatch: header says " + std::to_string(h.file_size) + " bytes, file has " +
               std::to_string(size_));
  }
  auto in = [&](uint64_t off, uint64_t len) { return off <= size_ && len <= size_ - off; };
  // Every document takes at least 8 column bytes: bounds num_docs before any allocation.
  if (!in(h.cols_off, 0) || h.names_off < h.cols_off || !in(h.names_off, 0) ||
      uint64_t(h.num_docs) * 8 > h.names_off - h.cols_off ||
      h.num_restarts > size_ || !in(h.restarts_off, h.num_restarts * 24) || !in(h.lex_off, h.lex_len) ||
      !in(h.post_off, h.post_len + kPad) || !in(h.pos_off, h.pos_len + kPad)) {
    return bad("section out of bounds");
  }
  if (XXH64(base_ + kHeaderSize, size_ - kHeaderSize, 0) != h.checksum) return bad("checksum mismatch");
  num_docs_ = h.num_docs;
  num_terms_ = h.num_terms;
  params_ = Bm25fParams{h.k1, h.title_weight, h.title_b, h.body_weight, h.body_b};
  sum_title_ = h.sum_title;
  sum_body_ = h.sum_body;
  cols_.resize(num_docs_);
  {
    const uint8_t* c = base_ + h.cols_off;
    const uint8_t* cend = base_ + h.names_off;
    uint64_t seq = 0, date = 0;
    for (uint32_t i = 0; i < num_docs_; ++i) {
      uint64_t v[8];
      for (auto& x : v)
        if (!GetVarint(c, cend, x)) return bad("truncated columns at document " + std::to_string(i));
      DocColumns& d = cols_[i];
      seq += static_cast<uint64_t>(UnZigZag(v[0]));
      date += static_cast<uint64_t>(UnZigZag(v[5]));
      if (seq > UINT32_MAX || v[1] > UINT32_MAX || v[2] > UINT32_MAX || v[3] > UINT32_MAX || v[4] > UINT32_MAX ||
          v[6] > UINT32_MAX || v[7] > UINT32_MAX) {
        return bad("column value out of range at document " + std::to_string(i));
      }
      d.seq = static_cast<uint32_t>(seq);
      d.len_title = static_cast<uint32_t>(v[1]);
      d.len_body = static_cast<uint32_t>(v[2]);
      d.outlet = static_cast<uint32_t>(v[3]);
      d.category = static_cast<uint32_t>(v[4]);
      d.date = static_cast<int64_t>(date);
      d.story = static_cast<uint32_t>(v[6]);
      d.copy_of = static_cast<uint32_t>(v[7]);
    }
  }
  const uint8_t* p = base_ + h.names_off;
  const uint8_t* end = base_ + h.restarts_off;
  for (auto* names : {&outlets_, &categories_}) {
    uint64_t n = 0;
    if (!GetVarint(p, end, n) || n > size_) return bad("bad name dictionary");
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t len = 0;
      if (!GetVarint(p, end, len) || len > static_cast<uint64_t>(end - p)) return bad("bad name dictionary");
      names->emplace_back(reinterpret_cast<const char*>(p), len);
      p += len;
    }
  }
  by_seq_.reserve(num_docs_);
  for (uint32_t i = 0; i < num_docs_; ++i) {
    const DocColumns& d = cols_[i];
    if (d.outlet >= outlets_.size() || d.category >= categories_.size()) return bad("column out of range");
    by_seq_.emplace_back(d.seq, i);
  }
  std::sort(by_seq_.begin(), by_seq_.end());
  lex_ = base_ + h.lex_off;
  lex_end_ = lex_ + h.lex_len;
  post_base_ = base_ + h.post_off;
  post_end_ = post_base_ + h.post_len;
  pos_base_ = base_ + h.pos_off;
  pos_end_ = pos_base_ + h.pos_len;
  const uint8_t* rp = base_ + h.restarts_off;
  for (uint64_t i = 0; i < h.num_restarts; ++i) {
    uint64_t v[3];
    std::memcpy(v, rp + i * 24, 24);
    if (v[0] > h.lex_len || v[1] > h.post_len || v[2] > h.pos_len) return bad("bad lexicon restart");
    restarts_.push_back(v[0]);
    restart_post_.push_back(v[1]);
    restart_pos_.push_back(v[2]);
  }
  if (h.num_restarts != (num_terms_ + kRestartInterval - 1) / kRestartInterval) return bad("bad restart count");
  if (Status st = BuildTermTable(); !st.ok()) return st;
  // Exact forms.
  if (!in(h.forms_off, h.forms_len + kPad) || h.num_forms > size_) return bad("forms section out of bounds");
  num_forms_ = h.num_forms;
  const uint8_t* fp = base_ + h.forms_off;
  const uint8_t* fend = fp + h.forms_len;
  uint64_t nfr = 0;
  if (!GetVarint(fp, fend, nfr) || nfr != (num_forms_ + kRestartInterval - 1) / kRestartInterval) {
    return bad("bad forms restart count");
  }
  frestarts_.resize(nfr);
  for (auto& r : frestarts_)
    if (!GetVarint(fp, fend, r)) return bad("bad forms restarts");
  uint64_t flen = 0;
  if (!GetVarint(fp, fend, flen) || flen != static_cast<uint64_t>(fend - fp)) return bad("bad forms lexicon length");
  flex_ = fp;
  flex_end_ = fend;
  for (uint64_t i = 0; i < nfr; ++i) {
    if (frestarts_[i] > flen || (i > 0 && frestarts_[i] <= frestarts_[i - 1])) return bad("bad forms restart");
    const uint8_t* q = flex_ + frestarts_[i];
    std::string form;
    uint64_t prev_ord = 0;
    FormEntry e;
    if (!ReadFormEntry(q, form, prev_ord, e)) return bad("bad forms entry at restart " + std::to_string(i));
    frestart_terms_.push_back(std::move(form));
  }
  return Status::Ok();
}

inline bool SegmentReader::ReadKey(const uint8_t*& p, std::string& term) const {
  uint64_t shared, suffix;
  if (!GetVarint(p, lex_end_, shared) || !GetVarint(p, lex_end_, suffix)) return false;
  if (shared > term.size() || suffix > static_cast<uint64_t>(lex_end_ - p)) return false;
  term.resize(shared);
  term.append(reinterpret_cast<const char*>(p), suffix);
  p += suffix;
  return true;
}

Status SegmentReader::BuildTermTable() {
  auto bad = [&](const std::string& what) { return Status::Corrupt(name_ + ": " + what); };
  if (num_terms_ > static_cast<uint64_t>(lex_end_ - lex_) || num_terms_ >= 0x7fffffffu) {
    return bad("bad term count");
  }
  terms_.resize(num_terms_);
  std::string term;
  const uint8_t* p = lex_;
  uint64_t po = 0, so = 0;
  for (uint64_t i = 0; i < num_terms_; ++i) {
    if (i % kRestartInterval == 0) {
      const uint64_t r = i / kRestartInterval;
      if (lex_ + restarts_[r] != p) return bad("bad lexicon restart " + std::to_string(r));
      term.clear();
      po = restart_post_[r];
      so = restart_pos_[r];
    }
    if (!ReadKey(p, term)) return bad("bad lexicon entry " + std::to_string(i));
    TermSlot& e = terms_[i];
    e.payload = static_cast<uint64_t>(p - lex_);
    e.post_off = po;
    e.pos_off = so;
    TermInfo info;
    if (!ReadPayload(p, po, so, info)) return bad("bad lexicon entry " + std::to_string(i));
    if (term_bytes_.size() + term.size() > 0xffffffffu) return bad("lexicon terms too long");
    e.key_off = static_cast<uint32_t>(term_bytes_.size());
    e.key_len = static_cast<uint32_t>(term.size());
    term_bytes_ += term;
  }
  // Open addressing, load <= 3/4: (hash tag << 32) | (ordinal + 1), 0 = empty.
  size_t n = 16;
  while (n * 3 < num_terms_ * 4) n *= 2;
  table_.assign(n, 0);
  for (uint64_t i = 0; i < num_terms_; ++i) {
    const uint64_t h = XXH3_64bits(term_bytes_.data() + terms_[i].key_off, terms_[i].key_len);
    size_t s = h & (n - 1);
    while (table_[s] != 0) s = (s + 1) & (n - 1);
    table_[s] = (h >> 32 << 32) | (i + 1);
  }
  return Status::Ok();
}

bool SegmentReader::ReadFormEntry(const uint8_t*& p, std::string& form, uint64_t& prev_ord, FormEntry& e) const {
  uint64_t shared, df, npairs = 1, dord, vid;
  if (!GetVarint(p, flex_end_, shared) || shared > form.size()) return false;
  form.resize(shared);
  if (!GetPacked(p, flex_end_, form)) return false;
  if (!GetVarint(p, flex_end_, df)) return false;
  if ((df & 1) && !GetVarint(p, flex_end_, npairs)) return false;
  if ((df & 1) && npairs < 2) return false;
  df >>= 1;
  if (df == 0 || df > num_docs_ || npairs > num_terms_) return false;
  if (!GetVarint(p, flex_end_, dord) || !GetVarint(p, flex_end_, vid)) return false;
  const uint64_t ord = prev_ord + static_cast<uint64_t>(UnZigZag(dord));
  if (ord >= num_terms_ || vid > 0xffffffu) return false;
  prev_ord = ord;
  e.df = static_cast<uint32_t>(df);
  e.npairs = static_cast<uint32_t>(npairs);
  e.ord = static_cast<uint32_t>(ord);
  e.vid = static_cast<uint32_t>(vid);
  e.pairs = p;
  uint64_t o = ord;
  for (uint64_t i = 1; i < npairs; ++i) {
    if (!GetVarint(p, flex_end_, dord) || !GetVarint(p, flex_end_, vid) || dord == 0 || dord >= num_terms_ - o ||
        vid > 0xffffffu) {
      return false;
    }
    o += dord;
  }
  if (npairs > 1) {
    const uint64_t avail = static_cast<uint64_t>(post_end_ - post_base_);
    if (!GetVarint(p, flex_end_, e.post_off) || !GetVarint(p, flex_end_, e.post_len)) return false;
    if (e.post_off > avail || e.post_len > avail - e.post_off) return false;
  }
  return true;
}

bool SegmentReader::TermAt(uint64_t ordinal, TermInfo& info) const {
  if (ordinal >= terms_.size()) return false;
  const TermSlot& e = terms_[ordinal];
  const uint8_t* p = lex_ + e.payload;
  uint64_t po = e.post_off, so = e.pos_off;
  if (!ReadPayload(p, po, so, info)) return false;
  return TermHasPositions(std::string_view(term_bytes_.data() + e.key_off, e.key_len));
}

bool SegmentReader::FindForm(std::string_view form, TermInfo& info) const {
  if (frestart_terms_.empty()) return false;
  auto it = std::upper_bound(frestart_terms_.begin(), frestart_terms_.end(), form,
                             [](std::string_view a, const std::string& b) { return a < std::string_view(b); });
  if (it == frestart_terms_.begin()) return false;
  const size_t r = static_cast<size_t>(it - frestart_terms_.begin()) - 1;
  const uint8_t* p = flex_ + frestarts_[r];
  std::string cur;
  uint64_t prev_ord = 0;
  FormEntry e;
  const uint64_t limit = std::min<uint64_t>(kRestartInterval, num_forms_ - r * kRestartInterval);
  for (uint64_t i = 0; i < limit; ++i) {
    if (!ReadFormEntry(p, cur, prev_ord, e)) return false;
    const int c = std::string_view(cur).compare(form);
    if (c > 0) return false;
    if (c < 0) continue;
    if (e.npairs > 1) {
      info = TermInfo();
      info.df = info.bare_df = e.df;
      info.postings = post_base_ + e.post_off;
      info.postings_end = info.postings + e.post_len;
      info.positions = info.positions_end = pos_base_;
      return info.num_blocks() <= 1 || e.post_len >= SkipTable::MinBytes(info.num_blocks());
    }
    if (!TermAt(e.ord, info)) return false;
    if (e.df > info.df) return false;
    info.list_df = info.df;
    info.df = info.bare_df = e.df;
    info.variant = e.vid;
    return true;
  }
  return false;
}

bool SegmentReader::ForEachForm(const std::function<void(std::string_view, uint32_t, uint32_t)>& f) const {
  const uint8_t* p = flex_;
  std::string form;
  uint64_t prev_ord = 0;
  for (uint64_t i = 0; i < num_forms_; ++i) {
    if (i % kRestartInterval == 0) {
      if (flex_ + frestarts_[i / kRestartInterval] != p) return false;
      form.clear();
      prev_ord = 0;
    }
    FormEntry e;
    if (!ReadFormEntry(p, form, prev_ord, e)) return false;
    f(form, e.ord, e.vid);
    const uint8_t* q = e.pairs;
    uint64_t ord = e.ord;
    for (uint32_t k = 1; k < e.npairs; ++k) {
      uint64_t d = 0, vid = 0;
      GetVarint(q, flex_end_, d);  // checked by ReadFormEntry
      GetVarint(q, flex_end_, vid);
      ord += d;
      f(form, static_cast<uint32_t>(ord), static_cast<uint32_t>(vid));
    }
  }
  return true;
}

bool SegmentReader::ReadEntry(const uint8_t*& p, std::string& term, uint64_t& post_off, uint64_t& pos_off,
                              TermInfo& info) const {
  return ReadKey(p, term) && ReadPayload(p, post_off, pos_off, info);
}

bool SegmentReader::ReadPayload(const uint8_t*& p, uint64_t& post_off, uint64_t& pos_off, TermInfo& info) const {
  uint64_t df, bare, plen, slen;
  if (!GetVarint(p, lex_end_, df) || !GetVarint(p, lex_end_, bare) || !GetVarint(p, lex_end_, plen) ||
      !GetVarint(p, lex_end_, slen))
    return false;
  if (df == 0 || df > num_docs_ || bare > df) return false;
  info.variant = kNoVariant;
  info.list_df = 0;
  info.bare_df = static_cast<uint32_t>(bare);
  if (post_off > static_cast<uint64_t>(post_end_ - post_base_) ||
      plen > static_cast<uint64_t>(post_end_ - post_base_) - post_off)
    return false;
  if (pos_off > static_cast<uint64_t>(pos_end_ - pos_base_) ||
      slen > static_cast<uint64_t>(pos_end_ - pos_base_) - pos_off)
    return false;
  info.df = static_cast<uint32_t>(df);
  info.postings = post_base_ + post_off;
  info.postings_end = info.postings + plen;
  info.positions = pos_base_ + pos_off;
  info.positions_end = info.positions + slen;
  uint32_t nb = info.num_blocks();
  if (nb > 1 && plen < SkipTable::MinBytes(nb)) return false;  // cursors check the rest (SkipTable::Open)
  post_off += plen;
  pos_off += slen;
  return true;
}

bool SegmentReader::Find(std::string_view term, TermInfo& info) const {
  if (!term.empty() && term[0] == kFormPrefix) return FindForm(term.substr(1), info);
  if (table_.empty()) return false;
  const uint64_t h = XXH3_64bits(term.data(), term.size());
  const uint64_t tag = h >> 32 << 32;
  const size_t mask = table_.size() - 1;
  for (size_t s = h & mask;; s = (s + 1) & mask) {
    const uint64_t v = table_[s];
    if (v == 0) return false;
    if ((v & 0xffffffff00000000u) != tag) continue;
    const TermSlot& e = terms_[(v & 0xffffffffu) - 1];
    if (std::string_view(term_bytes_.data() + e.key_off, e.key_len) != term) continue;
    const uint8_t* p = lex_ + e.payload;
    uint64_t po = e.post_off, so = e.pos_off;
    return ReadPayload(p, po, so, info);
  }
}

int64_t SegmentReader::Local(uint32_t seq) const {
  auto it = std::lower_bound(by_seq_.begin(), by_seq_.end(), std::make_pair(seq, 0u));
  if (it == by_seq_.end() || it->first != seq) return -1;
  return it->second;
}

}  // namespace riwaya::index
