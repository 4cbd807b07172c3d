// The vectors of shared/domain/org-life.md §2 (quorum) and §3 (compliance colours), with the
// default parameters and non-default values of the [UNCONFIRMED] / [LOCAL] ones.
#include "domain/orglife_rules.hpp"

#include <gtest/gtest.h>

namespace lianxin::domain {
namespace {

const OrgLifePack& P() { return OrgLifePack::defaults(); }
const Obligation& ob(MeetingType t) { return *P().obligation(t); }

Compliance colour_of(MeetingType t, Date period_day, std::vector<HeldMeeting> held, Date today,
                     const OrgLifePack& pack = P()) {
  const Obligation& o = *pack.obligation(t);
  ComplianceInput in;
  in.period = period_of(o.period, period_day);
  in.held = std::move(held);
  return compliance(o, in, today, pack);
}

TEST(OrgLifeQuorum, VectorsOfSection2) {
  EXPECT_TRUE(quorum_met(QuorumRule::kHalfOrMore, 10, 5));
  EXPECT_FALSE(quorum_met(QuorumRule::kMoreThanHalf, 10, 5));
  EXPECT_EQ(quorum_needed(QuorumRule::kMoreThanHalf, 10), 6);
  EXPECT_FALSE(majority_passes(10, 5));
  EXPECT_TRUE(majority_passes(10, 6));
  EXPECT_TRUE(quorum_met(QuorumRule::kHalfOrMore, 9, 5));
  EXPECT_FALSE(quorum_met(QuorumRule::kHalfOrMore, 9, 4));
  EXPECT_TRUE(majority_passes(9, 5));
  EXPECT_FALSE(majority_passes(9, 4));
  // 支委会
  EXPECT_TRUE(quorum_met(QuorumRule::kHalfOrMore, 5, 3));
  EXPECT_FALSE(quorum_met(QuorumRule::kHalfOrMore, 5, 2));
  EXPECT_TRUE(quorum_met(QuorumRule::kHalfOrMore, 4, 2));
  OrgLifePack strict = P();
  ASSERT_EQ(strict.set("orglife.half_or_more_inclusive", "false"), std::nullopt);
  EXPECT_FALSE(quorum_met(QuorumRule::kHalfOrMore, 4, 2, strict));
  EXPECT_TRUE(quorum_met(QuorumRule::kHalfOrMore, 3, 2));
  // 民主生活会 (2/3)
  EXPECT_FALSE(quorum_met(QuorumRule::kTwoThirds, 11, 7));
  EXPECT_TRUE(quorum_met(QuorumRule::kTwoThirds, 11, 8));
  EXPECT_EQ(quorum_needed(QuorumRule::kTwoThirds, 11), 8);
  EXPECT_TRUE(quorum_met(QuorumRule::kTwoThirds, 9, 6));
  EXPECT_FALSE(quorum_met(QuorumRule::kHalfOrMore, 0, 0));  // nobody should attend: no valid meeting
}

TEST(OrgLifeCompliance, MemberMeetingPerQuarter) {  // R-L01
  EXPECT_EQ(colour_of(MeetingType::kMemberMeeting, {2025, 8, 1}, {{{2025, 8, 20}}}, {2025, 9, 1}).colour, Colour::kGreen);
  EXPECT_EQ(colour_of(MeetingType::kMemberMeeting, {2025, 8, 1}, {}, {2025, 9, 20}).colour, Colour::kYellow);
  EXPECT_EQ(colour_of(MeetingType::kMemberMeeting, {2025, 8, 1}, {}, {2025, 9, 10}).colour, Colour::kNone);
  const Compliance q2 = colour_of(MeetingType::kMemberMeeting, {2025, 5, 1}, {}, {2025, 7, 1});
  EXPECT_EQ(q2.colour, Colour::kRed);
  EXPECT_NE(q2.reason.find("2025-Q2"), std::string::npos) << q2.reason;
  EXPECT_EQ(colour_of(MeetingType::kMemberMeeting, {2025, 7, 1}, {}, {2025, 7, 1}).colour, Colour::kNone);
}

TEST(OrgLifeCompliance, CommitteePerMonthAndDefectiveRecords) {  // R-L02
  EXPECT_TRUE(ob(MeetingType::kCommittee).needs_committee);  // not applicable without a committee
  EXPECT_EQ(colour_of(MeetingType::kCommittee, {2025, 9, 1}, {}, {2025, 9, 25}).colour, Colour::kYellow);
  HeldMeeting no_minutes{{2025, 9, 3}};
  no_minutes.minutes_ok = false;
  const Compliance c = colour_of(MeetingType::kCommittee, {2025, 9, 1}, {no_minutes}, {2025, 9, 10});
  EXPECT_EQ(c.colour, Colour::kYellow);
  EXPECT_EQ(c.count, 1);
}

TEST(OrgLifeCompliance, EachGroupSeparately) {  // R-L03: group A met in October, group B did not
  EXPECT_EQ(ob(MeetingType::kGroup).unit, ObligationUnit::kGroup);
  EXPECT_EQ(colour_of(MeetingType::kGroup, {2025, 10, 1}, {{{2025, 10, 9}}}, {2025, 11, 1}).colour, Colour::kGreen);
  EXPECT_EQ(colour_of(MeetingType::kGroup, {2025, 10, 1}, {}, {2025, 10, 31}).colour, Colour::kYellow);
  EXPECT_EQ(colour_of(MeetingType::kGroup, {2025, 10, 1}, {}, {2025, 11, 1}).colour, Colour::kRed);
}

TEST(OrgLifeCompliance, LecturesPerYearAreAParameter) {  // R-L04
  std::vector<HeldMeeting> three{{{2025, 3, 1}}, {{2025, 6, 1}}, {{2025, 9, 1}}};
  const Compliance c = colour_of(MeetingType::kLecture, {2025, 1, 1}, three, {2026, 1, 1});
  EXPECT_EQ(c.colour, Colour::kRed);
  EXPECT_EQ(c.required, 4);
  EXPECT_EQ(ob(MeetingType::kLecture).severity, Severity::kRemind);
  OrgLifePack two = P();
  ASSERT_EQ(two.set("orglife.dangke.branch_min_per_year", "2"), std::nullopt);
  EXPECT_EQ(colour_of(MeetingType::kLecture, {2025, 1, 1}, three, {2026, 1, 1}, two).colour, Colour::kGreen);
  OrgLifePack off = P();
  ASSERT_EQ(off.set("orglife.dangke.branch_min_per_year", "0"), std::nullopt);
  EXPECT_EQ(colour_of(MeetingType::kLecture, {2025, 1, 1}, {}, {2026, 1, 1}, off).colour, Colour::kNone);
}

TEST(OrgLifeCompliance, ThemeDayOnItsFixedDay) {  // R-L05
  const Obligation& o = ob(MeetingType::kThemeDay);
  ComplianceInput in;
  in.period = period_of(o.period, {2025, 10, 1});
  in.theme_day = 15;
  EXPECT_EQ(compliance(o, in, {2025, 10, 14}, P()).colour, Colour::kNone);
  EXPECT_EQ(compliance(o, in, {2025, 10, 20}, P()).colour, Colour::kYellow);
  EXPECT_EQ(compliance(o, in, {2025, 10, 31}, P()).colour, Colour::kYellow);
  EXPECT_EQ(compliance(o, in, {2025, 11, 1}, P()).colour, Colour::kRed);
  in.theme_day.reset();  // no fixed day: any day of the month, the usual window
  EXPECT_EQ(compliance(o, in, {2025, 10, 20}, P()).colour, Colour::kNone);
}

TEST(OrgLifeCompliance, LifeMeetingOnceAYearNormallyInQ4) {  // R-L06
  const Compliance dec = colour_of(MeetingType::kLifeMeeting, {2025, 1, 1}, {{{2025, 12, 10}}}, {2025, 12, 11});
  EXPECT_EQ(dec.colour, Colour::kGreen);
  EXPECT_TRUE(dec.info.empty());
  const Compliance june = colour_of(MeetingType::kLifeMeeting, {2025, 1, 1}, {{{2025, 6, 18}}}, {2025, 7, 1});
  EXPECT_EQ(june.colour, Colour::kGreen);
  EXPECT_NE(june.info.find("第四季度"), std::string::npos);
  EXPECT_EQ(colour_of(MeetingType::kLifeMeeting, {2025, 1, 1}, {}, {2025, 12, 5}).colour, Colour::kYellow);
  EXPECT_EQ(colour_of(MeetingType::kLifeMeeting, {2025, 1, 1}, {}, {2025, 12, 31}).colour, Colour::kYellow);
  EXPECT_EQ(colour_of(MeetingType::kLifeMeeting, {2025, 1, 1}, {}, {2026, 1, 1}).colour, Colour::kRed);
}

TEST(OrgLifeCompliance, AppraisalCombinedWithLifeMeetingCountsForBoth) {  // R-L07
  EXPECT_TRUE(P().allow_combined_types);
  const HeldMeeting combined{{2025, 12, 10}};
  EXPECT_EQ(colour_of(MeetingType::kAppraisal, {2025, 1, 1}, {combined}, {2025, 12, 11}).colour, Colour::kGreen);
  EXPECT_EQ(colour_of(MeetingType::kLifeMeeting, {2025, 1, 1}, {combined}, {2025, 12, 11}).colour, Colour::kGreen);
}

TEST(OrgLifeCompliance, TalksCoverEveryMember) {  // R-L08
  const Obligation& o = ob(MeetingType::kTalk);
  ComplianceInput in;
  in.period = period_of(o.period, {2025, 1, 1});
  in.covered = 18;
  in.population = 20;
  EXPECT_EQ(compliance(o, in, {2025, 12, 15}, P()).colour, Colour::kYellow);
  EXPECT_EQ(compliance(o, in, {2026, 1, 1}, P()).colour, Colour::kRed);
  in.covered = 20;
  EXPECT_EQ(compliance(o, in, {2025, 12, 15}, P()).colour, Colour::kGreen);
}

TEST(OrgLifeCompliance, InquorateMemberMeetingCountsButIsYellow) {  // R-L01 + quorum
  HeldMeeting inquorate{{2025, 8, 20}};
  inquorate.quorate = false;  // N = 10, present 4
  EXPECT_FALSE(quorum_met(QuorumRule::kHalfOrMore, 10, 4));
  const Compliance c = colour_of(MeetingType::kMemberMeeting, {2025, 8, 1}, {inquorate}, {2025, 8, 21});
  EXPECT_EQ(c.colour, Colour::kYellow);
  EXPECT_EQ(c.count, 1);
  OrgLifePack strict = P();
  ASSERT_EQ(strict.set("orglife.count_without_quorum", "false"), std::nullopt);
  const Compliance s = colour_of(MeetingType::kMemberMeeting, {2025, 8, 1}, {inquorate}, {2025, 10, 1}, strict);
  EXPECT_EQ(s.count, 0);
  EXPECT_EQ(s.colour, Colour::kRed);
}

TEST(OrgLifeRecords, PerfunctoryRecordsAreDefective) {
  RecordFacts f{MeetingType::kMemberMeeting, 120, false, 8, 10};
  EXPECT_TRUE(record_defects(f).empty());
  f.minutes_chars = 10;
  EXPECT_EQ(record_defects(f).size(), 1u);
  f.minutes_chars = 120;
  f.minutes_duplicate = true;
  EXPECT_EQ(record_defects(f).size(), 1u);
  RecordFacts theme{MeetingType::kThemeDay, 120, false, 7, 10};
  EXPECT_TRUE(record_defects(theme).empty());  // the attendance threshold is OFF by default
  OrgLifePack eighty = P();
  ASSERT_EQ(eighty.set("orglife.theme_day.min_attendance", "80%"), std::nullopt);
  EXPECT_EQ(record_defects(theme, eighty).size(), 1u);
  theme.attendees = 8;
  EXPECT_TRUE(record_defects(theme, eighty).empty());
}

TEST(OrgLifePack, SettingsAreCheckedAndPeriodsLabelled) {
  OrgLifePack p = P();
  EXPECT_TRUE(p.set("orglife.warn_days.month", "40").has_value());
  EXPECT_TRUE(p.set("orglife.theme_day.min_attendance", "120").has_value());
  EXPECT_TRUE(p.set("orglife.nothing", "1").has_value());
  EXPECT_EQ(period_of(PeriodKind::kQuarter, {2025, 8, 20}).label(), "2025-Q3");
  EXPECT_EQ(period_of(PeriodKind::kQuarter, {2025, 8, 20}).end, (Date{2025, 9, 30}));
  EXPECT_EQ(next_period(period_of(PeriodKind::kMonth, {2025, 12, 5})).label(), "2026-01");
  EXPECT_EQ(parse_meeting_type(meeting_type_code(MeetingType::kThemeDay)), MeetingType::kThemeDay);
}

}  // namespace
}  // namespace lianxin::domain
