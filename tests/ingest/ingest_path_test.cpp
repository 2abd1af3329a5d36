// IngestPath / IngestBytes: directories, gzip, truncation, binary and empty
// files, symlinks, progress, a million lines and a 50 MB document.
#include "ingest/ingest_path.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "ingest/ingest_test_util.h"

namespace riwaya::ingest {
namespace {

namespace fs = std::filesystem;
using testing::CollectingSink;
using testing::CountingSink;
using testing::ReadFile;
using testing::ScratchDir;
using testing::WriteFile;

void WriteGz(const std::string& path, std::string_view bytes) {
  gzFile gz = gzopen(path.c_str(), "wb6");
  ASSERT_NE(gz, nullptr);
  ASSERT_EQ(gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size())),
            static_cast<int>(bytes.size()));
  gzclose(gz);
}

std::string GzipBytes(std::string_view bytes) {
  ScratchDir tmp;
  WriteGz(tmp / "x.gz", bytes);
  return ReadFile(tmp / "x.gz");
}

// A TREC archive of `n` records with `lines` text lines each.
std::string MakeTrec(int n, int lines) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += "<DOC>\n<DOCNO>gen-" + std::to_string(i) + "</DOCNO>\n<SRC>gen</SRC>\n<TITLE>خبر رقم " +
           std::to_string(i) + "</TITLE>\n<TIME>Mon, 05 Mar 2018 10:00:00 GMT</TIME>\n<TEXT>\n";
    for (int k = 0; k < lines; ++k) out += "سطر " + std::to_string(k) + " من نص الخبر المولد.\n";
    out += "</TEXT>\n</DOC>\n";
  }
  return out;
}

const std::string kPage =
    "عنوان خبر للاختبار\nتاريخ النشر: 1 يناير 2024\nفقرة أولى من نص الخبر.\nالمصدر: وكالات\n";

TEST(IngestPath, MissingPathIsAnError) {
  CollectingSink s;
  Status st = IngestPath("/nonexistent/riwaya/none.txt", s);
  EXPECT_EQ(st.code(), Status::Code::kNotFound);
  EXPECT_NE(st.message().find("/nonexistent/riwaya/none.txt"), std::string::npos);
}

TEST(IngestPath, WalksDirectoriesRecursivelyInSortedOrder) {
  ScratchDir dir;
  fs::create_directories(dir / "b/inner");
  fs::create_directories(dir / "a");
  fs::create_directories(dir / ".git");
  WriteFile(dir / "b/inner/z.txt", kPage);
  WriteFile(dir / "a/m.jsonl", "{\"url\":\"u1\",\"title\":\"أ\"}\n{\"url\":\"u2\",\"title\":\"ب\"}\n");
  WriteFile(dir / "c.trec", MakeTrec(2, 1));
  WriteFile(dir / ".hidden.txt", kPage);
  WriteFile(dir / ".git/config.txt", kPage);
  WriteGz(dir / "b/d.txt.gz", "عنوان آخر\nفقرة وحيدة في ملف مضغوط.\n");
  CollectingSink s;
  ASSERT_TRUE(IngestPath(dir.str(), s).ok());
  EXPECT_TRUE(s.rejections.empty()) << s.RejectionsText();
  std::vector<std::string> paths;
  for (const auto& a : s.articles) paths.push_back(a.origin.path);
  const std::vector<std::string> want = {dir / "a/m.jsonl", dir / "a/m.jsonl", dir / "b/d.txt.gz",
                                         dir / "b/inner/z.txt", dir / "c.trec", dir / "c.trec"};
  EXPECT_EQ(paths, want);
}

