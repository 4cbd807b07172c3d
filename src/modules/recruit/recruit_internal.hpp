// Internal to the recruit module: storage of cases and step records, the step facts (input, stored
// JSON, engine records) and the JSON of the engine's results.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "db/database.hpp"
#include "domain/field_error.hpp"
#include "domain/recruitment.hpp"
#include "modules/recruit/recruit_service.hpp"

namespace lianxin::modules::recruit::detail {

// ---- storage (recruit_repo.cpp)
extern const char* const kCaseColumns;  // c.<columns> in CaseRecord order
CaseRecord case_from_row(const db::Row& r);
std::optional<CaseRecord> case_by_id(db::Tx& tx, int64_t id);
int64_t insert_case(db::Tx& tx, const CaseRecord& c);
// Stores the evaluation columns and bumps the version; false when `version` is stale.
bool update_case_status(db::Tx& tx, const CaseRecord& c, int64_t version);
std::vector<StepRow> steps_of(db::Tx& tx, int64_t case_id);
extern const char* const kStepColumns;  // s.<columns> in StepRow order
StepRow step_from_row(const db::Row& r);
int64_t insert_step(db::Tx& tx, const StepRow& s);

// ---- step facts (recruit_facts.cpp)
// A step record as sent: what the engine needs plus the stored facts (normalized JSON).
struct StepInput {
  std::optional<int> step;
  std::optional<std::string> date;
  std::optional<int64_t> corrects;
  std::optional<std::string> correction_reason;
  std::optional<int64_t> version;
  std::optional<int64_t> approver_org_id;
  std::vector<std::optional<int64_t>> people_member_ids;  // parallel to facts["people"]
  boost::json::object facts;  // people (name, member_id, role), documents, passed, training_days, ...
};
// Reads the body; type and range errors are collected in `errs` (field names as sent:
// "people[0].name", "attendance.present", ...).
StepInput parse_step_input(const boost::json::object& body, std::vector<domain::FieldError>& errs);
// The engine's view of a stored record.
domain::StepRecord to_step_record(int step, domain::Date date, const boost::json::object& facts);
// The engine's view of a case from its active records (those no later record corrects).
domain::RecruitCase to_case(const CaseRecord& c, const std::vector<StepRow>& active, const domain::RecruitPack& pack);
// Records no other record corrects, in id order.
std::vector<StepRow> active_steps(const std::vector<StepRow>& all);

// ---- JSON of engine results (recruit_json.cpp)
boost::json::object finding_json(const domain::Finding& f);
boost::json::array findings_json(const std::vector<domain::Finding>& fs);
boost::json::object due_json(const domain::DueItem& d, const domain::RecruitPack& pack);
boost::json::object evaluation_json(const domain::CaseStatus& st, const domain::RecruitPack& pack);
boost::json::object vote_json(const domain::VoteResult& v);
boost::json::object pack_summary_json(const domain::RecruitPack& p);
boost::json::object pack_full_json(const domain::RecruitPack& p);
std::string step_name(const domain::RecruitPack& pack, int step);

}  // namespace lianxin::modules::recruit::detail
