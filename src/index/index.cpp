#include "index/index.h"

#include <roaring/roaring.h>
#define XXH_INLINE_ALL  // the term table hashes every token: let it inline
#include <xxhash.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
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

// Open-addressing string table handing out dense ids: the hottest path of Add.
struct Interner {
  std::vector<uint64_t> slots = std::vector<uint64_t>(1 << 16, 0);  // (hash high 32 | id + 1)
  std::vector<std::string> names;

  uint32_t Id(std::string_view s) {
    uint64_t h = XXH3_64bits(s.data(), s.size());
    uint32_t tag = static_cast<uint32_t>(h >> 32);
    size_t mask = slots.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint64_t v = slots[i];
      if (v == 0) {
        uint32_t id = static_cast<uint32_t>(names.size());
        names.emplace_back(s);
        slots[i] = (uint64_t(tag) << 32) | (id + 1);
        if (names.size() * 2 > slots.size()) Grow();
        return id;
      }
      if (static_cast<uint32_t>(v >> 32) == tag) {
        uint32_t id = static_cast<uint32_t>(v) - 1;
        if (names[id] == s) return id;
      }
    }
  }
  void Grow() {
    std::vector<uint64_t> next(slots.size() * 2, 0);
    size_t mask = next.size() - 1;
    for (uint64_t v : slots) {
      if (!v) continue;
      const std::string& t = names[static_cast<uint32_t>(v) - 1];
      uint64_t h = XXH3_64bits(t.data(), t.size());
      size_t i = h & mask;
      while (next[i]) i = (i + 1) & mask;
      next[i] = v;
    }
    slots.swap(next);
  }
};

// Documents added since the last cut, as postings per term.
struct Buffer {
  Interner terms;  // analysed terms and author words
  Interner forms;  // written forms (exact forms), ids in PostingList::forms
  std::vector<PostingList> lists;
  std::vector<DocColumns> docs;
  std::unordered_map<std::string, uint32_t> outlet_ids, cat_ids;
  std::vector<std::string> outlets, cats;
  std::unordered_map<uint32_t, uint32_t> local_of;  // seq -> local
  size_t bytes = 0;  // rough memory held by postings
  Bits deleted;
  // scratch
  std::vector<text::Token> toks;
  struct Occ {
    uint32_t term, pos, form;  // form: id in `forms`, or kBareForm
    bool title;
  };
  std::vector<uint32_t> form_term;  // form id -> the term it was first seen under
  std::vector<Occ> occ, author_occ;
  std::string key;