TEST(IngestPath, FixturePagesDirectory) {
  const std::string dir = testing::FixturePath("pages");
  CollectingSink s;
  ASSERT_TRUE(IngestPath(dir, s).ok());
  // 12 good pages, one of them with two embedded read-also articles; the
  // empty, title-only and invalid-UTF-8 pages are rejected.
  EXPECT_EQ(s.articles.size(), 14u);
  ASSERT_EQ(s.rejections.size(), 3u) << s.RejectionsText();
  EXPECT_EQ(s.rejections[0].input, dir + "/09_empty.txt");
  EXPECT_EQ(s.rejections[1].input, dir + "/10_title_only.txt");
  EXPECT_EQ(s.rejections[2].input, dir + "/11_invalid_utf8.txt");
  EXPECT_TRUE(std::is_sorted(s.articles.begin(), s.articles.end(),
                             [](const model::Article& a, const model::Article& b) {
                               return a.origin.path < b.origin.path;
                             }));
}

TEST(IngestPath, GzipIsTransparent) {
  ScratchDir dir;
  const std::string trec = ReadFile(testing::FixturePath("archives/mixed.trec"));
  WriteFile(dir / "plain.trec", trec);
  WriteGz(dir / "packed.trec.gz", trec);
  CollectingSink plain, packed;
  ASSERT_TRUE(IngestPath(dir / "plain.trec", plain).ok());
  ASSERT_TRUE(IngestPath(dir / "packed.trec.gz", packed).ok());
  ASSERT_EQ(plain.articles.size(), 3u);
  ASSERT_EQ(packed.articles.size(), plain.articles.size());
  for (size_t i = 0; i < plain.articles.size(); ++i) {
    EXPECT_EQ(packed.articles[i].key, plain.articles[i].key);
    EXPECT_EQ(packed.articles[i].paragraphs, plain.articles[i].paragraphs);
    EXPECT_EQ(packed.articles[i].origin.byte_offset, plain.articles[i].origin.byte_offset);
  }
  EXPECT_EQ(packed.rejections.size(), plain.rejections.size());
}

TEST(IngestPath, TruncatedGzipKeepsWhatWasReadAndNamesTheBytePosition) {
  ScratchDir dir;
  const std::string gz = GzipBytes(MakeTrec(3000, 5));
  const size_t cut = gz.size() / 2;
  WriteFile(dir / "cut.trec.gz", gz.substr(0, cut));
  CollectingSink s;
  ASSERT_TRUE(IngestPath(dir / "cut.trec.gz", s).ok());
  EXPECT_GT(s.articles.size(), 500u);
  EXPECT_LT(s.articles.size(), 3000u);
  for (size_t i = 0; i < s.articles.size(); ++i)
    ASSERT_EQ(s.articles[i].key, "trec:gen-" + std::to_string(i));  // in order, none lost
  ASSERT_FALSE(s.rejections.empty());
  const Rejection& last = s.rejections.back();
  EXPECT_EQ(last.input, dir / "cut.trec.gz");
  EXPECT_NE(last.reason.find("truncated gzip"), std::string::npos) << last.ToString();
  EXPECT_NE(last.reason.find("compressed byte " + std::to_string(cut)), std::string::npos)
      << last.ToString();
  // The record cut in half is rejected, not half-ingested.
  EXPECT_LE(s.rejections.size(), 2u) << s.RejectionsText();
}

TEST(IngestPath, BinaryAndEmptyFilesAreRejected) {
  ScratchDir dir;
  std::string bin(4096, '\0');
  for (size_t i = 0; i < bin.size(); ++i) bin[i] = static_cast<char>((i * 131) & 0xff);
  WriteFile(dir / "image.jpg", bin);
  WriteFile(dir / "empty.txt", "");
  WriteGz(dir / "empty.jsonl.gz", "");
  CollectingSink s;
  ASSERT_TRUE(IngestPath(dir.str(), s).ok());
  EXPECT_TRUE(s.articles.empty());
  ASSERT_EQ(s.rejections.size(), 3u) << s.RejectionsText();
  EXPECT_NE(s.rejections[0].reason.find("empty"), std::string::npos);  // empty.jsonl.gz
  EXPECT_NE(s.rejections[1].reason.find("empty"), std::string::npos);  // empty.txt
  EXPECT_NE(s.rejections[2].reason.find("binary"), std::string::npos);  // image.jpg
  EXPECT_EQ(s.rejections[2].input, dir / "image.jpg");
}

