// 党费报表 (issue #6, the read side of the dues ledger): arrears per member and per organization,
// the six-consecutive-months-unpaid flag (R-F11, for the branch to decide; never a removal), the
// monthly and yearly collection reports rolled up over a subtree, the annual statement published
// to members, the upward remittance (R-F10) and the reconciliation of online payments. Read-only
// views over the ledger's tables (migration 10), except the recording of a remittance.
//
// How the ledger fills the tables is the contract of migration 10's design notes: one dues_items
// row per member and month (org_id = the branch whose period it is), due_fen after reductions,
// paid_fen = the allocations to that month, state unpaid | partial | paid | exempt | no_base.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "domain/date.hpp"
#include "http/api.hpp"
#include "http/json_body.hpp"
#include "http/pagination.hpp"
#include "modules/common/context.hpp"
#include "util/temp_file.hpp"

namespace lianxin::modules::dues {

struct ReportFile {
  std::string filename;
  std::shared_ptr<util::TempFile> file;
  int64_t rows = 0;
};

class DuesReportService {
public:
  explicit DuesReportService(ModuleContext& ctx) : ctx_(ctx) {}

  // Members with arrears in the subtree (`org`, else the caller's scope): per member and branch
  // (the organization of the unpaid months), the number of months, first and last month and the
  // amount owed; ordered by organization path then member id, keyset paginated. A month is in
  // arrears when its item is unpaid or partly paid and the month has ended (dues_overdue) or its
  // period is closed. `min_months`: only members owing at least that many months.
  boost::json::object arrears_members(std::optional<int64_t> org, std::optional<int> min_months,
                                      const http::Scope& scope, const http::PageRequest& page);
  // The same arrears summed per direct child of the base organization (a row for the base's own
  // members, a total row equal to the sum of the rows).
  boost::json::object arrears_orgs(std::optional<int64_t> org, const http::Scope& scope);
  // R-F11: current members of the subtree (by their present organization) whose last
  // `dues.unpaid_flag_months` closed months are all unpaid, with the run's first month and length
  // (domain::unpaid_run), ordered by organization path then member id, keyset paginated.
  boost::json::object unpaid_flags(std::optional<int64_t> org, const http::Scope& scope, const http::PageRequest& page);

  // One month: members, due, paid, paid members, unpaid and rate per direct child (rolled up over
  // its subtree), the base's own row and the total.
  boost::json::object month_report(std::optional<int64_t> org, domain::YearMonth month, const http::Scope& scope);
  // A year: the same per child over the 12 months, and the subtree's total per month.
  boost::json::object year_report(std::optional<int64_t> org, int year, const http::Scope& scope);
  // 党费收缴、使用和管理情况公示: totals only (per month, collected, voluntary, remitted), no names.
  boost::json::object statement(std::optional<int64_t> org, int year, const http::Scope& scope);

  // R-F10: the share of `year`'s dues collected in the subtree of `org` to remit upward, its due
  // date and the remittances recorded.
  boost::json::object remittance(std::optional<int64_t> org, int year, const http::Scope& scope);
  // Records one remittance (dues.write); audited as dues.remit.
  boost::json::object record_remittance(http::JsonBody& body, const ChangeMeta& meta, const http::Scope& scope);

  // Online payments of the subtree against what they should be: paid payments whose allocations
  // do not add up, payments pending longer than `pending_hours` without a callback, callbacks with
  // an unknown reference or another amount, repeated callbacks.
  boost::json::object reconciliation(std::optional<int64_t> org, int pending_hours, const http::Scope& scope);

  // 党费收缴登记表: a member per row, 12 months of due and paid, totals. Audited (dues.export).
  ReportFile register_xlsx(std::optional<int64_t> org, int year, const ChangeMeta& meta, const http::Scope& scope);
  // The subtree summary: the year report's rows with the paid amount per month. Audited.
  ReportFile summary_xlsx(std::optional<int64_t> org, int year, const ChangeMeta& meta, const http::Scope& scope);

  ModuleContext& context() { return ctx_; }

private:
  ModuleContext& ctx_;
};

// "12.34" for 1234 fen (negative amounts keep their sign).
std::string yuan(int64_t fen);

}  // namespace lianxin::modules::dues
