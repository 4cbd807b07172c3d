#include "domain/transfer_rules.hpp"



#include "domain/text.hpp"

namespace lianxin::domain {

const TransferRulePack& TransferRulePack::defaults() {
  static const TransferRulePack p;
  return p;
}

namespace {

std::optional<int> parse_small_int(std::string_view s) {
  s = trim_spaces(s);
  if (s.empty() || s.size() > 4 || !all_digits(s)) return std::nullopt;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::optional<std::string> TransferRulePack::set(const std::string& key, const std::string& value) {
  struct IntKey {
    const char* key;
    int TransferRulePack::*field;
    int min, max;
  };
  static constexpr IntKey kInts[] = {
      {"transfer.letter_validity_days_default", &TransferRulePack::letter_validity_days_default, 1, 365},
      {"transfer.letter_validity_days_max", &TransferRulePack::letter_validity_days_max, 1, 365},
      {"transfer.letter_validity_days_max_cross_province", &TransferRulePack::letter_validity_days_max_cross_province, 1, 365},
      {"transfer.approval_timeout_days", &TransferRulePack::approval_timeout_days, 1, 365},
      {"transfer.stub_retention_years", &TransferRulePack::stub_retention_years, 1, 100},
      {"transfer.mobile_contact_months", &TransferRulePack::abroad_contact_months, 1, 24},
  };
  for (const auto& k : kInts) {
    if (key != k.key) continue;
    const auto v = parse_small_int(value);
    if (!v || *v < k.min || *v > k.max)
      return "参数 " + key + " 应为 " + std::to_string(k.min) + "–" + std::to_string(k.max) + " 的整数";
    const int before = this->*k.field;
    this->*k.field = *v;
    if (letter_validity_days_default > letter_validity_days_max) {
      this->*k.field = before;
      return "默认有效期不能超过最长有效期（" + std::to_string(letter_validity_days_max) + "天）";
    }
    return std::nullopt;
  }
  if (key == "transfer.six_month_boundary") {
    const std::string v(trim_spaces(value));
    if (v != "TRANSFER" && v != "CARD") return "参数 transfer.six_month_boundary 应为 TRANSFER 或 CARD";
    six_month_boundary_transfer = v == "TRANSFER";
    return std::nullopt;
  }
  if (key == "severity.R-T08") {
    const auto s = parse_severity(value);
    if (s != Severity::kBlock && s != Severity::kWarn) return "R-T08 的严重程度应为 BLOCK 或 WARN";
    validity_over_max = *s;
    return std::nullopt;
  }
  return "参数“" + key + "”不存在";
}

Date letter_last_valid_day(Date issued, int validity_days) { return add_days(issued, validity_days); }

bool letter_expired(Date issued, int validity_days, Date presented) {
  return presented > letter_last_valid_day(issued, validity_days);
}

std::optional<TransferFinding> check_letter_validity(int validity_days, bool cross_province, const TransferRulePack& pack) {
  if (validity_days < 1) return TransferFinding{"R-T08", Severity::kBlock, "介绍信有效期应至少为1天"};
  const int max = cross_province ? pack.letter_validity_days_max_cross_province : pack.letter_validity_days_max;
  if (validity_days <= max) return std::nullopt;
  return TransferFinding{"R-T08", pack.validity_over_max,
                         "介绍信有效期" + std::to_string(validity_days) + "天，超过本平台设定的最长" + std::to_string(max) +
                             "天（全国统一规定未查到，此为平台参数）"};
}

std::string capital_numeral(int n) {
  static const char* const kDigit[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
  static const char* const kUnit[] = {"", "拾", "佰", "仟"};
  if (n < 0 || n > 9999) return std::to_string(n);
  if (n == 0) return kDigit[0];
  const int digits[4] = {n / 1000, n / 100 % 10, n / 10 % 10, n % 10};
  std::string out;
  bool started = false, zero_pending = false;
  for (int i = 0; i < 4; ++i) {
    const int dg = digits[i];
    if (dg == 0) {
      if (started) zero_pending = true;
      continue;
    }
    if (zero_pending) out += kDigit[0];
    zero_pending = false;
    started = true;
    out += kDigit[dg];
    out += kUnit[3 - i];
  }
  return out;
}

std::string capital_digits(int n) {
  static const char* const kDigit[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
  if (n < 0) return std::to_string(n);
  std::string out;
  for (char c : std::to_string(n)) out += kDigit[c - '0'];
  return out;
}

TransferState outgoing_letter_state(TransferState stored, Date last_valid_day, Date today) {
  if (stored == TransferState::kIssued && today > last_valid_day) return TransferState::kExpired;
  return stored;
}

bool letter_reissue_allowed(TransferState shown) {
  return shown == TransferState::kIssued || transfer_transition_allowed(shown, TransferState::kIssued);
}

bool may_transfer_directly(const TransferOrg& org) {
  return org.can_transfer_directly || (org.can_approve_probationary && org.kind != "general_branch");
}

std::optional<size_t> transfer_node(const std::vector<TransferOrg>& chain) {
  for (size_t i = 0; i < chain.size(); ++i)
    if (may_transfer_directly(chain[i])) return i;
  return std::nullopt;
}

bool direct_path(const TransferOrg& sender, const TransferOrg& receiver) {
  return may_transfer_directly(sender) && may_transfer_directly(receiver);
}

namespace {
// Only committees act on a route; branches, 党总支 and 党小组 pass the case to their 党委.
bool acts_on_route(const TransferOrg& o) {
  return o.kind == "committee" || o.kind == "working_committee" || o.kind == "basic_committee" ||
         o.can_transfer_directly;
}
// Indexes of the acting orgs from just above the branch up to and including the node.
std::vector<size_t> acting_up_to(const std::vector<TransferOrg>& chain, size_t node) {
  std::vector<size_t> out;
  for (size_t i = 1; i <= node; ++i)
    if (acts_on_route(chain[i])) out.push_back(i);
  if (out.empty() || out.back() != node) out.push_back(node);  // the node acts even when it is the branch
  return out;
}
}  // namespace

TransferRoute transfer_route(const std::vector<TransferOrg>& sender_chain, const std::vector<TransferOrg>& receiver_chain) {
  TransferRoute route;
  const auto s = transfer_node(sender_chain);
  const auto r = transfer_node(receiver_chain);
  if (!s) route.unroutable = "sender";
  else if (!r) route.unroutable = "receiver";
  if (route.unroutable) return route;
  const auto up = acting_up_to(sender_chain, *s);
  const auto down = acting_up_to(receiver_chain, *r);
  if (up.size() == 1 && down.size() == 1 && direct_path(sender_chain[*s], receiver_chain[*r])) {
    route.direct = true;
    return route;
  }
  for (size_t i : up) route.hops.push_back({false, i, false});
  const bool shared_node = sender_chain[*s].id != 0 && sender_chain[*s].id == receiver_chain[*r].id;
  for (auto it = down.rbegin(); it != down.rend(); ++it) {
    if (shared_node && *it == *r) continue;  // the node passes the case down itself
    route.hops.push_back({true, *it, false});
  }
  if (route.hops.back().receiving_side && route.hops.back().chain_index == 0) route.hops.back().receives = true;
  else route.hops.push_back({true, 0, true});
  return route;
}

const char* transfer_state_code(TransferState s) {
  switch (s) {
    case TransferState::kDraft: return "DRAFT";
    case TransferState::kIssued: return "ISSUED";
    case TransferState::kInTransit: return "IN_TRANSIT";
    case TransferState::kReceived: return "RECEIVED";
    case TransferState::kAccepted: return "ACCEPTED";
    case TransferState::kReceiptReturned: return "RECEIPT_RETURNED";
    case TransferState::kRejected: return "REJECTED";
    case TransferState::kReturnedForCorrection: return "RETURNED_FOR_CORRECTION";
    case TransferState::kExpired: return "EXPIRED";
    case TransferState::kCancelled: return "CANCELLED";
  }
  return "DRAFT";
}

bool transfer_transition_allowed(TransferState from, TransferState to) {
  using S = TransferState;
  switch (from) {
    case S::kDraft: return to == S::kIssued || to == S::kCancelled;
    case S::kIssued:
      return to == S::kInTransit || to == S::kReceived || to == S::kExpired || to == S::kCancelled;
    case S::kInTransit:  // one more hop, or arrival
      return to == S::kInTransit || to == S::kReceived || to == S::kExpired || to == S::kCancelled ||
             to == S::kRejected || to == S::kReturnedForCorrection;
    case S::kReceived:
      return to == S::kAccepted || to == S::kRejected || to == S::kReturnedForCorrection || to == S::kExpired;
    case S::kReturnedForCorrection: return to == S::kIssued || to == S::kCancelled;
    case S::kAccepted: return to == S::kReceiptReturned;
    case S::kExpired: return to == S::kIssued;  // reissue (voids the old letter) or R-T09 certificate
    case S::kReceiptReturned:
    case S::kRejected:
    case S::kCancelled: return false;
  }
  return false;
}

bool sender_responsible(TransferState s) {
  return s != TransferState::kAccepted && s != TransferState::kReceiptReturned;
}

std::optional<TransferFinding> check_rejection(const std::string& reason_code, const std::string& reason_text) {
  if (!trim_spaces(reason_code).empty() && !trim_spaces(reason_text).empty()) return std::nullopt;
  return TransferFinding{"R-T05", Severity::kBlock, "不得无故拒转拒接：拒绝接收须选择原因并写明理由"};
}

TransferDeadline receipt_deadline(Date accepted, Date today, const TransferRulePack& pack) {
  const Date due = add_months(accepted, pack.receipt_within_months);
  return {due, today > due};
}

TransferDeadline approval_deadline(Date pending_since, Date today, const TransferRulePack& pack) {
  const Date due = add_days(pending_since, pack.approval_timeout_days);
  return {due, today > due};
}

YearMonth receiver_dues_from(YearMonth paid_through) {
  return paid_through.month >= 12 ? YearMonth{paid_through.year + 1, 1} : YearMonth{paid_through.year, paid_through.month + 1};
}

std::string capital_year_month(YearMonth ym) {
  return capital_digits(ym.year) + "年" + capital_numeral(ym.month) + "月";
}

GoingOut going_out_advice(int months_away, const TransferRulePack& pack) {
  if (months_away <= 0) return GoingOut::kNoTransfer;
  if (months_away > pack.transfer_min_months_away) return GoingOut::kTransfer;
  if (months_away == pack.transfer_min_months_away)
    return pack.six_month_boundary_transfer ? GoingOut::kTransfer : GoingOut::kCard;
  return GoingOut::kCard;
}

bool suggest_temporary_org(int members_together, const TransferRulePack& pack) {
  return members_together >= pack.group_out_min_members;
}

Date lost_contact_flag_from(Date last_org_life, std::optional<Date> last_dues, const TransferRulePack& pack) {
  const Date last = last_dues && *last_dues > last_org_life ? *last_dues : last_org_life;
  return add_months(last, pack.lost_contact_months);
}

Date removal_review_from(Date suspended, const TransferRulePack& pack) {
  return add_years(suspended, pack.removal_after_suspension_years);
}

Date abroad_review_from(Date abroad_since, const TransferRulePack& pack) {
  return add_days(add_years(abroad_since, pack.abroad_study_years), 1);
}

Date abroad_contact_due(Date last_contact, const TransferRulePack& pack) {
  return add_months(last_contact, pack.abroad_contact_months);
}

}  // namespace lianxin::domain