TEST(IngestPath, ArchivesWithoutRecordsSaySo) {
  ScratchDir dir;
  WriteFile(dir / "blank.jsonl", "\n   \n\n");
  WriteFile(dir / "prose.trec", "نص بلا سجلات\nسطر ثان\n");
  CollectingSink s;
  ASSERT_TRUE(IngestPath(dir.str(), s).ok());
  EXPECT_TRUE(s.articles.empty());
  ASSERT_EQ(s.rejections.size(), 2u) << s.RejectionsText();
  EXPECT_NE(s.rejections[0].reason.find("no JSON record"), std::string::npos);
  EXPECT_NE(s.rejections[1].reason.find("no <DOC> record"), std::string::npos);
}

TEST(IngestPath, SymlinksAreSkippedUnlessFollowedAndLoopsEnd) {
  ScratchDir dir;
  fs::create_directories(dir / "real");
  WriteFile(dir / "real/page.txt", kPage);
  fs::create_symlink(dir / "real/page.txt", dir / "link.txt");
  fs::create_directory_symlink(dir.str(), dir / "real/loop");
  CollectingSink skip;
  ASSERT_TRUE(IngestPath(dir.str(), skip).ok());
  EXPECT_EQ(skip.articles.size(), 1u);
  CollectingSink follow;
  ASSERT_TRUE(IngestPath(dir.str(), follow, WalkOptions{true}).ok());
  EXPECT_EQ(follow.articles.size(), 2u);  // link.txt and real/page.txt; the loop is cut
  EXPECT_EQ(follow.rejections.size(), 1u) << follow.RejectionsText();
}

TEST(IngestPath, ProgressIsReportedAboutEveryMegabyte) {
  ScratchDir dir;
  const std::string trec = MakeTrec(6000, 20);  // ~5 MB
  WriteFile(dir / "big.trec", trec);
  CollectingSink s;
  ASSERT_TRUE(IngestPath(dir / "big.trec", s).ok());
  ASSERT_EQ(s.articles.size(), 6000u);
  ASSERT_FALSE(s.progress.empty());
  EXPECT_LE(s.progress.size(), trec.size() / (1 << 20) + 2);
  EXPECT_GE(s.progress.size(), trec.size() / (1 << 20) - 1);
  EXPECT_EQ(s.progress.back().first, trec.size());
  EXPECT_EQ(s.progress.back().second, trec.size());
  for (size_t i = 1; i < s.progress.size(); ++i)
    EXPECT_GE(s.progress[i].first, s.progress[i - 1].first);
}

// Sanitized builds run the same paths on a tenth of the data: the full-size
// runs are in the optimised build, where the figures mean something.
#ifdef RIWAYA_SANITIZED
constexpr int kScaleDivisor = 10;
#else
constexpr int kScaleDivisor = 1;
#endif

TEST(IngestPath, MillionLineFileStreams) {
  ScratchDir dir;
  const int parts = 10 / kScaleDivisor;
  {
    // 10,000 records x 100 lines = 1,000,000 lines.
    std::string chunk;
    std::ofstream out(dir / "million.trec", std::ios::binary);
    for (int part = 0; part < parts; ++part) {
      chunk = MakeTrec(1000, 93);
      out << chunk;
    }
  }
  CountingSink s;
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(IngestPath(dir / "million.trec", s).ok());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(s.rejected, 0) << s.first_rejection;
  EXPECT_EQ(s.articles, parts * 1000);
  EXPECT_EQ(s.paragraphs, parts * 1000 * 93);
  std::printf("million-line TREC: %.2f s\n", secs);
}

