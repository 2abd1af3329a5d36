// Segment: one immutable, self-checking index file. A segment holds the
// per-document columns (seq, field lengths, outlet, category, date, story,
// copy_of), a prefix-compressed lexicon and the postings/positions of every
// term, and a second lexicon of exact written forms, each naming its term and
// a small variant id stored per occurrence beside the term's positions.
// SegmentBuilder produces the bytes; SegmentReader maps them read-only and
// verifies header, bounds and checksum before anything is served.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "index/codec.h"
#include "index/document.h"

namespace riwaya::index {

// Term namespaces: exact written forms and author words live beside the
// analysed terms, behind a control byte no analyzer emits.
inline constexpr char kFormPrefix = '\x01';
inline constexpr char kAuthorPrefix = '\x02';
inline bool TermHasPositions(std::string_view term) {
  return !term.empty() && term[0] != kFormPrefix && term[0] != kAuthorPrefix;
}

struct DocColumns {
  uint32_t seq = 0;
  uint32_t len_title = 0;
  uint32_t len_body = 0;
  uint32_t outlet = 0;    // index into the segment's outlet names
  uint32_t category = 0;  // index into the segment's category names
  int64_t date = 0;
  uint32_t story = 0;
  uint32_t copy_of = 0;
};

// `forms` value of an occurrence written exactly as its term.
inline constexpr uint32_t kBareForm = 0xffffffffu;
// TermInfo::variant of an ordinal term (not an exact-form view).
inline constexpr uint32_t kNoVariant = 0xffffffffu;

// One term's postings in local docid order; positions concatenated per posting.
struct PostingList {
  std::vector<uint32_t> docs, tf_title, tf_body, positions;
  std::vector<uint8_t> nonbare;  // per posting, or empty when every occurrence is bare
  // Per occurrence (aligned with positions), the caller's id of its written
  // form (names given to AddTerm), kBareForm when written as the term; empty
  // when exact forms are not indexed.
  std::vector<uint32_t> forms;
  void clear() {
    docs.clear(); tf_title.clear(); tf_body.clear(); positions.clear(); nonbare.clear(); forms.clear();
  }
};

class SegmentBuilder {
 public:
  // Names: outlet/category dictionaries; DocColumns refer to them by index.
  SegmentBuilder(std::vector<std::string> outlets, std::vector<std::string> categories,
                 Bm25fParams params = {});
  void AddDoc(const DocColumns& doc) { docs_.push_back(doc); }
  // Terms must arrive in strictly increasing byte order. `form_names` maps
  // the ids in list.forms to written forms (needed when list.forms is set).
  // Exact forms are not terms here: they are recorded from the lists.
  void AddTerm(std::string_view term, const PostingList& list,
               const std::vector<std::string>* form_names = nullptr);
  // Returns the complete file image.
  std::string Finish();

 private:
  std::vector<std::string> outlets_, categories_;
  Bm25fParams params_;
  // Per document, for the block bounds: filled at the first AddTerm.
  struct DocNorm {
    double title, body;  // BM25F length norms under the segment's own statistics
    uint32_t len_title, len_body;
  };
  std::vector<DocNorm> norms_;
  std::vector<uint32_t> block_vids_;  // EncodeList scratch
  std::vector<DocColumns> docs_;
  std::string lexicon_, postings_, positions_;
  std::vector<uint64_t> restarts_;  // lexicon offsets of restart entries
  std::string last_term_;
  uint64_t num_terms_ = 0;
  uint64_t postings_at_restart_ = 0, positions_at_restart_ = 0;
  // Exact forms: (form, term ordinal, variant id, df), and where each term's
  // bytes went (to rebuild the postings of a form written under two terms).
  struct FormRef {
    std::string form;
    uint32_t ordinal, vid, df;
  };
  struct TermLoc {
    uint64_t post_start, post_len, pos_start, pos_len;
    uint32_t df;
  };
  std::vector<FormRef> forms_;
  std::vector<TermLoc> locs_;
  uint64_t num_forms_ = 0;
  std::vector<uint32_t> form_count_, form_vid_;  // AddTerm scratch, by form id
  std::vector<uint32_t> seen_, vids_, df_of_, last_;  // AddTerm scratch
  std::vector<std::pair<uint32_t, uint32_t>> order_;
  void EncodeList(std::string_view term, const PostingList& list, const std::vector<uint32_t>* vids,
                  std::string& post, std::string& pos);
  std::string FinishForms(std::string& extra_postings);
};

// Where one term's data lives inside a mapped segment.
// An exact form found through Find(kFormPrefix + form) is usually a view of
// its term's postings: `variant` != kNoVariant, the pointers are the term's,
// and PostingCursor keeps only the occurrences written that way.
struct TermInfo {
  uint32_t df = 0;  // documents matching (for a view: holding the form)
  uint32_t bare_df = 0;  // postings where every occurrence is written as the term itself
  const uint8_t* postings = nullptr;  // BlockMeta[nblocks] (if nblocks > 1), then block data
  const uint8_t* postings_end = nullptr;
  const uint8_t* positions = nullptr;
  const uint8_t* positions_end = nullptr;
  uint32_t variant = kNoVariant;
  uint32_t list_df = 0;  // postings stored (the term's df for a view); 0 = df
  uint32_t num_blocks() const { return ((list_df ? list_df : df) + kBlockSize - 1) / kBlockSize; }
};

class SegmentReader {
 public:
  // Maps `path` and validates it. Errors name the file and what is wrong.
  // Opening walks the whole lexicon once to build an in-memory term table
  // (about 45 bytes per term plus the term bytes: ~4 MB for ANT's 75k terms),
  // so every entry is checked at open and Find costs one hash probe.
  static Result<std::shared_ptr<SegmentReader>> Open(const std::string& path);
  // Validates an in-memory image (tests, merge verification).
  static Result<std::shared_ptr<SegmentReader>> FromBytes(std::string bytes, std::string name);
  ~SegmentReader();
  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;

