#include "domain/mobile_rules.hpp"

#include "domain/enums.hpp"

namespace lianxin::domain {

BranchTie branch_tie(int64_t branch_id, int64_t home_branch_id, std::optional<int64_t> active_card_host_id) {
  if (branch_id == home_branch_id) return BranchTie::kHome;
  if (active_card_host_id && *active_card_host_id == branch_id) return BranchTie::kCardHost;
  return BranchTie::kNone;
}

VoterStanding standing_at(VoterStanding base, BranchTie tie) {
  base.activity_card_guest = tie == BranchTie::kCardHost;
  return base;
}

BranchRights rights_at(const VoterStanding& base, BranchTie tie, const VoteParams& p) {
  BranchRights r;
  if (tie == BranchTie::kNone) {
    r.note = "不是本党支部党员，也未持《流动党员活动证》在本党支部参加组织生活";
    r.rule_id = "R-M01";
    return r;
  }
  const VoterStanding s = standing_at(base, tie);
  // Attendance follows the rights matrix: everyone current attends, 停止党籍 does not (by default).
  r.attends = status_is_current(s.status) && !(s.status == "suspended" && p.exclude_suspended_membership) &&
              !s.rights_suspended;
  r.may_vote = has_voting_right(s, p);
  r.counted_in_n = r.may_vote;  // N counts exactly those with 表决权 at this branch
  if (r.may_vote) {
    r.note = tie == BranchTie::kHome ? "本党支部正式党员：计入应到会人数，有表决权" : "";
  } else if (tie == BranchTie::kCardHost && is_full_member_in_good_standing(s, p)) {
    r.rule_id = "R-M01";
    r.note = "持《流动党员活动证》在流入地参加组织生活：可参加会议，无表决权、选举权和被选举权，不计入应到会人数；在原党支部计入并可表决";
  } else if (s.category != "full") {
    r.rule_id = "R-N01";
    r.note = "预备党员没有表决权、选举权和被选举权";
  } else {
    r.rule_id = "R-N05";
    r.note = "当前党员状态或纪律处分下没有表决权";
  }
  return r;
}

std::optional<MobileFinding> check_card_duration(int expected_months, const TransferRulePack& pack) {
  if (going_out_advice(expected_months, pack) != GoingOut::kTransfer) return std::nullopt;
  const bool boundary = expected_months == pack.transfer_min_months_away;
  return MobileFinding{
      "R-T02", Severity::kBlock,
      "外出" + std::to_string(expected_months) + "个月" +
          (boundary ? "（6个月含本数，按平台参数 transfer.six_month_boundary=TRANSFER）" : "") +
          "且地点相对固定，应当转接组织关系，而不是办理《流动党员活动证》（R-T02）"};
}

std::optional<MobileFinding> check_group_out(int together, const TransferRulePack& pack) {
  if (!suggest_temporary_org(together, pack)) return std::nullopt;
  return MobileFinding{"R-M02", Severity::kRemind,
                       "本党支部已有" + std::to_string(together) +
                           "名党员同期外出到同一地点，建议成立临时党支部或党小组（R-M02）"};
}

Date expected_end(Date start, int expected_months) { return add_months(start, expected_months); }

bool periods_overlap(Date a_start, Date a_end, Date b_start, Date b_end) {
  return !(a_end < b_start) && !(b_end < a_start);
}

Date contact_due(Date last_contact, const TransferRulePack& pack) {
  return add_months(last_contact, pack.abroad_contact_months);
}

bool contact_overdue(Date last_contact, Date today, const TransferRulePack& pack) {
  return today > contact_due(last_contact, pack);
}

}  // namespace lianxin::domain
