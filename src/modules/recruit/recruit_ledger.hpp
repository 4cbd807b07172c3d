// 发展党员台账 (issue #5): the numbers the upper level asks for (cases by stage per organization,
// admitted and converted in a year, overdue cases), the ledger as an XLSX file (one row per case
// with the dates of the key steps), and a member's own case (GET /api/auth/me/recruitment).
// Read-only views over the recruit module's tables; the stage a case counts in is derived from
// the engine's stored evaluation (current_step), see ledger_stage().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "http/api.hpp"
#include "modules/common/context.hpp"
#include "modules/recruit/recruit_service.hpp"
#include "util/temp_file.hpp"

namespace lianxin::modules::recruit {

// The five ledger columns (the statistics' categories, not the pack's stage names).
enum class LedgerStage { kApplicant, kActivist, kTarget, kProbationary, kFull, kEnded };
// From the case's state and last step completed in order: 申请人 until step 3 (积极分子) is done,
// 积极分子 until step 7 (发展对象), 发展对象 until step 17 (上级党委审批) approves, 预备党员 until
// step 24 approves the conversion, then 已转正; rejected or cancelled cases are 已终止.
LedgerStage ledger_stage(const std::string& state, int current_step);
const char* ledger_stage_code(LedgerStage s);   // applicant, activist, target, probationary, full, ended
const char* ledger_stage_label(LedgerStage s);  // 申请人 ...

struct LedgerFile {
  std::string filename;
  std::shared_ptr<util::TempFile> file;
  int64_t rows = 0;
};

class RecruitLedger {
public:
  RecruitLedger(ModuleContext& ctx, RecruitService& svc) : ctx_(ctx), svc_(svc) {}

  // Counts per direct child of `org_id` (plus a row for cases held by the organization itself)
  // and a total row. Without org: the caller's scope root when there is one, else a row per root.
  // `year`: admitted (step 17 approved) / converted (step 24 approved) / applied in that year.
  boost::json::object ledger(std::optional<int64_t> org_id, int year, const http::Scope& scope);
  // Every case of the subtree, one row each; audited ("recruit.export").
  LedgerFile export_xlsx(std::optional<int64_t> org_id, int year, const ChangeMeta& meta, const http::Scope& scope);
  // The case linked to a member record (the latest one), as the member may see it: stage, dates
  // and what is due; no other person's name. {"case": null} when there is none.
  boost::json::object own_case(int64_t member_id);
  ModuleContext& context() { return ctx_; }

private:
  ModuleContext& ctx_;
  RecruitService& svc_;
};

}  // namespace lianxin::modules::recruit
