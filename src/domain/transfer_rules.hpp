// 组织关系转接 rules that need no storage (transfer.md §1, §3, §4, §5, §6): letter validity, who may
// send directly, who is responsible until acceptance, receipt and approval deadlines, the case
// state machine, dues hand-over month, capital numerals on the letter, and the 失联 / 停止党籍 /
// mobile-member review dates. [UNCONFIRMED] values are parameters of TransferRulePack with the
// documented defaults. Decisions by a party body are never automatic: these functions only flag.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/rule_pack.hpp"

namespace lianxin::domain {

struct TransferRulePack {
  std::string id = "member/2019教育管理条例";
  int letter_validity_days_default = 30;             // transfer.letter_validity_days_default [UNCONFIRMED]
  int letter_validity_days_max = 90;                 // transfer.letter_validity_days_max [UNCONFIRMED]
  int letter_validity_days_max_cross_province = 90;  // transfer.letter_validity_days_max_cross_province [UNCONFIRMED]
  Severity validity_over_max = Severity::kBlock;     // R-T08: BLOCK, or WARN if the deployment relaxes it
  int approval_timeout_days = 30;                    // transfer.approval_timeout_days (R-T13) [UNCONFIRMED]
  int receipt_within_months = 1;                     // R-T07 [SEC]
  int stub_retention_years = 10;                     // transfer.stub_retention_years (R-T12) [LOCAL]
  int transfer_min_months_away = 6;                  // R-T02 (以上 includes 6)
  bool six_month_boundary_transfer = true;           // transfer.six_month_boundary: TRANSFER (true) | CARD
  int lost_contact_months = 6;                       // R-N03 / R-F12
  int removal_after_suspension_years = 2;            // R-F12
  int abroad_study_years = 5;                        // R-F12: "> 5 years"
  int abroad_contact_months = 6;                     // R-M04, transfer.mobile_contact_months [SEC]
  int group_out_min_members = 3;                     // R-M02: 3 or more → temporary branch / 党小组

