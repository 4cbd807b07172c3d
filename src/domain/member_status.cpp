#include "domain/member_status.hpp"

#include "domain/text.hpp"

namespace lianxin::domain {

namespace {

constexpr EnumValue kExitKinds[] = {
    {"withdrawal", "退党除名"},          {"persuaded", "劝退除名"},   {"self_withdrawal", "自行脱党除名"},
    {"expulsion", "开除党籍"},           {"probation_cancelled", "取消预备党员资格"},
};

constexpr EnumValue kSuspensionGrounds[] = {
    {"lost_contact", "失去联系满6个月"},
    {"settled_abroad", "私自出国定居"},
    {"abroad_study", "出国学习研究超过5年未归"},
};

// The table. Order matters only for the UI (transitions_from lists them in this order).
constexpr StatusTransition kTransitions[] = {
    {"R-N03", "认定失联", "normal,mobile", "lost_contact", StatusKindList::kLostContactCase, true, false, false},
    {"R-F12", "停止党籍", "normal,mobile,lost_contact", "suspended", StatusKindList::kSuspensionGround, false, true, true},
    {"R-N02", "恢复正常（恢复联系/恢复党籍）", "lost_contact,suspended", "normal", StatusKindList::kNone, false, true, true},
    {"R-N06", "出党", "normal,mobile,lost_contact,suspended", "expelled", StatusKindList::kExitKind, false, true, true},
    {"R-N06", "死亡", "normal,mobile,lost_contact,suspended", "deceased", StatusKindList::kNone, false, false, false},
    // 流动 follows the 流动党员 record (its registration and return), so the two never disagree.
    {"R-N04", "登记为流动党员", "normal", "mobile", StatusKindList::kNone, false, false, false, "mobile", "流动党员页面的流出登记"},
    {"R-N04", "流动结束", "mobile", "normal", StatusKindList::kNone, false, false, false, "mobile", "流动党员页面的返回登记"},
    {"R-T01", "组织关系转出本平台", "normal,mobile", "transferred_out", StatusKindList::kNone, false, false, false, "transfer", "开具组织关系介绍信"},
    // A cancelled introduction letter puts the member back as before; only the letter can do it.
    {"R-T06", "撤销转出（介绍信作废）", "transferred_out", "normal", StatusKindList::kNone, false, false, true, "transfer", "撤销组织关系介绍信"},
    {"R-T06", "撤销转出（介绍信作废）", "transferred_out", "mobile", StatusKindList::kNone, false, false, true, "transfer", "撤销组织关系介绍信"},
};

constexpr StatusTable kTable{"member-status/2026.1", kTransitions};

bool listed(std::string_view csv, std::string_view code) {
  while (!csv.empty()) {
    const size_t comma = csv.find(',');
    if (csv.substr(0, comma) == code) return true;
    if (comma == std::string_view::npos) break;
    csv.remove_prefix(comma + 1);
  }
  return false;
}

std::string status_label(std::string_view code) {
  auto v = find_enum(member_statuses(), code);
  return v ? std::string(v->label) : std::string(code);
}

std::string with_rule(const std::string& message, std::string_view rule_id) {
  return message + "（" + std::string(rule_id) + "）";
}

}  // namespace

const MemberStatusRules& MemberStatusRules::defaults() {
  static const MemberStatusRules r;
  return r;
}

std::optional<std::string> MemberStatusRules::set(const std::string& key, const std::string& value) {
  if (key != "member.lost_contact_reasons") return "参数“" + key + "”不存在";
  std::vector<std::pair<std::string, std::string>> list;
  std::string_view rest = value;
  while (!rest.empty()) {
    const size_t semi = rest.find(';');
    std::string_view item = trim_spaces(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    if (item.empty()) continue;
    const size_t colon = item.find(':');
    if (colon == std::string_view::npos || trim_spaces(item.substr(0, colon)).empty() ||
        trim_spaces(item.substr(colon + 1)).empty())
      return "参数 member.lost_contact_reasons 的每一项应为“代码:名称”，以分号分隔";
    list.emplace_back(std::string(trim_spaces(item.substr(0, colon))), std::string(trim_spaces(item.substr(colon + 1))));
  }
  if (list.empty()) return "参数 member.lost_contact_reasons 至少需要一项";
  lost_contact_reasons = std::move(list);
  return std::nullopt;
}

const StatusTable& status_table() { return kTable; }

std::vector<const StatusTransition*> transitions_from(std::string_view from, std::string_view source) {
  std::vector<const StatusTransition*> out;
  for (const auto& t : kTransitions)
    if (listed(t.from, from) && (t.only_by.empty() || t.only_by == source)) out.push_back(&t);
  return out;
}

std::span<const EnumValue> exit_kinds() { return kExitKinds; }
std::span<const EnumValue> suspension_grounds() { return kSuspensionGrounds; }

std::string status_kind_label(std::string_view to_status, std::string_view kind, const MemberStatusRules& rules) {
  if (to_status == "lost_contact") {
    for (const auto& [code, label] : rules.lost_contact_reasons)
      if (code == kind) return label;
    return "";
  }
  std::span<const EnumValue> list = to_status == "suspended"  ? suspension_grounds()
                                    : to_status == "expelled" ? exit_kinds()
                                                              : std::span<const EnumValue>();
  for (const auto& v : list)
    if (v.code == kind) return std::string(v.label);
  return "";
}

std::optional<StatusReview> review_for(std::string_view status, const std::optional<std::string>& kind, Date effective,
                                       const std::optional<Date>& lost_since, const MemberStatusRules& rules) {
  if (status == "lost_contact") {
    const Date due = add_months(lost_since.value_or(effective), rules.lost_contact_months);
    return StatusReview{"suspension", "R-F12", due,
                        "失去联系满" + std::to_string(rules.lost_contact_months) + "个月（" + due.iso() +
                            "起），经多方寻找仍无法取得联系的，应研究是否停止党籍（R-F12）"};
  }
  if (status == "suspended" && kind.value_or("lost_contact") == "lost_contact") {
    const Date due = add_years(effective, rules.removal_after_suspension_years);
    return StatusReview{"removal", "R-F12", due,
                        "停止党籍满" + std::to_string(rules.removal_after_suspension_years) + "年（" + due.iso() +
                            "起），仍无法取得联系的，应研究是否按自行脱党予以除名（R-F12）"};
  }
  return std::nullopt;
}

StatusDecision check_status_change(const StatusRequest& r, const MemberStatusRules& rules) {
  StatusDecision d;
  auto st = find_enum(member_statuses(), r.to);
  if (!st) {
    d.errors.push_back({"status", "status.invalid", "党员状态无效"});
    return d;
  }
  d.to = std::string(st->code);
  if (d.to == r.from) {
    d.errors.push_back({"status", "status.unchanged", "党员状态未发生变化"});
    return d;
  }
  const StatusTransition* elsewhere = nullptr;  // allowed, but only through another module
  for (const auto& t : kTransitions) {
    if (t.to != d.to || !listed(t.from, r.from)) continue;
    if (t.only_by.empty() || t.only_by == r.source) d.transition = &t;
    else elsewhere = &t;
  }
  if (!d.transition && elsewhere) {
    d.errors.push_back({"status", "STATUS-FLOW",
                        with_rule("“" + std::string(elsewhere->name) + "”须通过" + std::string(elsewhere->via) + "办理",
                                  elsewhere->rule_id)});
    return d;
  }
  if (!d.transition) {
    d.errors.push_back({"status", "STATUS-FLOW",
                        with_rule("党员状态不能从“" + status_label(r.from) + "”变更为“" + status_label(d.to) + "”",
                                  "STATUS-FLOW")});
    return d;
  }
  const StatusTransition& t = *d.transition;
  auto need = [&](const char* field, const std::string& what) {
    d.errors.push_back({field, std::string(t.rule_id), with_rule(std::string(t.name) + "须填写" + what, t.rule_id)});
  };
  auto present = [](const std::optional<std::string>& s) { return s && !trim_spaces(*s).empty(); };

  // The case code, from the list the transition uses.
  if (t.kind != StatusKindList::kNone) {
    const char* what = t.kind == StatusKindList::kLostContactCase    ? "失去联系情形"
                       : t.kind == StatusKindList::kSuspensionGround ? "停止党籍的情形"
                                                                     : "出党方式";
    if (!present(r.kind)) {
      need("kind", what);
    } else {
      const std::string k(trim_spaces(*r.kind));
      if (t.kind == StatusKindList::kLostContactCase) {
        for (const auto& [code, label] : rules.lost_contact_reasons)
          if (k == code || k == label) d.kind = code;
      } else {
        auto v = find_enum(t.kind == StatusKindList::kExitKind ? exit_kinds() : suspension_grounds(), k);
        if (v) d.kind = std::string(v->code);
      }
      if (!d.kind)
        d.errors.push_back({"kind", std::string(t.rule_id), with_rule(std::string(what) + "“" + k + "”不在代码表中", t.rule_id)});
    }
  }
  if (t.needs_approver && !present(r.approver)) need("approver", "审批组织或批准人");
  if (t.needs_reason && !present(r.reason)) need("reason", "原因或决定文号");
  if (r.since && *r.since > r.effective)
    d.errors.push_back({"lost_since", std::string(t.rule_id),
                        with_rule("失去联系日期（或出国日期）不能晚于生效日期", t.rule_id)});

  // 失联: the date contact was lost is part of the record (members.md §1 item 15).
  if (d.to == "lost_contact") {
    if (!r.since) need("lost_since", "失去联系日期");
    d.lost_since = r.since;
  }

  // 停止党籍 (R-F12): only after 6 months lost, or on the abroad grounds.
  if (d.to == "suspended" && d.kind) {
    if (*d.kind == "lost_contact") {
      const auto since = r.since ? r.since : r.lost_since_on_record;
      if (!since) {
        d.errors.push_back({"lost_since", "R-F12", "因失去联系停止党籍，须有失去联系日期（R-F12）"});
      } else {
        d.lost_since = since;
        const Date from = add_months(*since, rules.lost_contact_months);
        if (r.effective < from)
          d.errors.push_back({"effective_date", "R-F12",
                              "失去联系未满" + std::to_string(rules.lost_contact_months) + "个月（自" + since->iso() +
                                  "起，" + from.iso() + "满），不能停止党籍（R-F12）"});
      }
    } else if (*d.kind == "abroad_study") {
      if (!r.since) {
        d.errors.push_back({"lost_since", "R-F12", "因出国学习研究未归停止党籍，须填写出国日期（R-F12）"});
      } else {
        d.lost_since = r.since;
        const Date from = add_days(add_years(*r.since, rules.abroad_study_years), 1);
        if (r.effective < from)
          d.errors.push_back({"effective_date", "R-F12",
                              "出国学习研究未超过" + std::to_string(rules.abroad_study_years) + "年（自" +
                                  r.since->iso() + "起，" + from.iso() + "起方超过），不能停止党籍（R-F12）"});
      }
    }
  }

  // 出党 checks by kind.
  if (d.to == "expelled" && d.kind) {
    if (*d.kind == "probation_cancelled" && r.category != "probationary")
      d.errors.push_back({"kind", "R-D22", "只有预备党员才能取消预备党员资格（R-D22）"});
    if (*d.kind == "self_withdrawal" && r.from == "suspended" && r.suspended_on) {
      const Date from = add_years(*r.suspended_on, rules.removal_after_suspension_years);
      if (r.effective < from)
        d.errors.push_back({"effective_date", "R-F12",
                            "停止党籍未满" + std::to_string(rules.removal_after_suspension_years) + "年（" +
                                r.suspended_on->iso() + "停止党籍，" + from.iso() + "满），不能按自行脱党除名（R-F12）"});
    }
  }
  if (d.ok()) d.review = review_for(d.to, d.kind, r.effective, d.lost_since, rules);
  return d;
}

}  // namespace lianxin::domain