  uint32_t Id(std::string_view term) {
    uint32_t id = terms.Id(term);
    if (id >= lists.size()) lists.resize(id + 1);
    return id;
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

}  // namespace

Index::Index(std::unique_ptr<State> s) : s_(std::move(s)) {}
Index::~Index() = default;

Result<std::unique_ptr<Index>> Index::Open(const std::string& dir, IndexOptions options) {
  if (!options.analyzer) return Status::Invalid("index " + dir + ": no analyzer given");
  RIWAYA_RETURN_IF_ERROR(EnsureDir(dir));
  auto st = std::make_unique<State>();
  st->dir = dir;
  st->opt = std::move(options);
  Result<std::string> m = ReadFile(st->Path(kManifest));
  if (m.ok()) {
    const std::string& text = *m;
    size_t endpos = text.rfind("end ");
    if (endpos == std::string::npos) return Status::Corrupt(st->Path(kManifest) + ": no checksum line");
    char hex[32];
    std::snprintf(hex, sizeof hex, "%016" PRIx64, XXH64(text.data(), endpos, 0));
    if (text.compare(endpos + 4, 16, hex) != 0) return Status::Corrupt(st->Path(kManifest) + ": checksum mismatch");
    std::istringstream in(text.substr(0, endpos));
    std::string line;
    std::getline(in, line);
    if (line != kManifestMagic) return Status::Corrupt(st->Path(kManifest) + ": unknown format '" + line + "'");
    while (std::getline(in, line)) {
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
  b.occ.clear();
  b.author_occ.clear();
  const bool forms = s_->opt.exact_forms;
  // Tokens stream in without a string per token (AnalyzeInto): the views
  // are only valid inside OnToken, so everything kept is an id.
  struct Collector final : text::TokenSink {
    Buffer& b;
    DocColumns& cols;
    bool title = true;
    Collector(Buffer& buf, DocColumns& c) : b(buf), cols(c) {}
    void OnToken(const text::TokenView& t) override {
      if (title && t.position >= kBodyBase - kMaxSlop - 64) return;  // absurd title: keep the gap
      if (!title && t.position < kBodyBase) return;                   // defensive: analyzer contract
      // One hash per token: the written form's id, which remembers its term
      // (checked, since an analyzer may stem one form two ways in context).
      const bool bare = t.form.empty() || t.form == t.term;
      const uint32_t fid = b.forms.Id(bare ? t.term : t.form);
      if (fid >= b.form_term.size()) b.form_term.resize(fid + 1, UINT32_MAX);
      uint32_t tid = b.form_term[fid];
      if (tid == UINT32_MAX || b.terms.names[tid] != t.term) {
        tid = b.Id(t.term);
        if (b.form_term[fid] == UINT32_MAX) b.form_term[fid] = tid;
      }
      b.occ.push_back({tid, t.position, bare ? kBareForm : fid, title});
      ++(title ? cols.len_title : cols.len_body);
    }
  } collect(b, cols);
  an.AnalyzeInto(doc.title, collect, 0);
  collect.title = false;
  an.AnalyzeInto(doc.body, collect, kBodyBase);
  std::sort(b.occ.begin(), b.occ.end(), [](const Buffer::Occ& x, const Buffer::Occ& y) {
    return x.term != y.term ? x.term < y.term : x.pos < y.pos;
  });
  for (size_t i = 0; i < b.occ.size();) {
    size_t j = i;
    uint32_t tt = 0, tb = 0, bare = 0;
    const uint32_t id = b.occ[i].term;
    PostingList& pl = b.lists[id];
    for (; j < b.occ.size() && b.occ[j].term == id; ++j) {
      ++(b.occ[j].title ? tt : tb);
      pl.positions.push_back(b.occ[j].pos);
      bare += b.occ[j].form == kBareForm;
      if (forms) pl.forms.push_back(b.occ[j].form);
    }
    const uint32_t count = tt + tb;
    const bool nonbare = bare < count;
    if (nonbare && pl.nonbare.size() < pl.docs.size()) pl.nonbare.resize(pl.docs.size(), 0);
    pl.docs.push_back(local);
    pl.tf_title.push_back(tt);
    pl.tf_body.push_back(tb);
    if (!pl.nonbare.empty() || nonbare) pl.nonbare.push_back(nonbare ? 1 : 0);
    i = j;
  }
  if (!doc.author.empty()) {
    b.toks.clear();
    an.Analyze(doc.author, b.toks, 0);
    for (const text::Token& t : b.toks) {
      b.key.assign(1, kAuthorPrefix);
      b.key += t.term;
      b.author_occ.push_back({b.Id(b.key), 0, 0, false});
    }
  }
  std::sort(b.author_occ.begin(), b.author_occ.end(),
            [](const Buffer::Occ& x, const Buffer::Occ& y) { return x.term < y.term; });
  for (size_t i = 0; i < b.author_occ.size();) {
    size_t j = i;
    uint32_t n = 0;
    for (; j < b.author_occ.size() && b.author_occ[j].term == b.author_occ[i].term; ++j) ++n;
    PostingList& pl = b.lists[b.author_occ[i].term];
    pl.docs.push_back(local);
    pl.tf_title.push_back(0);
    pl.tf_body.push_back(n);
    i = j;
  }
  b.docs.push_back(cols);
  b.local_of[doc.seq] = local;
  b.bytes += b.occ.size() * (forms ? 8 : 4) + (b.occ.size() + b.author_occ.size()) * 10 + sizeof(DocColumns);
  if (b.docs.size() >= s_->opt.flush_docs || b.bytes >= s_->opt.flush_bytes) return s_->Cut();
  return Status::Ok();
}

Status Index::State::Cut() {
  if (buf.docs.empty()) return Status::Ok();
  const std::vector<std::string>& names = buf.terms.names;
  std::vector<uint32_t> order(names.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });
  SegmentBuilder builder(buf.outlets, buf.cats, opt.bm25f);
  for (auto& d : buf.docs) builder.AddDoc(d);
  for (uint32_t id : order) builder.AddTerm(names[id], buf.lists[id], &buf.forms.names);
  std::string bytes = builder.Finish();
  SegEntry e;
  e.number = next_seg++;
  e.name = SegName(e.number);
  RIWAYA_RETURN_IF_ERROR(WriteFileAtomic(Path(e.name), bytes));
  bytes.clear();
  auto r = SegmentReader::Open(Path(e.name));
  if (!r.ok()) return r.status();
  e.reader = *r;
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
  std::vector<DocColumns> docs;
  for (size_t i = 0; i < in.size(); ++i) {
    const SegmentReader& r = *in[i].reader;
    remap[i].assign(r.num_docs(), kEndDoc);
    for (uint32_t d = 0; d < r.num_docs(); ++d) {
      if (TestBit(in[i].deleted.get(), d)) continue;
      DocColumns c = r.doc(d);
      c.outlet = Buffer::Dict(oid, outlets, r.outlets()[c.outlet]);
      c.category = Buffer::Dict(cid, cats, r.categories()[c.category]);
      remap[i][d] = static_cast<uint32_t>(docs.size());
      docs.push_back(c);
    }
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
  for (size_t i = 0; i < in.size(); ++i) {
    const SegmentReader& r = *in[i].reader;
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
  SegmentBuilder builder(outlets, cats, opt.bm25f);
  for (auto& d : docs) builder.AddDoc(d);
  PostingList pl;
  const bool forms = opt.exact_forms;
  for (;;) {
    const std::string* least = nullptr;
    for (auto& x : ins)
      if (x.next < x.terms.size() && (!least || x.terms[x.next].first < *least)) least = &x.terms[x.next].first;
    if (!least) break;
    const std::string t = *least;
    pl.clear();
    const bool positional = TermHasPositions(t);
    for (size_t i = 0; i < in.size(); ++i) {
      Input& x = ins[i];
      if (x.next >= x.terms.size() || x.terms[x.next].first != t) continue;
      const uint32_t ord = static_cast<uint32_t>(x.next);
      const TermInfo info = x.terms[x.next++].second;
      const std::vector<uint32_t>& fmap = x.forms[ord];
      PostingCursor c;
      c.Init(info, in[i].reader->num_docs());
      for (; c.doc() != kEndDoc; c.Next()) {
        uint32_t nd = remap[i][c.doc()];
        if (nd == kEndDoc) continue;
        pl.docs.push_back(nd);
        pl.tf_title.push_back(c.tf_title());
        pl.tf_body.push_back(c.tf_body());
        const bool nonbare = c.nonbare();
        if (nonbare) {
          if (pl.nonbare.size() + 1 < pl.docs.size()) pl.nonbare.resize(pl.docs.size() - 1, 0);
          pl.nonbare.push_back(1);
        } else if (!pl.nonbare.empty()) {
          pl.nonbare.push_back(0);
        }
        if (positional) {
          uint32_t n = 0;
          const uint32_t* p = c.positions(n);
          pl.positions.insert(pl.positions.end(), p, p + n);
          if (forms) {
            uint32_t nv = 0;
            const uint32_t* v = nonbare && !fmap.empty() ? c.variants(nv) : nullptr;
            for (uint32_t k = 0; k < n; ++k)
              pl.forms.push_back(v && nv == n && v[k] < fmap.size() ? fmap[v[k]] : kBareForm);
          }
        }
      }
      if (c.corrupt()) return Status::Corrupt(in[i].reader->name() + ": corrupt postings for a term while merging");
    }
    if (!pl.nonbare.empty() && pl.nonbare.size() < pl.docs.size()) pl.nonbare.resize(pl.docs.size(), 0);
    builder.AddTerm(t, pl, forms ? &form_ids.names : nullptr);
  }
  SegEntry e;
  e.number = next_seg++;
  e.name = SegName(e.number);
  RIWAYA_RETURN_IF_ERROR(WriteFileAtomic(Path(e.name), builder.Finish()));
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
