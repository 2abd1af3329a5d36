// The writer's in-memory buffer (per-term byte streams in a slice pool) and
// its byte budget: a cut segment must be exactly the segment a plain build of
// the same postings gives (a reference below, written the obvious way: every
// occurrence listed, sorted by term and position), whatever the stream
// lengths, and cutting by bytes then merging must give the same bytes again.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "index/index.h"
#include "index/segment.h"
#include "index/test_analyzer.h"

namespace riwaya::index {
namespace {

namespace fs = std::filesystem;

struct TestDoc {
  uint32_t seq;
  std::string title, body, author, outlet, category;
  int64_t date;
};

Document View(const TestDoc& d) {
  Document v;
  v.seq = d.seq;
  v.title = d.title;
  v.body = d.body;
  v.author = d.author;
  v.outlet = d.outlet;
  v.category = d.category;
  v.date = d.date;
  v.story = d.seq % 7;
  v.copy_of = d.seq % 11 == 0 ? d.seq - 1 : 0;
  return v;
}

// The segment bytes of `docs` built in one go, without the index's buffer.
std::string ReferenceSegment(const std::vector<TestDoc>& docs, const text::Analyzer& an, bool exact_forms) {
  struct Occ {
    uint32_t doc, pos, form;
    bool title;
  };
  std::map<std::string, std::vector<Occ>> occs;  // by term, in byte order
  std::map<std::string, uint32_t> form_ids, outlet_ids, cat_ids;
  std::vector<std::string> form_names, outlets, cats;
  std::vector<DocColumns> cols;
  auto dict = [](std::map<std::string, uint32_t>& m, std::vector<std::string>& v, const std::string& s) {
    auto it = m.find(s);
    if (it != m.end()) return it->second;
    m[s] = static_cast<uint32_t>(v.size());
    v.push_back(s);
    return static_cast<uint32_t>(v.size() - 1);
  };
  for (uint32_t local = 0; local < docs.size(); ++local) {
    const TestDoc& d = docs[local];
    const Document v = View(d);
    DocColumns c;
    c.seq = v.seq;
    c.date = v.date;
    c.story = v.story;
    c.copy_of = v.copy_of;
    c.outlet = dict(outlet_ids, outlets, d.outlet);
    c.category = dict(cat_ids, cats, d.category);
    for (bool title : {true, false}) {
      std::vector<text::Token> toks;
      an.Analyze(title ? d.title : d.body, toks, title ? 0 : kBodyBase);
      for (const text::Token& t : toks) {
        const bool bare = t.form.empty() || t.form == t.term;
        const uint32_t fid = dict(form_ids, form_names, bare ? t.term : t.form);
        occs[t.term].push_back({local, t.position, bare ? kBareForm : fid, title});
        ++(title ? c.len_title : c.len_body);
      }
    }
    std::vector<text::Token> toks;
    an.Analyze(d.author, toks, 0);
    for (const text::Token& t : toks) occs[std::string(1, kAuthorPrefix) + t.term].push_back({local, 0, kBareForm, false});
    cols.push_back(c);
  }
  SegmentBuilder builder(outlets, cats, Bm25fParams{});
  for (const DocColumns& c : cols) builder.AddDoc(c);
  for (auto& [term, list] : occs) {
    std::stable_sort(list.begin(), list.end(), [](const Occ& a, const Occ& b) {
      return a.doc != b.doc ? a.doc < b.doc : a.pos < b.pos;
    });
    const bool positional = TermHasPositions(term);
    PostingList pl;
    bool any_nonbare = false;
    for (size_t i = 0; i < list.size();) {
      size_t j = i;
      uint32_t tt = 0, tb = 0;
      bool nonbare = false;
      for (; j < list.size() && list[j].doc == list[i].doc; ++j) {
        ++(list[j].title ? tt : tb);
        nonbare |= list[j].form != kBareForm;
        if (positional) {
          pl.positions.push_back(list[j].pos);
          if (exact_forms) pl.forms.push_back(list[j].form);
        }
      }
      pl.docs.push_back(list[i].doc);
      pl.tf_title.push_back(tt);
      pl.tf_body.push_back(tb);
      pl.nonbare.push_back(nonbare ? 1 : 0);
      any_nonbare |= nonbare;
      i = j;
    }
    if (!any_nonbare) pl.nonbare.clear();
    builder.AddTerm(term, pl, &form_names);
  }
  return builder.Finish();
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Arabic news-like documents: a small vocabulary with prefixed written forms
// (و، ال، لل) so terms gather many forms, authors, several outlets, and a few
// very long bodies whose frequent terms fill many pool slices.
std::vector<TestDoc> MakeCorpus(uint32_t n, uint32_t seed) {
  const std::vector<std::string> stems = {"حكومة", "نفط", "برلمان", "انتخابات", "اقتصاد", "مفاوضات", "وزير",
                                          "سلام", "مدينة", "مستشفى", "جامعة", "صحافة", "قمة", "ميناء"};
  const std::vector<std::string> prefixes = {"", "", "", "ال", "وال", "لل", "و"};
  const std::vector<std::string> authors = {"", "", "أحمد سالم", "ليلى حسن", "أحمد أحمد حسن"};
  const std::vector<std::string> outlets = {"الجزيرة", "العربية", "سكاي"};
  std::mt19937 rng(seed);
  auto word = [&](size_t vocab) {
    std::string w = prefixes[rng() % prefixes.size()] + stems[rng() % vocab];
    if (rng() % 50 == 0) w += std::to_string(rng() % 100000);  // a long tail of rare terms
    return w;
  };
  std::vector<TestDoc> docs;
  for (uint32_t s = 1; s <= n; ++s) {
    TestDoc d;
    d.seq = s * 3;  // seqs need not be dense
    const size_t title_len = 1 + rng() % 6;
    for (size_t i = 0; i < title_len; ++i) d.title += word(stems.size()) + (i % 3 == 2 ? " في " : " ");
    const size_t body_len = s % 97 == 0 ? 20000 + rng() % 5000 : rng() % 200;
    for (size_t i = 0; i < body_len; ++i) d.body += word(s % 97 == 0 ? 3 : stems.size()) + (rng() % 9 ? " " : ". ");
    d.author = authors[rng() % authors.size()];
    d.outlet = outlets[rng() % outlets.size()];
    d.category = rng() % 2 ? "سياسة" : "اقتصاد";
    d.date = 1400000000 + static_cast<int64_t>(s) * 3600;
    docs.push_back(std::move(d));
  }
  return docs;
}

class BufferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("riwaya_buffer_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    opt_.analyzer = std::make_shared<testing::TestAnalyzer>();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::unique_ptr<Index> Build(const fs::path& dir, const std::vector<TestDoc>& docs) {
    auto r = Index::Open(dir.string(), opt_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return nullptr;
    for (const TestDoc& d : docs) EXPECT_TRUE((*r)->Add(View(d)).ok()) << d.seq;
    EXPECT_TRUE((*r)->Commit(docs.back().seq).ok());
    return std::move(*r);
  }
  std::vector<std::string> SegmentFiles(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string n = e.path().filename().string();
      if (n.rfind("seg_", 0) == 0 && n.size() > 4 && n.compare(n.size() - 4, 4, ".rws") == 0) names.push_back(n);
    }
    std::sort(names.begin(), names.end());
    return names;
  }
  fs::path dir_;
  IndexOptions opt_;
};

TEST_F(BufferTest, CutSegmentEqualsTheReferenceBuild) {
  const std::vector<TestDoc> docs = MakeCorpus(400, 7);
  for (bool forms : {true, false}) {
    SCOPED_TRACE(forms ? "exact forms" : "no exact forms");
    opt_.exact_forms = forms;
    const fs::path dir = dir_ / (forms ? "forms" : "plain");
    auto ix = Build(dir, docs);
    ASSERT_TRUE(ix);
    const std::vector<std::string> segs = SegmentFiles(dir);
    ASSERT_EQ(segs.size(), 1u);
    const std::string got = Slurp(dir / segs[0]);
    const std::string want = ReferenceSegment(docs, *opt_.analyzer, forms);
    EXPECT_EQ(got.size(), want.size());
    EXPECT_TRUE(got == want) << "the buffer's segment differs from the reference build";
  }
}

TEST_F(BufferTest, ByteBudgetCutsSegmentsThatMergeBackToTheSameBytes) {
  const std::vector<TestDoc> docs = MakeCorpus(1500, 11);
  auto whole = Build(dir_ / "whole", docs);
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->searcher()->num_segments(), 1u);

