// Organization rules (organization.md): term lengths and due dates (R-O09..R-O12), and the
// structured warnings an organization carries (R-O01, R-O03, R-O06, R-O12). The numbers live in
// an OrgRulePack (data, not code) so a deployment can change them through configuration.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/date.hpp"

namespace lianxin::domain {

struct OrgRulePack {
  std::string id = "org/2018任期意见";
  int branch_min_full_members = 3;        // R-O01 / R-O06: a branch needs >= 3 full members
  int branch_max_members = 50;            // R-O03: a branch generally has <= 50 members (incl. probationary)
  int committee_min_full_members = 7;     // R-O06: >= 7 full members -> 支部委员会 required
  int term_years_basic_committee = 5;     // R-O10 org.term_years.basic_committee
  int term_years_general_branch = 3;      // R-O10 org.term_years.general_branch
  int term_years_branch = 3;              // R-O10 org.term_years.branch
  int term_years_village_community = 5;   // R-O10 org.term_years.village_community
  int term_min_years = 3;                 // R-O09 org.term_allowed_range (党章 §31)
  int term_max_years = 5;
  int election_reminder_lead_months = 6;  // R-O12 org.election_reminder_lead
  int election_request_lead_months = 1;   // R-O12.a org.election_request_lead [LOCAL]
  int term_shift_max_months = 12;         // R-O11 org.term_shift_max

  static const OrgRulePack& defaults();
  // Applies "org.term_years.branch=4"-style overrides; returns an error message (Chinese) for an
  // unknown key or a value outside the allowed range (a term outside 3..5 years is rejected).
  // Keys: org.term_years.{basic_committee,general_branch,branch,village_community} (years),
  // org.election_reminder_lead, org.election_request_lead (1..12 months), org.term_shift_max
  // (0..12 months: the regulation allows at most one year, a deployment may only tighten it).
  std::optional<std::string> set(const std::string& key, const std::string& value);
};

// Default term length in years for an organization kind (kind codes from enums.hpp); nullopt for
// kinds without elected terms (party_group, committees above the grassroots, temporary branch).
std::optional<int> default_term_years(const std::string& kind, bool village_or_community, const OrgRulePack& pack);

struct TermDates {
  Date due;             // elected + years (month-end clamp)
  Date reminder_from;   // due - reminder lead
  Date latest_delay;    // due + 12 months (with approval)
  Date earliest_advance;// due - 12 months (with approval)
  Date request_from;    // due - request lead: the branch submits its 换届请示 (R-O12.a)
};
TermDates compute_term(Date elected, int years, const OrgRulePack& pack);
// Validates a configured or requested term length against the allowed range (R-O09).
bool term_years_allowed(int years, const OrgRulePack& pack);

using WarningValue = std::variant<int64_t, std::string>;

struct OrgWarning {
  std::string rule_id;   // "R-O03"
  std::string severity;  // "WARN" | "REMIND" | "BLOCK"
  std::string code;      // stable: "branch.too_few_full_members", "branch.too_many_members",
                         // "branch.committee_required", "term.due_soon", "term.overdue", "term.missing"
  std::string message;   // Chinese explanation
  std::map<std::string, WarningValue> data;  // the numbers behind it
};

struct OrgFacts {
  std::string kind;
  bool village_or_community = false;
  bool dissolved = false;
  int64_t full_members = 0;          // current members of this organization itself
  int64_t probationary_members = 0;
  bool has_committee = false;        // a current committee term is recorded
  std::optional<Date> term_due;      // due date of the current term, if any
};

// What each warning rule means, for people: the catalog GET /api/codes publishes, so that clients
// show the same titles and explanations the server's rules use (thresholds taken from `pack`).
struct OrgRuleInfo {
  std::string rule_id;      // "R-O03"
  std::string severity;     // the severity its warnings carry
  std::string code;         // OrgWarning::code
  std::string title;        // short Chinese title: "党员人数过多"
  std::string explanation;  // one Chinese sentence: what the rule requires and what to do
  std::string applies_to;   // "branch" (branch kinds) | "term" (kinds with elected terms)
};
// In rule-id order; every rule evaluate_org can raise is in it.
std::vector<OrgRuleInfo> org_rule_catalog(const OrgRulePack& pack = OrgRulePack::defaults());

// Warnings for one organization on `today`, in rule-id order. Dissolved organizations have none.
// Branch kinds: fewer than 3 full members (R-O01), more than 50 members (R-O03), 7+ full members
// and no committee (R-O06), all WARN. Kinds with terms: no current term recorded (R-O09,
// term.missing, REMIND), overdue after the due date (R-O11, WARN; pass the approved delayed date
// as term_due when a delay was approved), or due within the reminder lead (R-O12, REMIND).
std::vector<OrgWarning> evaluate_org(const OrgFacts& facts, Date today, const OrgRulePack& pack = OrgRulePack::defaults());

}  // namespace lianxin::domain
