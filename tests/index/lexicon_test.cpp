// Lexicons (segment format v6): form suffixes are packed (Arabic letters in
// one byte, other bytes >= 0x7f escaped) and form ordinals delta-coded; every
// string must come back byte for byte, whatever its script.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "index/document.h"
#include "index/postings.h"
#include "index/segment.h"
#include "index/postings_fixtures.h"

namespace riwaya::index {
namespace {

TEST(LexiconTest, TermsOfEveryScriptRoundTrip) {
  std::vector<std::string> terms = {
      "كتاب", "كتابة", "كتب", "مكتبة",              // shared prefixes inside Arabic letters
      "ﻻ",                                            // a presentation form (three UTF-8 bytes)
      "café", "cafe", "2024", "a\x7f" "b", "\x7f",      // Latin, the escape byte itself
      "ٱلقرآن", "ۀ",                                   // U+0671, U+06C0: outside U+0600..U+067F
      "\xd8",                                         // a lone lead byte (not UTF-8, still bytes)
      "\xd8\x41", "\xd9\xbf\xd9",                     // a lead byte before a non-continuation byte
      std::string(1, kAuthorPrefix) + "سمير",          // author words
      "عالم😀", "x",
  };
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  SegmentBuilder b = BuilderWithDocs(1);
  PostingList pl;
  pl.docs = {0};
  pl.tf_title = {0};
  pl.tf_body = {1};
  pl.positions = {kBodyBase};
  for (const auto& t : terms) b.AddTerm(t, pl);
  auto r = SegmentReader::FromBytes(b.Finish(), "mem");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  for (const auto& t : terms) {
    TermInfo info;
    EXPECT_TRUE((*r)->Find(t, info)) << t;
    EXPECT_EQ(info.df, 1u);
  }
  TermInfo info;
  EXPECT_FALSE((*r)->Find("كتا", info));
  EXPECT_FALSE((*r)->Find("\xd8\xa7", info));
  std::vector<std::string> seen;
  ASSERT_TRUE((*r)->ForEachTerm([&](std::string_view t, const TermInfo&) { seen.emplace_back(t); }));
  EXPECT_EQ(seen, terms);
}

// The same strings as written forms (one occurrence each, under one term).
TEST(LexiconTest, FormsOfEveryScriptRoundTrip) {
  std::vector<std::string> names = {
      "كتاب", "كتابة", "كتب", "مكتبة", "ﻻ", "café", "cafe", "2024", "a\x7f" "b", "\x7f",
      "ٱلقرآن", "ۀ", "\xd8", "\xd8\x41", "\xd9\xbf\xd9", "عالم😀", "x", "\xd9\x80\xd8\xbf",
  };
  std::sort(names.begin(), names.end());
  SegmentBuilder b = BuilderWithDocs(1);
  PostingList pl;
  pl.docs = {0};
  pl.tf_title = {0};
  pl.tf_body = {static_cast<uint32_t>(names.size())};
  pl.nonbare = {1};
  for (uint32_t i = 0; i < names.size(); ++i) {
    pl.positions.push_back(kBodyBase + i);
    pl.forms.push_back(i);
  }
  b.AddTerm("مصدر", pl, &names);
  auto r = SegmentReader::FromBytes(b.Finish(), "mem");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> seen;
  ASSERT_TRUE((*r)->ForEachForm([&](std::string_view f, uint32_t, uint32_t) { seen.emplace_back(f); }));
  EXPECT_EQ(seen, names);
  for (const auto& n : names) {
    TermInfo info;
    ASSERT_TRUE((*r)->Find(std::string(1, kFormPrefix) + n, info)) << n;
    PostingCursor cur;
    cur.Init(info, 1);
    uint32_t count = 0;
    const uint32_t* p = cur.positions(count);
    ASSERT_EQ(count, 1u) << n;
    EXPECT_EQ(p[0], kBodyBase + static_cast<uint32_t>(std::find(names.begin(), names.end(), n) - names.begin()));
  }
  TermInfo info;
  EXPECT_FALSE((*r)->Find(std::string(1, kFormPrefix) + "كتا", info));
  EXPECT_FALSE((*r)->Find(std::string(1, kFormPrefix) + "\xd8\xa7", info));
}

// Many forms under many terms: ordinals delta-coded across restarts, each
// form found as a view of its own term with its own variant.
TEST(LexiconTest, ManyFormsFindTheirTerms) {
  const uint32_t ndocs = 3;
  SegmentBuilder b = BuilderWithDocs(ndocs);
  // Term t (sorted) is written as "و" + t and "ال" + t in document 1.
  std::vector<std::string> terms;
  for (const char* root : {"درس", "كتب", "علم", "سفر", "حكم", "قول"})
    for (const char* tail : {"", "ة", "ات", "ين"}) terms.push_back(std::string(root) + tail);
  std::sort(terms.begin(), terms.end());
  std::vector<std::string> names;
  for (const auto& t : terms) {
    names.push_back("و" + t);
    names.push_back("ال" + t);
  }
  for (uint32_t i = 0; i < terms.size(); ++i) {
    PostingList pl;
    pl.docs = {0, 1};
    pl.tf_title = {0, 0};
    pl.tf_body = {1, 2};
    pl.nonbare = {0, 1};
    pl.positions = {kBodyBase + 1, kBodyBase + 2, kBodyBase + 7};
    pl.forms = {kBareForm, 2 * i, 2 * i + 1};
    b.AddTerm(terms[i], pl, &names);
  }
  auto r = SegmentReader::FromBytes(b.Finish(), "mem");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_GT((*r)->num_forms(), 32u);  // several restarts
  std::vector<std::string> seen_terms;
  ASSERT_TRUE((*r)->ForEachTerm([&](std::string_view t, const TermInfo&) { seen_terms.emplace_back(t); }));
  size_t pairs = 0;
  ASSERT_TRUE((*r)->ForEachForm([&](std::string_view f, uint32_t ord, uint32_t vid) {
    ++pairs;
    ASSERT_LT(ord, seen_terms.size());
    const std::string& t = seen_terms[ord];
    if (vid == 0) {
      EXPECT_EQ(f, t);
    } else {
      EXPECT_TRUE(f == "و" + t || f == "ال" + t) << f << " under " << t;
    }
  }));
  // Two written forms per term (the bare form is listed only when a mixed
  // posting holds it).
  EXPECT_EQ(pairs, 2 * terms.size());
  for (const auto& n : names) {
    TermInfo info;
    ASSERT_TRUE((*r)->Find(std::string(1, kFormPrefix) + n, info)) << n;
    EXPECT_EQ(info.df, 1u) << n;
    EXPECT_NE(info.variant, kNoVariant) << n;
  }
  TermInfo info;
  EXPECT_FALSE((*r)->Find(std::string(1, kFormPrefix) + "فالدرس", info));
}

// Find goes through the term table built at open, TermAt (form views) by
// ordinal. Checked against a full lexicon walk (ForEachTerm reads the entries'
// bytes itself): every term of a random lexicon dense in shared prefixes
// (three letters, lengths 1..6, author words among them) is found with its
// own postings; its proper prefixes and one-letter extensions, when not
// terms, are absent, as are probes before the first and after the last term.
TEST(LexiconTest, FindAgreesWithAFullWalk) {
  std::mt19937 rng(7);
  const std::vector<std::string> letters = {"ب", "ت", "ث"};
  std::set<std::string> set;
  while (set.size() < 700) {
    std::string t = rng() % 10 == 0 ? std::string(1, kAuthorPrefix) : std::string();
    for (uint32_t n = 1 + rng() % 6; n > 0; --n) t += letters[rng() % letters.size()];
    set.insert(t);
  }
  const uint32_t ndocs = 40;
  SegmentBuilder b = BuilderWithDocs(ndocs);
  // Term i is written as "و" + term in its first posting (a form view to look up).
  std::vector<std::string> names;
  uint32_t i = 0;
  for (const auto& t : set) {
    names.push_back("و" + t);
    PostingList pl;
    const uint32_t df = 1 + i % ndocs;
    for (uint32_t d = 0; d < df; ++d) {
      pl.docs.push_back(d);
      pl.tf_title.push_back(0);
      pl.tf_body.push_back(1);
      if (TermHasPositions(t)) {
        pl.positions.push_back(kBodyBase + 1);
        pl.nonbare.push_back(d == 0);
        pl.forms.push_back(d == 0 ? i : kBareForm);
      }
    }
    b.AddTerm(t, pl, TermHasPositions(t) ? &names : nullptr);
    ++i;
  }
  auto r = SegmentReader::FromBytes(b.Finish(), "mem");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::pair<std::string, TermInfo>> walk;
  ASSERT_TRUE((*r)->ForEachTerm([&](std::string_view t, const TermInfo& info) { walk.emplace_back(t, info); }));
  ASSERT_EQ(walk.size(), set.size());
  for (const auto& [t, want] : walk) {
    TermInfo got;
    ASSERT_TRUE((*r)->Find(t, got)) << t;
    EXPECT_EQ(got.df, want.df) << t;
    EXPECT_EQ(got.bare_df, want.bare_df) << t;
    EXPECT_EQ(got.postings, want.postings) << t;
    EXPECT_EQ(got.postings_end, want.postings_end) << t;
    EXPECT_EQ(got.positions, want.positions) << t;
    EXPECT_EQ(got.positions_end, want.positions_end) << t;
    EXPECT_EQ(got.variant, kNoVariant) << t;
    std::vector<std::string> absent;
    for (size_t n = 1; n < t.size(); ++n) absent.push_back(t.substr(0, n));  // also cuts inside a letter
    for (const auto& l : letters) absent.push_back(t + l);
    absent.push_back(t + "\x01");
    for (const auto& a : absent) {
      if (set.count(a)) continue;
      TermInfo no;
      EXPECT_FALSE((*r)->Find(a, no)) << a;
    }
    if (TermHasPositions(t)) {
      // The form view points into this term's postings.
      TermInfo view;
      ASSERT_TRUE((*r)->Find(std::string(1, kFormPrefix) + "و" + t, view)) << t;
      EXPECT_EQ(view.df, 1u) << t;
      EXPECT_EQ(view.list_df, want.df) << t;
      EXPECT_EQ(view.postings, want.postings) << t;
      EXPECT_EQ(view.positions, want.positions) << t;
      EXPECT_NE(view.variant, kNoVariant) << t;
    }
  }
  TermInfo no;
  EXPECT_FALSE((*r)->Find("", no));
  EXPECT_FALSE((*r)->Find("\x01", no));
  EXPECT_FALSE((*r)->Find("ا", no));   // before every Arabic term (U+0627 < U+0628)
  EXPECT_FALSE((*r)->Find("ج", no));   // after every term
  EXPECT_FALSE((*r)->Find("ثثثثثثث", no));
}

}  // namespace
}  // namespace riwaya::index
