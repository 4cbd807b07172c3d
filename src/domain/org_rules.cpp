#include "domain/org_rules.hpp"

#include <stdexcept>

#include "domain/enums.hpp"
#include "domain/text.hpp"

namespace lianxin::domain {

namespace {

struct IntParam {
  const char* key;
  int OrgRulePack::*field;
  bool term_years;  // range from term_years_allowed (R-O09), not from min/max
  int min_months;
  int max_months;
};

constexpr IntParam kParams[] = {
    {"org.term_years.basic_committee", &OrgRulePack::term_years_basic_committee, true, 0, 0},
    {"org.term_years.general_branch", &OrgRulePack::term_years_general_branch, true, 0, 0},
    {"org.term_years.branch", &OrgRulePack::term_years_branch, true, 0, 0},
    {"org.term_years.village_community", &OrgRulePack::term_years_village_community, true, 0, 0},
    {"org.election_reminder_lead", &OrgRulePack::election_reminder_lead_months, false, 1, 12},
    {"org.election_request_lead", &OrgRulePack::election_request_lead_months, false, 1, 12},
    {"org.term_shift_max", &OrgRulePack::term_shift_max_months, false, 0, 12},
};

std::optional<int> parse_small_int(std::string_view s) {
  s = trim_spaces(s);
  if (s.empty() || s.size() > 3 || !all_digits(s)) return std::nullopt;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Severity and code of each rule: one table for evaluate_org and the catalog.
struct RuleDef {
  const char* rule_id;
  const char* severity;
  const char* code;
  const char* applies_to;
};
constexpr RuleDef kRules[] = {
    {"R-O01", "WARN", "branch.too_few_full_members", "branch"},
    {"R-O03", "WARN", "branch.too_many_members", "branch"},
    {"R-O06", "WARN", "branch.committee_required", "branch"},
    {"R-O09", "REMIND", "term.missing", "term"},
    {"R-O11", "WARN", "term.overdue", "term"},
    {"R-O12", "REMIND", "term.due_soon", "term"},
};

const RuleDef& rule(std::string_view rule_id) {
  for (const auto& r : kRules)
    if (rule_id == r.rule_id) return r;
  throw std::logic_error("unknown org rule " + std::string(rule_id));
}

OrgWarning warning(const char* rule_id, std::string message) {
  const RuleDef& r = rule(rule_id);
  return OrgWarning{r.rule_id, r.severity, r.code, std::move(message), {}};
}

void branch_warnings(const OrgFacts& f, const OrgRulePack& pack, std::vector<OrgWarning>& out) {
  const int64_t members = f.full_members + f.probationary_members;
  if (f.full_members < pack.branch_min_full_members) {
    auto w = warning("R-O01", "正式党员不足" + std::to_string(pack.branch_min_full_members) + "名，宜与其他单位组建联合党支部");
    w.data = {{"full_members", f.full_members}, {"min", int64_t{pack.branch_min_full_members}}};
    out.push_back(std::move(w));
  }
  if (members > pack.branch_max_members) {
    auto w = warning("R-O03", "党员人数超过" + std::to_string(pack.branch_max_members) + "名，可考虑分设党支部或成立党总支");
    w.data = {{"members", members}, {"max", int64_t{pack.branch_max_members}}};
    out.push_back(std::move(w));
  }
  if (f.full_members >= pack.committee_min_full_members && !f.has_committee) {
    auto w = warning("R-O06", "正式党员达到" + std::to_string(pack.committee_min_full_members) + "名，应设立支部委员会");
    w.data = {{"full_members", f.full_members}, {"min", int64_t{pack.committee_min_full_members}}};
    out.push_back(std::move(w));
  }
}

void term_warnings(const OrgFacts& f, Date today, const OrgRulePack& pack, std::vector<OrgWarning>& out) {
  if (!f.term_due) {
    out.push_back(warning("R-O09", "尚未登记本届委员会（书记）的任期"));
    return;
  }
  const Date due = *f.term_due;
  const int64_t days_left = due.days_since_epoch() - today.days_since_epoch();
  if (today > due) {
    auto w = warning("R-O11", "任期已于" + due.iso() + "届满，未按期换届");
    w.data = {{"due", due.iso()}, {"days_overdue", -days_left}};
    out.push_back(std::move(w));
  } else if (today >= add_months(due, -pack.election_reminder_lead_months)) {
    auto w = warning("R-O12", "任期将于" + due.iso() + "届满，请做好换届准备");
    w.data = {{"due", due.iso()}, {"days_left", days_left}};
    out.push_back(std::move(w));
  }
}

}  // namespace

const OrgRulePack& OrgRulePack::defaults() {
  static const OrgRulePack pack;
  return pack;
}

std::optional<std::string> OrgRulePack::set(const std::string& key, const std::string& value) {
  for (const auto& p : kParams) {
    if (key != p.key) continue;
    const auto v = parse_small_int(value);
    if (!v) return "参数" + key + "应为非负整数";
    if (p.term_years && !term_years_allowed(*v, *this))
      return "任期应为" + std::to_string(term_min_years) + "至" + std::to_string(term_max_years) + "年（党章第三十一条）";
    if (!p.term_years && (*v < p.min_months || *v > p.max_months))
      return "参数" + key + "应在" + std::to_string(p.min_months) + "至" + std::to_string(p.max_months) + "个月之间";
    this->*p.field = *v;
    return std::nullopt;
  }
  return "未知的组织规则参数：" + key;
}

std::optional<int> default_term_years(const std::string& kind, bool village_or_community, const OrgRulePack& pack) {
  const bool elected = kind == "basic_committee" || kind == "general_branch" || kind == "branch" ||
                       kind == "joint_branch";
  if (!elected) return std::nullopt;
  if (village_or_community) return pack.term_years_village_community;  // R-O10: beats the kind
  if (kind == "basic_committee") return pack.term_years_basic_committee;
  if (kind == "general_branch") return pack.term_years_general_branch;
  return pack.term_years_branch;
}

TermDates compute_term(Date elected, int years, const OrgRulePack& pack) {
  const Date due = add_years(elected, years);
  return TermDates{due, add_months(due, -pack.election_reminder_lead_months),
                   add_months(due, pack.term_shift_max_months), add_months(due, -pack.term_shift_max_months),
                   add_months(due, -pack.election_request_lead_months)};
}

bool term_years_allowed(int years, const OrgRulePack& pack) {
  return years >= pack.term_min_years && years <= pack.term_max_years;
}

std::vector<OrgRuleInfo> org_rule_catalog(const OrgRulePack& pack) {
  const std::string min_full = std::to_string(pack.branch_min_full_members);
  const std::string max_members = std::to_string(pack.branch_max_members);
  const std::string committee = std::to_string(pack.committee_min_full_members);
  const std::string lead = std::to_string(pack.election_reminder_lead_months);
  const std::string shift = std::to_string(pack.term_shift_max_months);
  const std::pair<const char*, std::pair<std::string, std::string>> texts[] = {
      {"R-O01", {"正式党员不足", "党支部正式党员不足" + min_full + "名，按规定宜与邻近单位组建联合党支部。"}},
      {"R-O03", {"党员人数过多", "党支部党员（含预备党员）超过" + max_members + "名，可考虑分设党支部或成立党总支。"}},
      {"R-O06", {"应设支部委员会", "正式党员达到" + committee + "名的党支部应设立支部委员会。"}},
      {"R-O09", {"未登记任期", "尚未登记本届委员会（或书记）的选举日期与任期。"}},
      {"R-O11", {"任期已届满", "本届任期已届满，未按期换届，应尽快组织换届选举；经批准延期的一般不超过" + shift + "个月。"}},
      {"R-O12", {"即将届满", "本届任期将在" + lead + "个月内届满，请提前做好换届准备。"}},
  };
  std::vector<OrgRuleInfo> out;
  for (const auto& [id, text] : texts) {
    const RuleDef& r = rule(id);
    out.push_back({r.rule_id, r.severity, r.code, text.first, text.second, r.applies_to});
  }
  return out;
}

std::vector<OrgWarning> evaluate_org(const OrgFacts& facts, Date today, const OrgRulePack& pack) {
  std::vector<OrgWarning> out;
  if (facts.dissolved) return out;
  if (org_kind_is_branch(facts.kind)) branch_warnings(facts, pack, out);
  if (default_term_years(facts.kind, facts.village_or_community, pack)) term_warnings(facts, today, pack, out);
  return out;
}

}  // namespace lianxin::domain