  opt_.flush_bytes = 2u << 20;  // the tables alone take about half of this: several cuts
  auto cut = Build(dir_ / "cut", docs);
  ASSERT_TRUE(cut);
  const size_t nsegs = cut->searcher()->num_segments();
  EXPECT_GE(nsegs, 3u) << "the byte budget never cut a segment";
  EXPECT_LE(nsegs, 10u) << "no tiered merge expected at this size";
  EXPECT_EQ(cut->stats().docs, docs.size());
  for (std::string_view q : {"حكومة", "=والحكومة", "=للنفط", "\"الوزير الحكومة\"", "author:أحمد", "author:ليلى",
                             "نفط OR ميناء", "title:قمة", "outlet:سكاي"}) {
    auto a = whole->searcher()->Search(q, {});
    auto b = cut->searcher()->Search(q, {});
    ASSERT_TRUE(a.ok() && b.ok()) << q;
    EXPECT_EQ(a->total, b->total) << q;
    ASSERT_EQ(a->hits.size(), b->hits.size()) << q;
    for (size_t i = 0; i < a->hits.size(); ++i) {
      EXPECT_EQ(a->hits[i].seq, b->hits[i].seq) << q << " rank " << i;
      EXPECT_NEAR(a->hits[i].score, b->hits[i].score, 1e-4) << q;
    }
  }
  ASSERT_TRUE(cut->Merge(1).ok());
  ASSERT_EQ(cut->searcher()->num_segments(), 1u);
  const std::vector<std::string> a = SegmentFiles(dir_ / "whole"), b = SegmentFiles(dir_ / "cut");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_TRUE(Slurp(dir_ / "whole" / a[0]) == Slurp(dir_ / "cut" / b[0]))
      << "cut by bytes and merged differs from the segment built at once";
}

TEST_F(BufferTest, DeletedAndReaddedDocumentsAcrossAByteCut) {
  opt_.flush_bytes = 2u << 20;
  const std::vector<TestDoc> docs = MakeCorpus(1500, 5);
  auto r = Index::Open(dir_.string(), opt_);
  ASSERT_TRUE(r.ok());
  auto& ix = *r;
  for (const TestDoc& d : docs) ASSERT_TRUE(ix->Add(View(d)).ok());
  // The first documents went out with an early cut, the last are still buffered.
  ASSERT_TRUE(ix->Delete(docs.front().seq).ok());
  ASSERT_TRUE(ix->Delete(docs.back().seq).ok());
  TestDoc again = docs.back();
  again.body = "مقال جديد عن الميناء";
  ASSERT_TRUE(ix->Add(View(again)).ok());
  ASSERT_TRUE(ix->Commit(docs.back().seq).ok());
  EXPECT_GE(ix->searcher()->num_segments(), 2u);
  EXPECT_EQ(ix->stats().docs, docs.size() - 1);
  auto hits = ix->searcher()->Search("\"جديد عن\"", {});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->hits.size(), 1u);
  EXPECT_EQ(hits->hits[0].seq, again.seq);
}