  uint32_t num_docs() const { return num_docs_; }
  const DocColumns& doc(uint32_t local) const { return cols_[local]; }
  const std::vector<std::string>& outlets() const { return outlets_; }
  const std::vector<std::string>& categories() const { return categories_; }
  uint64_t sum_len_title() const { return sum_title_; }
  uint64_t sum_len_body() const { return sum_body_; }
  uint64_t num_terms() const { return num_terms_; }
  // BM25F parameters the block bounds (BlockMeta::max_w) were computed with.
  const Bm25fParams& bound_params() const { return params_; }
  const std::string& name() const { return name_; }
  size_t size_bytes() const { return size_; }

  // False when the term is absent.
  bool Find(std::string_view term, TermInfo& info) const;
  // Visits every term in order (merging). Stops early and returns false on corruption.
  // Exact forms are not visited: see ForEachForm.
  template <typename F> bool ForEachTerm(F&& f) const;
  // Visits every exact form (without kFormPrefix) as f(form, term ordinal,
  // variant id), once per term it is written under. False on corruption.
  bool ForEachForm(const std::function<void(std::string_view, uint32_t, uint32_t)>& f) const;
  uint64_t num_forms() const { return num_forms_; }
  // Returns the local docid of `seq`, or -1.
  int64_t Local(uint32_t seq) const;

 private:
  SegmentReader() = default;
  Status Init();
  // A lexicon entry's term: its suffix after `term`'s shared prefix.
  bool ReadKey(const uint8_t*& p, std::string& term) const;
  // A whole entry: ReadKey, then ReadPayload.
  bool ReadEntry(const uint8_t*& p, std::string& term, uint64_t& post_off, uint64_t& pos_off,
                 TermInfo& info) const;
  // The part of an entry after its term bytes: checks it and fills `info`.
  bool ReadPayload(const uint8_t*& p, uint64_t& post_off, uint64_t& pos_off, TermInfo& info) const;
  struct FormEntry {
    uint32_t df = 0, npairs = 0;
    uint32_t ord = 0, vid = 0;       // the first (term ordinal, variant id)
    const uint8_t* pairs = nullptr;  // the other npairs - 1: (ordinal delta, vid) varints
    uint64_t post_off = 0, post_len = 0;  // own postings when npairs > 1
  };
  // `prev_ord`: the previous entry's first ordinal (0 at a restart); updated.
  bool ReadFormEntry(const uint8_t*& p, std::string& form, uint64_t& prev_ord, FormEntry& e) const;
  bool TermAt(uint64_t ordinal, TermInfo& info) const;
  bool FindForm(std::string_view form, TermInfo& info) const;

  std::string name_;
  std::string owned_;          // in-memory image, when not mapped
  const uint8_t* base_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
  uint32_t num_docs_ = 0;
  uint64_t num_terms_ = 0;
  uint64_t sum_title_ = 0, sum_body_ = 0;
  Bm25fParams params_;
  std::vector<DocColumns> cols_;
  std::vector<std::pair<uint32_t, uint32_t>> by_seq_;  // (seq, local) sorted
  std::vector<std::string> outlets_, categories_;
  const uint8_t* lex_ = nullptr;
  const uint8_t* lex_end_ = nullptr;
  std::vector<uint64_t> restarts_;           // lexicon offsets
  std::vector<uint64_t> restart_post_, restart_pos_;
  // Every term, filled at open: a lookup is one hash probe and one payload
  // decode instead of a restart search and a walk of up to 16 entries.
  struct TermSlot {
    uint64_t payload;            // lexicon offset of the entry's bytes after its term
    uint64_t post_off, pos_off;  // where its postings and positions start
    uint32_t key_off, key_len;   // its bytes in term_bytes_
  };
  std::vector<TermSlot> terms_;  // by ordinal
  std::string term_bytes_;
  std::vector<uint64_t> table_;  // (hash tag << 32) | (ordinal + 1); 0 = empty
  Status BuildTermTable();
  const uint8_t* post_base_ = nullptr;
  const uint8_t* post_end_ = nullptr;
  const uint8_t* pos_base_ = nullptr;
  const uint8_t* pos_end_ = nullptr;
  uint64_t num_forms_ = 0;
  const uint8_t* flex_ = nullptr;
  const uint8_t* flex_end_ = nullptr;
  std::vector<uint64_t> frestarts_;
  std::vector<std::string> frestart_terms_;
};

template <typename F>
bool SegmentReader::ForEachTerm(F&& f) const {
  const uint8_t* p = lex_;
  std::string term;
  uint64_t post_off = 0, pos_off = 0;
  size_t r = 0;
  for (uint64_t i = 0; i < num_terms_; ++i) {
    if (r < restarts_.size() && lex_ + restarts_[r] == p) {
      post_off = restart_post_[r];
      pos_off = restart_pos_[r];
      ++r;
    }
    TermInfo info;
    if (!ReadEntry(p, term, post_off, pos_off, info)) return false;
    f(std::string_view(term), info);
  }
  return true;
}

}  // namespace riwaya::index
