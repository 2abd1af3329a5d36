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

// Documents added since the last cut, as postings per term.
struct Buffer {
  // Open-addressing term table (ids into `terms`): the hottest path of Add.
  std::vector<uint64_t> slots = std::vector<uint64_t>(1 << 16, 0);  // (hash high 32 | id + 1)
  std::vector<std::string> terms;
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
    uint32_t term, pos, tok;
    bool title;
  };
  std::vector<Occ> occ, form_occ;
  std::string key;

  uint32_t Id(std::string_view term) {
    uint64_t h = XXH3_64bits(term.data(), term.size());
    uint32_t tag = static_cast<uint32_t>(h >> 32);
    size_t mask = slots.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint64_t v = slots[i];
      if (v == 0) {
        uint32_t id = static_cast<uint32_t>(terms.size());
        terms.emplace_back(term);
        lists.emplace_back();
        slots[i] = (uint64_t(tag) << 32) | (id + 1);
        if (terms.size() * 2 > slots.size()) Grow();
        return id;
      }
      if (static_cast<uint32_t>(v >> 32) == tag) {
        uint32_t id = static_cast<uint32_t>(v) - 1;
        if (terms[id] == term) return id;
      }
    }
  }
  void Grow() {
    std::vector<uint64_t> next(slots.size() * 2, 0);
    size_t mask = next.size() - 1;
    for (uint64_t v : slots) {
      if (!v) continue;
      const std::string& t = terms[static_cast<uint32_t>(v) - 1];
      uint64_t h = XXH3_64bits(t.data(), t.size());
      size_t i = h & mask;
      while (next[i]) i = (i + 1) & mask;
      next[i] = v;
    }
    slots.swap(next);
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

  // Exact forms (the =word operator) cost little: a form is indexed under
  // kFormPrefix only where it differs from its term, plus the bare form in
  // the rare documents that mix bare and other forms of the term. Postings
  // flag "nonbare" documents, so bare matches come from the term's postings.
  b.occ.clear();
  b.form_occ.clear();
  const bool forms = s_->opt.exact_forms;
  b.toks.clear();
  an.Analyze(doc.title, b.toks, 0);
  size_t ntitle = b.toks.size();
  an.Analyze(doc.body, b.toks, kBodyBase);
  for (size_t i = 0; i < b.toks.size(); ++i) {
    const text::Token& t = b.toks[i];
    bool title = i < ntitle;
    if (title && t.position >= kBodyBase - kMaxSlop - 64) continue;  // absurd title: keep the gap
    if (!title && t.position < kBodyBase) continue;                   // defensive: analyzer contract
    b.occ.push_back({b.Id(t.term), t.position, static_cast<uint32_t>(i), title});
    ++(title ? cols.len_title : cols.len_body);
  }
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
      const std::string& form = b.toks[b.occ[j].tok].form;
      if (form.empty() || form == b.terms[id]) ++bare;
    }
    const uint32_t count = tt + tb;
    const bool nonbare = bare < count;
    if (nonbare && pl.nonbare.size() < pl.docs.size()) pl.nonbare.resize(pl.docs.size(), 0);
    pl.docs.push_back(local);
    pl.tf_title.push_back(tt);
    pl.tf_body.push_back(tb);
    if (!pl.nonbare.empty() || nonbare) pl.nonbare.push_back(nonbare ? 1 : 0);
    if (forms && nonbare) {
      for (size_t k = i; k < j; ++k) {
        const text::Token& t = b.toks[b.occ[k].tok];
        b.key.assign(1, kFormPrefix);
        b.key += t.form.empty() ? b.terms[id] : t.form;
        b.form_occ.push_back({b.Id(b.key), 0, 0, b.occ[k].title});
      }
    }
    i = j;
  }
  if (!doc.author.empty()) {
    b.toks.clear();
    an.Analyze(doc.author, b.toks, 0);
    for (const text::Token& t : b.toks) {
      b.key.assign(1, kAuthorPrefix);
      b.key += t.term;
      b.form_occ.push_back({b.Id(b.key), 0, 0, false});
    }
  }
  std::sort(b.form_occ.begin(), b.form_occ.end(),
            [](const Buffer::Occ& x, const Buffer::Occ& y) { return x.term < y.term; });
  for (size_t i = 0; i < b.form_occ.size();) {
    size_t j = i;
    uint32_t tt = 0, tb = 0;
    for (; j < b.form_occ.size() && b.form_occ[j].term == b.form_occ[i].term; ++j) ++(b.form_occ[j].title ? tt : tb);
    PostingList& pl = b.lists[b.form_occ[i].term];
    pl.docs.push_back(local);
    pl.tf_title.push_back(tt);
    pl.tf_body.push_back(tb);
    i = j;
  }
  b.docs.push_back(cols);
  b.local_of[doc.seq] = local;
  b.bytes += b.occ.size() * 4 + (b.occ.size() + b.form_occ.size()) * 10 + sizeof(DocColumns);
  if (b.docs.size() >= s_->opt.flush_docs || b.bytes >= s_->opt.flush_bytes) return s_->Cut();
  return Status::Ok();
}

Status Index::State::Cut() {
  if (buf.docs.empty()) return Status::Ok();
  std::vector<uint32_t> order(buf.terms.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return buf.terms[a] < buf.terms[b]; });
  SegmentBuilder builder(buf.outlets, buf.cats, opt.bm25f);
  for (auto& d : buf.docs) builder.AddDoc(d);
  for (uint32_t id : order) builder.AddTerm(buf.terms[id], buf.lists[id]);
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
  std::vector<std::string> terms;
  for (auto& e : in) {
    bool ok = e.reader->ForEachTerm([&](std::string_view t, const TermInfo&) { terms.emplace_back(t); });
    if (!ok) return Status::Corrupt(e.reader->name() + ": corrupt lexicon while merging");
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  SegmentBuilder builder(outlets, cats, opt.bm25f);
  for (auto& d : docs) builder.AddDoc(d);
  PostingList pl;
  for (const std::string& t : terms) {
    pl.clear();
    const bool positional = TermHasPositions(t);
    for (size_t i = 0; i < in.size(); ++i) {
      TermInfo info;
      if (!in[i].reader->Find(t, info)) continue;
      PostingCursor c;
      c.Init(info, in[i].reader->num_docs());
      for (; c.doc() != kEndDoc; c.Next()) {
        uint32_t nd = remap[i][c.doc()];
        if (nd == kEndDoc) continue;
        pl.docs.push_back(nd);
        pl.tf_title.push_back(c.tf_title());
        pl.tf_body.push_back(c.tf_body());
        if (c.nonbare()) {
          if (pl.nonbare.size() + 1 < pl.docs.size()) pl.nonbare.resize(pl.docs.size() - 1, 0);
          pl.nonbare.push_back(1);
        } else if (!pl.nonbare.empty()) {
          pl.nonbare.push_back(0);
        }
        if (positional) {
          uint32_t n = 0;
          const uint32_t* p = c.positions(n);
          pl.positions.insert(pl.positions.end(), p, p + n);
        }
      }
      if (c.corrupt()) return Status::Corrupt(in[i].reader->name() + ": corrupt postings for a term while merging");
    }
    builder.AddTerm(t, pl);
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