// A cut that fails (here: the directory is gone) must leave the buffer as it
// was, so that documents added after it and a later commit still give the
// segment a clean build gives.
TEST_F(BufferTest, FailedCutLeavesTheBufferIntact) {
  const std::vector<TestDoc> docs = MakeCorpus(200, 13);
  const std::vector<TestDoc> first(docs.begin(), docs.begin() + 120);
  auto whole = Build(dir_ / "whole", docs);
  ASSERT_TRUE(whole);
  const fs::path dir = dir_ / "retry";
  auto r = Index::Open(dir.string(), opt_);
  ASSERT_TRUE(r.ok());
  auto& ix = *r;
  for (const TestDoc& d : first) ASSERT_TRUE(ix->Add(View(d)).ok());
  fs::remove_all(dir);
  EXPECT_FALSE(ix->Commit(first.back().seq).ok());
  fs::create_directories(dir);
  for (size_t i = first.size(); i < docs.size(); ++i) ASSERT_TRUE(ix->Add(View(docs[i])).ok());
  ASSERT_TRUE(ix->Commit(docs.back().seq).ok());
  EXPECT_EQ(ix->stats().docs, docs.size());
  const std::vector<std::string> a = SegmentFiles(dir_ / "whole"), b = SegmentFiles(dir);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_TRUE(Slurp(dir_ / "whole" / a[0]) == Slurp(dir / b[0]));
}

TEST_F(BufferTest, RefusesADocumentBeyondTheTextLimit) {
  auto r = Index::Open(dir_.string(), opt_);
  ASSERT_TRUE(r.ok());
  auto& ix = *r;
  const std::string half(kMaxDocumentBytes / 2 + 1, 'a');  // title + body just over the limit
  Document d;
  d.seq = 1;
  d.title = half;
  d.body = std::string_view(half).substr(0, kMaxDocumentBytes / 2);
  Status st = ix->Add(d);
  EXPECT_EQ(st.code(), Status::Code::kInvalid) << st.ToString();
  d.title = "خبر قصير";
  d.body = "نص الخبر";
  ASSERT_TRUE(ix->Add(d).ok());
  ASSERT_TRUE(ix->Commit(1).ok());
  EXPECT_EQ(ix->stats().docs, 1u);
}

}  // namespace
}  // namespace riwaya::index