TEST(IngestPath, FiftyMegabyteSingleDocument) {
  ScratchDir dir;
  {
    std::ofstream out(dir / "huge.txt", std::ios::binary);
    out << "عنوان وثيقة ضخمة\nنشر في: 4 أبريل 2024\n";
    const std::string para = std::string(200, 'x') + " فقرة عربية طويلة من وثيقة ضخمة جدا.\n";
    const size_t size = (50u << 20) / kScaleDivisor;
    for (size_t written = 0; written < size; written += para.size()) out << para;
  }
  CountingSink s;
  ASSERT_TRUE(IngestPath(dir / "huge.txt", s).ok());
  EXPECT_EQ(s.rejected, 0) << s.first_rejection;
  EXPECT_EQ(s.articles, 1);
  EXPECT_GT(s.paragraphs, 190000 / kScaleDivisor);  // ~265-byte paragraphs
}

TEST(IngestPath, LongSingleLineRecordStreams) {
  // A 16 MB JSON line between two short ones: read in 256 KB chunks, scanned once.
  ScratchDir dir;
  std::string body((16u << 20) / kScaleDivisor, 'a');
  WriteFile(dir / "long.jsonl", "{\"url\":\"1\",\"title\":\"أ\"}\n{\"url\":\"2\",\"title\":\"" + body +
                                    "\"}\n{\"url\":\"3\",\"title\":\"ج\"}\n");
  CountingSink s;
  ASSERT_TRUE(IngestPath(dir / "long.jsonl", s).ok());
  EXPECT_EQ(s.articles, 3);
}

TEST(IngestBytes, SniffsAndDispatches) {
  Source src;
  src.path = "memory";
  CollectingSink page;
  IngestBytes(kPage, src, page);
  ASSERT_EQ(page.articles.size(), 1u);
  EXPECT_EQ(page.articles[0].credit, "وكالات");

  CollectingSink trec;
  IngestBytes(MakeTrec(3, 2), src, trec);
  EXPECT_EQ(trec.articles.size(), 3u);

  CollectingSink gz;
  IngestBytes(GzipBytes(MakeTrec(4, 2)), src, gz);
  EXPECT_EQ(gz.articles.size(), 4u);

  CollectingSink cut;
  const std::string packed = GzipBytes(MakeTrec(400, 5));
  IngestBytes(std::string_view(packed).substr(0, packed.size() / 2), src, cut);
  EXPECT_GT(cut.articles.size(), 10u);
  ASSERT_FALSE(cut.rejections.empty());
  EXPECT_NE(cut.rejections.back().reason.find("truncated gzip"), std::string::npos);

  CollectingSink empty;
  IngestBytes("", src, empty);
  ASSERT_EQ(empty.rejections.size(), 1u);
  EXPECT_NE(empty.rejections[0].reason.find("empty"), std::string::npos);

  CollectingSink binary;
  IngestBytes(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), src, binary);
  EXPECT_TRUE(binary.articles.empty());
  ASSERT_EQ(binary.rejections.size(), 1u);
  EXPECT_NE(binary.rejections[0].reason.find("binary"), std::string::npos);
}

TEST(IngestBytes, RandomJunkNeverCrashes) {
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    std::string junk(rng() % 3000, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    // Mix in structure so that every parser gets exercised.
    static const char* kSeeds[] = {"<DOC>", "</DOC>", "<DOCNO>", "{\"title\":", "[", "\n",
                                   "اقرأ أيضاً:", "المصدر:", "تاريخ النشر:", "&#x", "<TEXT>"};
    for (int k = 0; k < 20; ++k) {
      const char* s = kSeeds[rng() % std::size(kSeeds)];
      junk.insert(junk.empty() ? 0 : rng() % junk.size(), s);
    }
    for (const char* name : {"x.txt", "x.trec", "x.jsonl"}) {
      Source src;
      src.path = name;
      CollectingSink sink;
      IngestBytes(junk, src, sink);
      // Whatever the bytes, the parser answers: an article or a rejection.
      EXPECT_GE(sink.articles.size() + sink.rejections.size(), 1u) << name;
    }
  }
}

}  // namespace
}  // namespace riwaya::ingest
