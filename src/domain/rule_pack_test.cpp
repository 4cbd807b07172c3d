// Recruitment rule packs: the shape of recruit/2014细则 and recruit/2026修订 (recruitment.md §1,
// §2, §4), lookup, and deriving local packs (shared/domain/README.md "Pack handling").
#include "domain/rule_pack.hpp"

#include <gtest/gtest.h>

#include <set>

namespace lianxin::domain {
namespace {

TEST(RulePack, NationalPackHasFiveStagesAndTwentyFiveOrderedSteps) {
  const auto& p = recruit_pack_2014();
  EXPECT_EQ(p.id, "recruit/2014细则");
  EXPECT_EQ(p.doc_no, "中办发〔2014〕33号");
  EXPECT_EQ(p.status, PackStatus::kInForce);
  ASSERT_EQ(p.stages.size(), 5u);
  ASSERT_EQ(p.steps.size(), 25u);
  std::set<std::string> codes;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    EXPECT_EQ(p.steps[i].no, static_cast<int>(i) + 1);
    EXPECT_GE(p.steps[i].stage, 1);
    EXPECT_LE(p.steps[i].stage, 5);
    if (i > 0) {
      EXPECT_GE(p.steps[i].stage, p.steps[i - 1].stage);
    }
    EXPECT_FALSE(p.steps[i].name.empty());
    EXPECT_TRUE(codes.insert(p.steps[i].code).second) << p.steps[i].code;
  }
  EXPECT_EQ(p.step(1)->name, "递交入党申请书");
  EXPECT_EQ(p.step("target")->no, 7);
  EXPECT_EQ(p.step(15)->stage, 4);
  EXPECT_EQ(p.step(25)->name, "材料归档");
  // Which step needs what.
  ASSERT_TRUE(p.step(5)->people);
  EXPECT_EQ(p.step(5)->people->min, 1);
  EXPECT_EQ(p.step(5)->people->max, 2);
  EXPECT_EQ(p.step(9)->people->min, 2);
  EXPECT_EQ(p.step(9)->people->max, 2);
  EXPECT_EQ(p.step(10)->result, StepResult::kConclusion);
  EXPECT_EQ(p.step(15)->result, StepResult::kVote);
  EXPECT_EQ(p.step(16)->gate_rule, "R-D16");
  EXPECT_EQ(p.step(25)->documents.size(), 5u);  // R-D27
}

TEST(RulePack, EveryRuleHasAnIdAKindAndAnExplanation) {
  for (const RecruitPack* p : builtin_recruit_packs()) {
    std::set<std::string> codes;
    for (const auto& r : p->rules) {
      EXPECT_TRUE(r.rule_id.starts_with("R-D")) << r.code;
      EXPECT_TRUE(codes.insert(r.code).second) << r.code;
      EXPECT_FALSE(r.explain.empty()) << r.code;
      EXPECT_FALSE(r.tag.empty()) << r.code;
      for (const auto& param : r.params) {
        EXPECT_FALSE(param.tag.empty()) << param.key;
        EXPECT_GE(param.value, param.min) << param.key;
        EXPECT_LE(param.value, param.max) << param.key;
      }
    }
  }
}

// [LOCAL] rules are parameters with defaults, never national law: OFF in the national pack.
TEST(RulePack, LocalRulesAreOffInTheNationalPack) {
  const auto& p = recruit_pack_2014();
  for (const auto& r : p.rules) {
    if (r.tag == "LOCAL") {
      EXPECT_EQ(r.severity, Severity::kOff) << r.code;
    }
  }
  EXPECT_EQ(p.param("recruit.min_months_application_to_activist")->value, 6);
  EXPECT_EQ(p.param("recruit.notice.working_days")->value, 5);
  EXPECT_EQ(p.param("recruit.notice.points")->text(), "target,probationary,conversion");
  EXPECT_EQ(p.param("recruit.thought_report_period")->text(), "quarter");
  EXPECT_EQ(p.param("recruit.political_review_valid_months")->value, 12);
  EXPECT_EQ(p.param("recruit.resubmit_wait_months")->value, 6);
  EXPECT_EQ(p.param("recruit.archive_days")->value, 7);
  EXPECT_EQ(p.param("age.reached_on")->text(), "BIRTHDAY");
  EXPECT_EQ(p.param("vote.written_counts_for_quorum")->text(), "false");
  EXPECT_EQ(p.rule("target.min_activist_time")->severity, Severity::kBlock);  // R-D10
  EXPECT_EQ(p.rule("talk.deadline")->severity, Severity::kRemind);             // R-D03
  EXPECT_EQ(p.rule("departure.within")->severity, Severity::kWarn);            // R-D14
  EXPECT_EQ(p.rules_with_id("R-D17").size(), 2u);                              // REMIND 3 m, BLOCK 6 m
}

TEST(RulePack, LookupByIdVersionAndDate) {
  EXPECT_EQ(find_recruit_pack("recruit/2014细则"), &recruit_pack_2014());
  EXPECT_EQ(find_recruit_pack("2014细则"), &recruit_pack_2014());
  EXPECT_EQ(find_recruit_pack("recruit", "2026修订"), &recruit_pack_2026());
  EXPECT_EQ(find_recruit_pack("recruit/1990试行"), nullptr);
  EXPECT_EQ(find_recruit_pack("dues", "2014细则"), nullptr);
  EXPECT_EQ(&default_recruit_pack(), &recruit_pack_2014());
  // The unverified 2026 pack is never chosen by date; before 2014 the default applies.
  EXPECT_EQ(&pack_in_force_on(Date{2026, 6, 1}), &recruit_pack_2014());
  EXPECT_EQ(&pack_in_force_on(Date{2010, 1, 1}), &recruit_pack_2014());
}

TEST(RulePack, The2026PackIsSeparateAndUnverified) {
  const auto& p = recruit_pack_2026();
  EXPECT_EQ(p.id, "recruit/2026修订");
  EXPECT_EQ(p.status, PackStatus::kUnverified);
  EXPECT_EQ(p.step(8)->name, "报上级党委同意");
  EXPECT_EQ(p.step(8)->result, StepResult::kApproval);
  ASSERT_TRUE(p.rule("notice.target"));
  EXPECT_EQ(p.rule("notice.target")->severity, Severity::kBlock);
  EXPECT_EQ(p.rule("admission_meeting.due")->from_step, 13);
  EXPECT_EQ(p.rule("admission_meeting.due")->to_step, 15);
  EXPECT_EQ(p.rule("oath.due")->to_step, 20);
  // Unchanged values.
  EXPECT_EQ(p.param("recruit.min_months_activist_to_target")->value, 12);
  EXPECT_EQ(p.param("recruit.approval_max_months")->value, 6);
  // The 2014 pack is untouched.
  EXPECT_EQ(recruit_pack_2014().step(8)->name, "报上级党委备案");
  EXPECT_FALSE(recruit_pack_2014().rule("notice.target"));
}

TEST(RulePack, LocalCommonOverlayTurnsOnTheLocalRules) {
  const auto d = derive_pack(recruit_pack_2014(), local_common_overlay());
  ASSERT_TRUE(d.pack) << (d.errors.empty() ? "" : d.errors[0]);
  const auto& p = *d.pack;
  EXPECT_EQ(p.id, "recruit/2014细则+local/common");
  EXPECT_EQ(p.base_id, "recruit/2014细则");
  EXPECT_EQ(p.overlays, std::vector<std::string>{"local/common"});
  EXPECT_EQ(p.rule("activist.min_wait")->severity, Severity::kWarn);
  EXPECT_EQ(p.rule("notice")->severity, Severity::kWarn);
  EXPECT_EQ(p.rule("thought_report.periodic")->severity, Severity::kRemind);
  EXPECT_EQ(p.rule("archive.due")->severity, Severity::kRemind);
  EXPECT_FALSE(p.notes.empty());
  EXPECT_EQ(recruit_pack_2014().rule("activist.min_wait")->severity, Severity::kOff);  // base unchanged
}

TEST(RulePack, LocalCommonAppliesToThe2026PackToo) {
  const auto d = derive_pack(recruit_pack_2026(), local_common_overlay());
  ASSERT_TRUE(d.pack) << (d.errors.empty() ? "" : d.errors[0]);
  EXPECT_EQ(d.pack->id, "recruit/2026修订+local/common");
  EXPECT_EQ(d.pack->status, PackStatus::kUnverified);
  EXPECT_EQ(d.pack->rule("notice")->severity, Severity::kWarn);
  EXPECT_EQ(d.pack->rule("notice.target")->severity, Severity::kBlock);
}

TEST(RulePack, OverlayParametersAndTheirChecks) {
  PackOverlay o{"local/某省", "某省规定",
                {{"recruit.notice.working_days", "7"},
                 {"recruit.notice.points", "activist, target"},
                 {"severity.R-D29", "WARN"},
                 {"age.reached_on", "DAY_AFTER_BIRTHDAY"},
                 {"recruit.training_min_days", "4"},           // [REG], tighter: allowed
                 {"severity.target.min_activist_time", "BLOCK"}},
                {}};
  const auto d = derive_pack(recruit_pack_2014(), o);
  ASSERT_TRUE(d.pack) << (d.errors.empty() ? "" : d.errors[0]);
  EXPECT_EQ(d.pack->param("recruit.notice.working_days")->value, 7);
  EXPECT_EQ(d.pack->param("recruit.notice.points")->text(), "activist,target");
  EXPECT_EQ(d.pack->param("age.reached_on")->text(), "DAY_AFTER_BIRTHDAY");
  EXPECT_EQ(d.pack->param("recruit.training_min_days")->value, 4);
  // A derived pack can be derived again.
  const auto again = derive_pack(*d.pack, {"local/某市", "", {{"recruit.notice.working_days", "10"}}, {}});
  ASSERT_TRUE(again.pack);
  EXPECT_EQ(again.pack->id, "recruit/2014细则+local/某省+local/某市");
  EXPECT_EQ(again.pack->param("recruit.notice.working_days")->value, 10);
}

TEST(RulePack, OverlaysNeverLoosenRegRulesSilently) {
  const auto refused = [](const char* key, const char* value) {
    RecruitPack p = recruit_pack_2014();
    return apply_setting(p, key, value).has_value();
  };
  EXPECT_TRUE(refused("severity.R-D01", "WARN"));                // [REG] BLOCK cannot be lowered
  EXPECT_TRUE(refused("severity.introducers.count", "OFF"));
  EXPECT_TRUE(refused("recruit.min_age", "17"));                 // lenient [REG] value
  EXPECT_TRUE(refused("recruit.training_min_hours", "20"));
  EXPECT_TRUE(refused("recruit.talk_within_months", "2"));       // later talk = lenient
  EXPECT_TRUE(refused("recruit.approval_due_months", "4"));      // outside 1..3
  EXPECT_TRUE(refused("severity.R-D17", "WARN"));                // ambiguous id: two rules
  EXPECT_TRUE(refused("recruit.no_such_parameter", "1"));
  EXPECT_TRUE(refused("severity.R-D99", "WARN"));
  EXPECT_TRUE(refused("recruit.notice.working_days", "five"));
  EXPECT_TRUE(refused("recruit.notice.points", "target,pre_review"));
  EXPECT_TRUE(refused("severity.notice", "LOUD"));
  EXPECT_FALSE(refused("severity.R-D03", "WARN"));               // [REG] REMIND raised to WARN: tighter
  EXPECT_FALSE(refused("severity.target.min_activist_time", "WARN"));  // [SEC]: correctable
  EXPECT_FALSE(refused("recruit.min_months_application_to_activist", "0"));  // [LOCAL]: 0 = no check
  EXPECT_FALSE(refused("vote.written_counts_for_quorum", "true"));           // [UNCONFIRMED]

  PackOverlay bad{"local/x", "", {{"severity.R-D01", "OFF"}, {"recruit.min_age", "16"}}, {}};
  const auto d = derive_pack(recruit_pack_2014(), bad);
  EXPECT_FALSE(d.pack);
  EXPECT_EQ(d.errors.size(), 2u);
}

TEST(RulePack, OverlaysMayAddRules) {
  RuleDef talk15;
  talk15.code = "local.talk_15_days";
  talk15.rule_id = "R-D03";
  talk15.tag = "LOCAL";
  talk15.kind = RuleKind::kDeadline;
  talk15.severity = Severity::kWarn;
  talk15.from_step = 1, talk15.to_step = 2;
  talk15.params = {Param{"local.talk_within_days", 15, Unit::kDays, 1, 30, Stricter::kNone, "LOCAL", {}}};
  talk15.explain = "本地规定收到入党申请书后{n}日内谈话：应于{due}前";
  const auto d = derive_pack(recruit_pack_2014(), {"local/y", "", {}, {talk15}});
  ASSERT_TRUE(d.pack);
  EXPECT_TRUE(d.pack->rule("local.talk_15_days"));

  RuleDef dup = talk15;
  dup.code = "talk.deadline";  // replacing a national rule is not "adding"
  RuleDef wrong_kind = talk15;
  wrong_kind.code = "local.vote";
  wrong_kind.kind = RuleKind::kVote;
  RuleDef backwards = talk15;
  backwards.code = "local.back";
  backwards.from_step = 5, backwards.to_step = 2;
  const auto e = derive_pack(recruit_pack_2014(), {"local/z", "", {}, {dup, wrong_kind, backwards}});
  EXPECT_FALSE(e.pack);
  EXPECT_EQ(e.errors.size(), 3u);
}

TEST(RulePack, SeverityCodesRoundTrip) {
  for (auto s : {Severity::kOff, Severity::kRemind, Severity::kWarn, Severity::kBlock})
    EXPECT_EQ(parse_severity(severity_code(s)), s);
  EXPECT_EQ(parse_severity(" block "), Severity::kBlock);
  EXPECT_FALSE(parse_severity("STOP"));
}

}  // namespace
}  // namespace lianxin::domain
