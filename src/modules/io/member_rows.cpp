#include "modules/io/member_rows.hpp"

#include <stdexcept>

#include "modules/io/csv_stream.hpp"
#include "modules/io/member_draft.hpp"

namespace lianxin::modules::io {

namespace {

constexpr size_t kBatchRows = 1000;
// Batches read ahead of the writer: enough to ride out a slow insert, small enough to bound memory.
constexpr size_t kMaxQueued = 8;

std::string_view raw_cell(const HeaderMap& map, const std::vector<std::string_view>& rec, std::string_view field) {
  const auto& specs = column_specs(ImportKind::members);
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].field == field) return cell(map, rec, static_cast<int>(i));
  }
  return {};
}

}  // namespace

MemberRowReader::MemberRowReader(std::string_view utf8, const FileLayout& layout, Setup setup)
    : text_(utf8), layout_(layout), setup_(setup), thread_([this] { read_all(); }) {}

MemberRowReader::~MemberRowReader() {
  {
    std::lock_guard lock(mu_);
    cancelled_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

bool MemberRowReader::push(ParsedBatch b) {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return cancelled_ || queue_.size() < kMaxQueued || !garbage_.empty(); });
    if (garbage_.empty()) break;
    std::vector<Garbage> g = std::move(garbage_);
    garbage_.clear();
    lock.unlock();
    g.clear();  // the frees, outside the lock
    lock.lock();
  }
  if (cancelled_) return false;
  queue_.push_back(std::move(b));
  cv_.notify_all();
  return true;
}

void MemberRowReader::recycle(Garbage g) {
  std::lock_guard lock(mu_);
  if (finished_ || cancelled_) return;  // g is freed here, on the writer's thread
  garbage_.push_back(std::move(g));
  cv_.notify_all();
}

ParsedBatch MemberRowReader::next() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !queue_.empty() || error_; });
  if (queue_.empty()) std::rethrow_exception(error_);
  ParsedBatch b = std::move(queue_.front());
  queue_.pop_front();
  cv_.notify_all();
  return b;
}

void MemberRowReader::read_all() {
  try {
    CsvStream csv(text_);
    domain::MemberDraft draft;  // reused: its strings keep their capacity from row to row
    ParsedBatch batch;
    batch.rows.reserve(kBatchRows);
    bool header_seen = false;
    std::string now = now_timestamp();
    try {
      while (csv.next()) {
        if (is_blank_record(csv.fields())) continue;
        if (!header_seen) {  // read_layout already mapped it
          header_seen = true;
          continue;
        }
        batch.rows.push_back(parse(csv.fields(), static_cast<int64_t>(csv.line()), draft));
        if (batch.rows.size() < kBatchRows) continue;
        if (setup_.encode && writer_is_behind()) encode(batch, now);
        if (!push(std::move(batch))) return;
        batch = {};
        batch.rows.reserve(kBatchRows);
        now = now_timestamp();  // created_at: when the rows were prepared, as close to the insert as before
      }
    } catch (const std::invalid_argument& e) {
      batch.bad_csv = RowError{static_cast<int64_t>(csv.line()), "file", "import.bad_csv",
                               std::string("CSV 格式错误：") + e.what(), ""};
    }
    batch.end = true;
    push(std::move(batch));
  } catch (...) {
    std::lock_guard lock(mu_);
    error_ = std::current_exception();
    cv_.notify_all();
  }
  std::vector<Garbage> late;
  std::lock_guard lock(mu_);
  finished_ = true;
  late.swap(garbage_);  // freed after the lock is released (declared first, destroyed last)
}

// Encryption is half of this thread's work and the writer can do it too (at place time, for the
// rows it creates). The reader takes it on only while the writer has batches waiting, so that
// the two threads share the work whichever of them is the slower one on this file and machine.
bool MemberRowReader::writer_is_behind() {
  std::lock_guard lock(mu_);
  return queue_.size() >= kMaxQueued / 2;
}

void MemberRowReader::encode(ParsedBatch& batch, const std::string& now) const {
  for (ParsedRow& row : batch.rows) {
    if (row.errors.empty()) row.encoded = setup_.members.encode_new(row.fields, row.id_hash, setup_.batch_id, now);
  }
}

ParsedRow MemberRowReader::parse(const std::vector<std::string_view>& rec, int64_t line,
                                 domain::MemberDraft& draft) const {
  ParsedRow row;
  row.line = line;
  row.org_key = cell(layout_.header, rec, kOrgCode);
  fill_member_draft(draft, layout_.header, rec);
  domain::MemberValidation v = domain::validate_member(draft, setup_.today, setup_.rules);
  for (auto& e : v.errors) {
    std::string value = error_value(e.field, raw_cell(layout_.header, rec, e.field));
    row.errors.push_back(RowError{line, std::move(e.field), std::move(e.code), std::move(e.message), std::move(value)});
  }
  if (!row.errors.empty()) return row;
  row.raw_id = raw_cell(layout_.header, rec, "id_number");
  row.id_hash = setup_.members.id_hash(v.fields.id_number);
  row.fields = std::move(v.fields);
  return row;
}

}  // namespace lianxin::modules::io
