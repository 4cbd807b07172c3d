// The CPU-bound half of a member import, on its own thread: CSV parsing, domain validation, the
// keyed ID hash and, for runs that write, the encryption of the personal fields whenever the
// writer is the slower side. The thread that owns the database transaction takes the rows in
// file order (org look-ups, duplicate checks, inserts) while the next ones are being prepared.
// Nothing here touches the database.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "domain/member_rules.hpp"
#include "modules/io/import_file.hpp"
#include "modules/io/import_types.hpp"
#include "modules/io/org_lookup.hpp"
#include "modules/member/member_service.hpp"

namespace lianxin::modules::io {

// One data record of the file.
struct ParsedRow {
  int64_t line = 0;
  std::string org_key;           // the organization cell (code or name), resolved by the writer
  std::vector<RowError> errors;  // domain validation, values masked; the writer may add more
  // Valid rows only:
  domain::MemberFields fields;
  std::string raw_id;   // the ID number cell as written, for a duplicate's error value
  std::string id_hash;  // MemberService::id_hash(fields.id_number)
  // Write runs: ready for insert_encoded, when the reader had time to encrypt it (else the writer does).
  std::optional<member::MemberService::EncodedMember> encoded;
  const OrgTarget* org = nullptr;  // set by the writer: in OrgLookup's cache, which outlives the run
};

// What the reader sends: a batch of rows, or the end of the file (possibly a CSV syntax error).
struct ParsedBatch {
  std::vector<ParsedRow> rows;
  bool end = false;
  std::optional<RowError> bad_csv;  // the file stops being CSV here; with end
};

class MemberRowReader {
public:
  struct Setup {
    const member::MemberService& members;
    const domain::MemberRulePack& rules;
    domain::Date today;
    bool encode = false;  // write runs: may encrypt valid rows for insert_encoded
    std::optional<int64_t> batch_id;
  };
  // Starts reading `utf8` (which must outlive this object) on a new thread.
  MemberRowReader(std::string_view utf8, const FileLayout& layout, Setup setup);
  // Stops the thread (the transaction may be failing: no more rows are wanted).
  ~MemberRowReader();
  MemberRowReader(const MemberRowReader&) = delete;
  MemberRowReader& operator=(const MemberRowReader&) = delete;

  // The next batch in file order; rethrows what the reading thread threw.
  ParsedBatch next();

  // What the writer is done with, freed on the reading thread that allocated it: glibc is slow
  // to free another thread's blocks (they return to that thread's arena, under its lock), which
  // was ~8% of the writer's time at 1M rows. Freed right here once the reader has finished.
  struct Garbage {
    std::vector<ParsedRow> rows;
    std::vector<db::Params> params;
  };
  void recycle(Garbage g);

private:
  void read_all();
  ParsedRow parse(const std::vector<std::string_view>& rec, int64_t line, domain::MemberDraft& draft) const;
  bool writer_is_behind();
  void encode(ParsedBatch& batch, const std::string& now) const;
  bool push(ParsedBatch b);  // false when the consumer has gone

  std::string_view text_;
  const FileLayout& layout_;
  Setup setup_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ParsedBatch> queue_;
  std::exception_ptr error_;
  std::vector<Garbage> garbage_;
  bool finished_ = false;  // read_all has returned: garbage is freed by the writer itself
  bool cancelled_ = false;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace lianxin::modules::io