  static const TransferRulePack& defaults();
  // "transfer.letter_validity_days_max=180"-style overrides; Chinese error for an unknown key or a
  // bad value. Keys: transfer.letter_validity_days_default, transfer.letter_validity_days_max,
  // transfer.letter_validity_days_max_cross_province, transfer.approval_timeout_days,
  // transfer.stub_retention_years (1..100 days/years), transfer.mobile_contact_months (1..24),
  // transfer.six_month_boundary (TRANSFER|CARD),
  // severity.R-T08 (BLOCK|WARN).
  std::optional<std::string> set(const std::string& key, const std::string& value);
};

struct TransferFinding {
  std::string rule_id;  // "R-T08"
  Severity severity = Severity::kBlock;
  std::string message;  // Chinese
};

// ---- the letter (R-T06, R-T08, R-T09) ----
// Last valid day = issue date + validity days, inclusive: issued 2025-03-01 for 30 days → 2025-03-31.
Date letter_last_valid_day(Date issued, int validity_days);
bool letter_expired(Date issued, int validity_days, Date presented);  // presented after the last valid day
// Validity entered on a new letter: 1..max (cross-province max when the letter leaves the province).
std::optional<TransferFinding> check_letter_validity(int validity_days, bool cross_province,
                                                     const TransferRulePack& pack = TransferRulePack::defaults());
// Capital numerals (大写) for validity days and the paid-through month: 30 → 叁拾, 15 → 壹拾伍, 7 → 柒,
// 3 → 叁 (formatting [UNCONFIRMED]); 0..9999.
std::string capital_numeral(int n);
// A year written digit by digit, as on the printed form: 2025 → 贰零贰伍.
std::string capital_digits(int n);

// ---- who may send (R-T03, R-T10) ----
struct TransferOrg {
  std::string kind;                       // org kind code (enums.hpp)
  bool can_approve_probationary = false;  // a 基层党委 with approval power: direct, nationwide (since 2019)
  bool can_transfer_directly = false;     // 县级以上组织部 and the other pre-2019 direct nodes
  int64_t id = 0;                         // identifies the org when two chains share an ancestor
};
bool may_transfer_directly(const TransferOrg& org);
// The org that sends (or receives) for a member's branch: the first in `chain` (the branch, its
// parent, ... up to the root) that may transfer directly; nullopt when none does. Everything
// below it routes 逐级 through it.
std::optional<size_t> transfer_node(const std::vector<TransferOrg>& chain);
// Direct path between two nodes when both may transfer directly (R-T03); otherwise multi-hop.
bool direct_path(const TransferOrg& sender, const TransferOrg& receiver);

// The route of a case between two branches (R-T03, R-T10, transfer.md §3 multi-hop example).
// Chains run from the branch (index 0) up to the root. The organizations that act are the
// committees (党委 / 工委 / 基层党委) between each branch and its transfer_node, and the nodes
// themselves; a 党总支 never acts (it routes via its 党委). Direct when on both sides the branch's
// first committee is the node: the existing flow (the sending side approves, the receiving branch
// accepts). Otherwise multi-hop (逐级): the sending committees upwards to the sending node, the
// receiving node, the receiving committees downwards (a shared node once), then the receiving
// branch, which accepts. Un-routable when a side has no node (R-T10).
struct TransferHop {
  bool receiving_side = false;  // which chain chain_index points into
  size_t chain_index = 0;
  bool receives = false;        // the last hop: the receiving branch accepts or refuses
};
struct TransferRoute {
  std::optional<std::string> unroutable;  // "sender" | "receiver": that side has no node
  bool direct = false;
  std::vector<TransferHop> hops;          // multi-hop only
};
TransferRoute transfer_route(const std::vector<TransferOrg>& sender_chain, const std::vector<TransferOrg>& receiver_chain);

// ---- case states (transfer.md §3) ----
enum class TransferState {
  kDraft, kIssued, kInTransit, kReceived, kAccepted, kReceiptReturned,
  kRejected, kReturnedForCorrection, kExpired, kCancelled,
};
const char* transfer_state_code(TransferState s);
bool transfer_transition_allowed(TransferState from, TransferState to);
// R-T04: the sending organization stays responsible (education, dues, org life) until ACCEPTED.
bool sender_responsible(TransferState s);
// R-T05: a refusal needs a reason code and a text.
std::optional<TransferFinding> check_rejection(const std::string& reason_code, const std::string& reason_text);
// Letters leaving the instance (R-T06, R-T08): the state a stored letter shows on `today`. An
// issued letter without its receipt is EXPIRED after its last valid day (the date it is presented
// is not known to the sender; the day it is read stands for it).
TransferState outgoing_letter_state(TransferState stored, Date last_valid_day, Date today);
// A letter may be reissued (voiding the previous one, R-T06) while it is out and not yet receipted:
// lost, wrong, or expired (R-T09 alternative: a certificate from the branch).
bool letter_reissue_allowed(TransferState shown);

// ---- deadlines ----
struct TransferDeadline {
  Date due;
  bool overdue = false;  // today > due
};
// R-T07: receipt within one month of acceptance: accepted 2025-05-10 → 2025-06-10; 06-11 overdue.
TransferDeadline receipt_deadline(Date accepted, Date today, const TransferRulePack& pack = TransferRulePack::defaults());
// R-T13: approval pending since D → D + timeout days; overdue the day after.
TransferDeadline approval_deadline(Date pending_since, Date today,
                                   const TransferRulePack& pack = TransferRulePack::defaults());

// R-T14: the receiving branch collects dues from the month after the letter's paid-through month.
YearMonth receiver_dues_from(YearMonth paid_through);
// 党费交到 on the letter: {2025, 3} → 贰零贰伍年叁月.
std::string capital_year_month(YearMonth ym);

// ---- going out (R-T02, R-M01, R-M02) ----
enum class GoingOut { kNoTransfer, kCard, kTransfer };
// Months at a relatively fixed place away: < 6 → 活动证 (R-M01); > 6 → transfer; exactly 6 →
// transfer by default (transfer.six_month_boundary).
GoingOut going_out_advice(int months_away, const TransferRulePack& pack = TransferRulePack::defaults());
// R-M02: members of one branch going out together for one place: suggest a temporary branch or 党小组.
bool suggest_temporary_org(int members_together, const TransferRulePack& pack = TransferRulePack::defaults());

// ---- review flags (R-N03, R-F12, R-M04): dates from which the org should look at the case ----
// 失联: from the later of last org life and last dues + 6 months.
Date lost_contact_flag_from(Date last_org_life, std::optional<Date> last_dues,
                            const TransferRulePack& pack = TransferRulePack::defaults());
// 除名 review: 2 years after 停止党籍 was decided.
Date removal_review_from(Date suspended, const TransferRulePack& pack = TransferRulePack::defaults());
// Abroad for study/research more than 5 years without returning: from the day after the 5 years.
Date abroad_review_from(Date abroad_since, const TransferRulePack& pack = TransferRulePack::defaults());
// Members abroad for study: contact at least every 6 months.
Date abroad_contact_due(Date last_contact, const TransferRulePack& pack = TransferRulePack::defaults());

}  // namespace lianxin::domain
