#include "domain/rule_pack.hpp"

#include <algorithm>

#include "domain/text.hpp"

namespace lianxin::domain {

const char* severity_code(Severity s) {
  switch (s) {
    case Severity::kOff: return "OFF";
    case Severity::kRemind: return "REMIND";
    case Severity::kWarn: return "WARN";
    case Severity::kBlock: return "BLOCK";
  }
  return "OFF";
}

std::optional<Severity> parse_severity(std::string_view s) {
  s = trim_spaces(s);
  const std::string v = ascii_lower(s);
  if (v == "off") return Severity::kOff;
  if (v == "remind") return Severity::kRemind;
  if (v == "warn") return Severity::kWarn;
  if (v == "block") return Severity::kBlock;
  return std::nullopt;
}

const char* pack_status_code(PackStatus s) {
  switch (s) {
    case PackStatus::kInForce: return "in_force";
    case PackStatus::kOptional: return "optional";
    case PackStatus::kUnverified: return "unverified";
    case PackStatus::kRepealed: return "repealed";
  }
  return "in_force";
}

const char* rule_kind_code(RuleKind k) {
  switch (k) {
    case RuleKind::kMinAge: return "min_age";
    case RuleKind::kMinInterval: return "min_interval";
    case RuleKind::kDeadline: return "deadline";
    case RuleKind::kPeriodic: return "periodic";
    case RuleKind::kPeople: return "people";
    case RuleKind::kValidity: return "validity";
    case RuleKind::kTraining: return "training";
    case RuleKind::kDeparture: return "departure";
    case RuleKind::kVote: return "vote";
    case RuleKind::kResubmitWait: return "resubmit_wait";
    case RuleKind::kApprover: return "approver";
    case RuleKind::kProbation: return "probation";
    case RuleKind::kConversionTiming: return "conversion_timing";
    case RuleKind::kNotice: return "notice";
  }
  return "deadline";
}

std::string Param::text() const {
  switch (unit) {
    case Unit::kFlag: return value ? "true" : "false";
    case Unit::kChoice:
      return value >= 0 && value < static_cast<int64_t>(choices.size()) ? choices[static_cast<size_t>(value)] : "";
    case Unit::kSet: {
      std::string out;
      for (size_t i = 0; i < choices.size(); ++i)
        if (value & (int64_t{1} << i)) out += (out.empty() ? "" : ",") + choices[i];
      return out;
    }
    default: return std::to_string(value);
  }
}

const Param* RuleDef::param(std::string_view key) const {
  for (const auto& p : params)
    if (p.key == key) return &p;
  return nullptr;
}

int64_t RuleDef::value(std::string_view key, int64_t fallback) const {
  const Param* p = param(key);
  return p ? p->value : fallback;
}

const StepDef* RecruitPack::step(int no) const {
  for (const auto& s : steps)
    if (s.no == no) return &s;
  return nullptr;
}

const StepDef* RecruitPack::step(std::string_view code) const {
  for (const auto& s : steps)
    if (s.code == code) return &s;
  return nullptr;
}

const RuleDef* RecruitPack::rule(std::string_view code) const {
  for (const auto& r : rules)
    if (r.code == code) return &r;
  return nullptr;
}

std::vector<const RuleDef*> RecruitPack::rules_with_id(std::string_view rule_id) const {
  std::vector<const RuleDef*> out;
  for (const auto& r : rules)
    if (r.rule_id == rule_id) out.push_back(&r);
  return out;
}

const Param* RecruitPack::param(std::string_view key) const {
  for (const auto& r : rules)
    if (const Param* p = r.param(key)) return p;
  return nullptr;
}

const NoticePoint* RecruitPack::notice_point(std::string_view code) const {
  for (const auto& n : notice_points)
    if (n.code == code) return &n;
  return nullptr;
}

namespace {

Param num(const char* key, Unit unit, int64_t v, int64_t lo, int64_t hi, Stricter s, const char* tag) {
  return Param{key, v, unit, lo, hi, s, tag, {}};
}
Param flag(const char* key, bool v, const char* tag) { return Param{key, v ? 1 : 0, Unit::kFlag, 0, 1, Stricter::kNone, tag, {}}; }
Param choice(const char* key, int64_t v, std::vector<std::string> choices, const char* tag) {
  const auto n = static_cast<int64_t>(choices.size());
  return Param{key, v, Unit::kChoice, 0, n - 1, Stricter::kNone, tag, std::move(choices)};
}
Param set_of(const char* key, int64_t mask, std::vector<std::string> choices, const char* tag) {
  const auto n = static_cast<int64_t>(choices.size());
  return Param{key, mask, Unit::kSet, 0, (int64_t{1} << n) - 1, Stricter::kNone, tag, std::move(choices)};
}

RuleDef rule(const char* code, const char* id, const char* tag, const char* article, RuleKind kind, Severity sev) {
  RuleDef r;
  r.code = code, r.rule_id = id, r.tag = tag, r.article = article, r.kind = kind, r.severity = sev;
  return r;
}

// The step list of 《中国共产党发展党员工作流程图》 (recruitment.md §1).
StepDef mk(int no, int stage, const char* code, const char* name, const char* actor, std::optional<PeopleNeed> people,
           std::vector<std::string> documents) {
  StepDef s;
  s.no = no, s.stage = stage, s.code = code, s.name = name, s.actor = actor;
  s.people = std::move(people);
  s.documents = std::move(documents);
  return s;
}

std::vector<StepDef> steps_2014() {
  const auto full = [](const char* role, int lo, int hi) { return PeopleNeed{role, lo, hi, true}; };
  std::vector<StepDef> s = {
      mk(1, 1, "application", "递交入党申请书", "入党申请人（书面）", std::nullopt, {"入党申请书"}),
      mk(2, 1, "talk", "党组织派人谈话", "党支部（书记、副书记或组织委员）", full("谈话人", 1, 0), {}),
      mk(3, 2, "activist", "推荐和确定入党积极分子", "支部委员会（未设支委会的由支部大会）", std::nullopt, {}),
      mk(4, 2, "activist_filing", "上级党委备案", "上级党委", std::nullopt, {}),
      mk(5, 2, "contacts", "指定培养联系人", "支部委员会", full("培养联系人", 1, 2), {}),
      mk(6, 2, "assessment", "培养教育考察", "培养联系人、党支部", std::nullopt, {"培养教育考察材料"}),
      mk(7, 3, "target", "确定发展对象", "支部委员会", std::nullopt, {}),
      mk(8, 3, "target_filing", "报上级党委备案", "上级党委", std::nullopt, {}),
      mk(9, 3, "introducers", "确定入党介绍人", "党支部", full("入党介绍人", 2, 2), {}),
      mk(10, 3, "political_review", "进行政治审查", "党支部、党组织", std::nullopt, {"政治审查材料"}),
      mk(11, 3, "training", "开展集中培训", "基层党委或县级党委组织部门", std::nullopt, {}),
      mk(12, 4, "committee_review", "支部委员会审查", "支部委员会", std::nullopt, {}),
      mk(13, 4, "pre_review", "上级党委预审", "具有审批权限的基层党委", std::nullopt, {"预审意见"}),
      mk(14, 4, "application_form", "填写入党志愿书", "发展对象（入党介绍人指导）", std::nullopt, {"入党志愿书"}),
      mk(15, 4, "admission_meeting", "支部大会讨论", "支部党员大会", std::nullopt, {}),
      mk(16, 4, "upper_talk", "上级党委派人谈话", "党委委员或组织员", full("谈话人", 1, 0), {}),
      mk(17, 4, "approval", "上级党委审批", "上级党委（集体讨论）", std::nullopt, {}),
      mk(18, 4, "approval_filing", "再上一级党委组织部门备案", "再上一级党委组织部门", std::nullopt, {}),
      mk(19, 5, "assign_group", "编入党支部和党小组", "党支部", std::nullopt, {}),
      mk(20, 5, "oath", "入党宣誓", "基层党委或党支部（党总支）", std::nullopt, {}),
      mk(21, 5, "probation_education", "继续教育考察", "党支部", std::nullopt, {}),
      mk(22, 5, "conversion_application", "提出转正申请", "预备党员（书面）", std::nullopt, {"转正申请书"}),
      mk(23, 5, "conversion_meeting", "支部大会讨论", "支部党员大会", std::nullopt, {}),
      mk(24, 5, "conversion_approval", "上级党委审批", "上级党委", std::nullopt, {}),
      mk(25, 5, "archive", "材料归档", "党支部、党委组织部门", std::nullopt,
       {"入党志愿书", "入党申请书", "政治审查材料", "转正申请书", "培养教育考察材料"}),
  };
  s[5].repeatable = true;                 // 6: one record per assessment (R-D07)
  s[20].repeatable = true;                // 21: continuing education during probation
  s[20].required_for_order = false;       // a process, not a gate: conversion does not wait for a record
  s[9].result = StepResult::kConclusion;  // 10: written conclusion, pass / fail
  s[10].result = StepResult::kTraining;   // 11: days and 学时
  s[14].result = StepResult::kVote;       // 15
  s[16].result = StepResult::kApproval;   // 17: approved / rejected
  s[21].repeatable = true;                // 22: again after an extension
  s[22].result = StepResult::kConversion; // 23: vote + outcome (on time / extend / cancel)
  s[22].repeatable = true;
  s[23].result = StepResult::kApproval;   // 24
  s[23].repeatable = true;
  const auto gate = [&](int no, const char* rule_id, const char* why) {
    s[no - 1].gate_rule = rule_id;
    s[no - 1].gate_explain = why;
  };
  gate(1, "R-D01", "须先递交书面入党申请书");
  gate(2, "R-D03", "党组织应派人同入党申请人谈话");
  gate(3, "R-D05", "须经党员推荐或群团组织推优，由支部委员会确定为入党积极分子");
  gate(4, "R-D05", "确定入党积极分子后须报上级党委备案");
  gate(5, "R-D06", "须为入党积极分子指定1至2名正式党员作培养联系人");
  gate(6, "R-D07", "须对入党积极分子进行培养教育考察");
  gate(7, "R-D10", "须经支部委员会讨论确定为发展对象");
  gate(8, "R-D10", "确定发展对象后须报上级党委备案");
  gate(9, "R-D11", "须确定2名正式党员作入党介绍人");
  gate(10, "R-D12", "须进行政治审查并形成结论性材料，未经政治审查或政治审查不合格的不能发展入党");
  gate(11, "R-D13", "须经过集中培训");
  gate(12, "R-D14", "须经支部委员会集体审查");
  gate(13, "R-D14", "须经具有审批权限的基层党委预审并形成书面意见");
  gate(14, "R-D14", "须由基层党委发放《中国共产党入党志愿书》并由发展对象填写");
  gate(15, "R-D15", "须经支部大会讨论并表决通过");
  gate(16, "R-D16", "上级党委审批前，应指派党委委员或组织员同发展对象谈话");
  gate(17, "R-D17", "须经上级党委审批同意");
  gate(18, "R-D17", "审批后须报再上一级党委组织部门备案");
  gate(20, "R-D28", "须组织预备党员进行入党宣誓");
  gate(22, "R-D23", "预备期满须由预备党员提出书面转正申请");
  gate(23, "R-D23", "须经支部大会讨论并表决通过");
  gate(24, "R-D24", "须经上级党委审批");
  return s;
}

std::vector<StageDef> stages_2014() {
  return {{1, "一、申请入党"},
          {2, "二、入党积极分子的确定和培养教育"},
          {3, "三、发展对象的确定和考察"},
          {4, "四、预备党员的接收"},
          {5, "五、预备党员的教育考察和转正"}};
}

constexpr int64_t kPointActivist = 1, kPointTarget = 2, kPointProbationary = 4, kPointConversion = 8;
const std::vector<std::string> kNoticePoints = {"activist", "target", "probationary", "conversion"};

std::vector<RuleDef> rules_2014() {
  std::vector<RuleDef> out;
  {
    auto r = rule("age.min", "R-D01", "REG", "党章第一条；细则第五条", RuleKind::kMinAge, Severity::kBlock);
    r.at_step = 1;
    r.params = {num("recruit.min_age", Unit::kYears, 18, 18, 30, Stricter::kHigher, "REG"),
                choice("age.reached_on", 0, {"BIRTHDAY", "DAY_AFTER_BIRTHDAY"}, "UNCONFIRMED")};
    r.explain = "递交入党申请书时须年满{n}周岁：出生日期{birth}，{date}申请时未满{n}周岁（满{n}周岁之日为{due}）";
    out.push_back(r);
  }
  {
    auto r = rule("talk.deadline", "R-D03", "REG", "细则第七条", RuleKind::kDeadline, Severity::kRemind);
    r.from_step = 1, r.to_step = 2;
    r.params = {num("recruit.talk_within_months", Unit::kMonths, 1, 1, 12, Stricter::kLower, "REG")};
    r.explain = "党组织应在收到入党申请书后{n}个月内派人谈话：申请书{from}收到，应于{due}前谈话";
    out.push_back(r);
  }
  {
    auto r = rule("activist.min_wait", "R-D04", "LOCAL", "地方规定", RuleKind::kMinInterval, Severity::kOff);
    r.from_step = 1, r.to_step = 3;
    r.params = {num("recruit.min_months_application_to_activist", Unit::kMonths, 6, 0, 36, Stricter::kNone, "LOCAL")};
    r.explain = "递交入党申请书{n}个月后方可确定为入党积极分子（本地规定）：申请{from}，最早{due}，实际{date}";
    out.push_back(r);
  }
  {
    auto r = rule("contacts.count", "R-D06", "REG", "细则第九条", RuleKind::kPeople, Severity::kBlock);
    r.at_step = 5;
    r.explain = "应指定{min}至{max}名正式党员作为培养联系人：现为{actual}名{detail}";
    out.push_back(r);
  }
  {
    auto r = rule("assessment.periodic", "R-D07", "SEC", "细则第十一条", RuleKind::kPeriodic, Severity::kRemind);
    r.from_step = 3, r.to_step = 7, r.at_step = 6;
    r.params = {num("recruit.assessment_period_months", Unit::kMonths, 6, 1, 12, Stricter::kLower, "SEC")};
    r.explain = "党支部应每{n}个月对入党积极分子进行一次考察：第{k}次考察应于{due}前完成";
    out.push_back(r);
  }
  {
    auto r = rule("thought_report.periodic", "R-D09", "LOCAL", "地方规定", RuleKind::kPeriodic, Severity::kOff);
    r.from_step = 3, r.to_step = 24, r.at_step = 0;  // at_step 0: the case's 思想汇报 records
    r.params = {choice("recruit.thought_report_period", 1, {"month", "quarter", "half_year"}, "LOCAL")};
    r.explain = "入党积极分子、发展对象和预备党员应每{period}递交一次思想汇报（本地规定）：第{k}次应于{due}前递交";
    out.push_back(r);
  }
  {
    auto r = rule("target.min_activist_time", "R-D10", "SEC", "细则第十三条", RuleKind::kMinInterval, Severity::kBlock);
    r.from_step = 3, r.to_step = 7;
    r.params = {num("recruit.min_months_activist_to_target", Unit::kMonths, 12, 12, 36, Stricter::kHigher, "SEC")};
    r.explain = "经过一年以上培养教育和考察方可列为发展对象：{from}确定为入党积极分子，最早{due}，实际{date}";
    out.push_back(r);
  }
  {
    auto r = rule("introducers.count", "R-D11", "REG", "党章第五条；细则第十五条", RuleKind::kPeople, Severity::kBlock);
    r.at_step = 9;
    r.explain = "应有{min}名正式党员作入党介绍人（预备党员、受留党察看处分未恢复权利的党员不能作介绍人）：现为{actual}名{detail}";
    out.push_back(r);
  }
  {
    auto r = rule("political_review.validity", "R-D12", "LOCAL", "地方规定", RuleKind::kValidity, Severity::kOff);
    r.from_step = 10, r.at_step = 15;
    r.params = {num("recruit.political_review_valid_months", Unit::kMonths, 12, 1, 60, Stricter::kNone, "LOCAL")};
    r.explain = "政治审查结论有效期为{n}个月（本地规定）：{from}作出，{due}到期，支部大会{date}召开";
    out.push_back(r);
  }
  {
    auto r = rule("training.minimum", "R-D13", "REG", "细则第十七条", RuleKind::kTraining, Severity::kBlock);
    r.from_step = 11, r.at_step = 12, r.overridable = true;
    r.params = {num("recruit.training_min_days", Unit::kDays, 3, 3, 30, Stricter::kHigher, "REG"),
                num("recruit.training_min_hours", Unit::kHours, 24, 24, 240, Stricter::kHigher, "REG")};
    r.explain = "发展对象须经过集中培训，时间一般不少于{days}天或不少于{hours}学时：记录为{actual}";
    out.push_back(r);
  }
  {
    auto r = rule("departure.within", "R-D14", "REG", "细则第十九条", RuleKind::kDeparture, Severity::kWarn);
    r.at_step = 13;
    r.params = {num("recruit.departure_window_months", Unit::kMonths, 3, 3, 12, Stricter::kHigher, "REG")};
    r.explain = "预审时发展对象将在{n}个月内离开工作、学习单位的，一般不办理接收手续：预审{date}，预计离开{actual}";
    out.push_back(r);
  }
  {
    auto r = rule("admission.vote", "R-D15", "REG", "细则第二十条、第二十一条", RuleKind::kVote, Severity::kBlock);
    r.at_step = 15;
    r.params = {flag("vote.written_counts_for_quorum", false, "UNCONFIRMED"),
                flag("vote.exclude_suspended_membership", true, "UNCONFIRMED")};
    r.explain = "支部大会接收预备党员：{detail}";
    out.push_back(r);
  }
  {
    auto r = rule("admission.resubmit_wait", "R-D15", "LOCAL", "地方规定", RuleKind::kResubmitWait, Severity::kOff);
    r.at_step = 15;
    r.params = {num("recruit.resubmit_wait_months", Unit::kMonths, 6, 0, 36, Stricter::kNone, "LOCAL")};
    r.explain = "支部大会表决未通过的，{n}个月后方可重新提交讨论（本地规定）：上次表决{from}，最早{due}，本次{date}";
    out.push_back(r);
  }
  {
    auto r = rule("approval.due", "R-D17", "REG", "细则第二十二条", RuleKind::kDeadline, Severity::kRemind);
    r.from_step = 15, r.to_step = 17;
    r.params = {num("recruit.approval_due_months", Unit::kMonths, 3, 1, 3, Stricter::kLower, "REG")};
    r.explain = "上级党委应在支部大会通过后{n}个月内审批：支部大会{from}，应于{due}前审批";
    out.push_back(r);
  }
  {
    auto r = rule("approval.hard_limit", "R-D17", "SEC", "细则第二十二条", RuleKind::kDeadline, Severity::kBlock);
    r.from_step = 15, r.to_step = 17;
    r.params = {num("recruit.approval_max_months", Unit::kMonths, 6, 3, 6, Stricter::kLower, "SEC")};
    r.explain = "遇特殊情况可适当延长审批时间，但不得超过{n}个月：支部大会{from}，最迟{due}";
    out.push_back(r);
  }
  {
    auto r = rule("approver.power", "R-D18", "SEC", "细则第二十三条", RuleKind::kApprover, Severity::kBlock);
    r.at_step = 17;
    r.explain = "审批预备党员须由具有审批权限的党委集体讨论决定，党总支和隶属乡镇、街道党委的村、社区党委不能审批";
    out.push_back(r);
  }
  {
    auto r = rule("probation.extension", "R-D22", "REG", "党章第七条；细则第三十二条、第三十四条", RuleKind::kProbation,
                  Severity::kBlock);
    r.at_step = 23;
    r.params = {num("recruit.probation_months", Unit::kMonths, 12, 12, 12, Stricter::kNone, "REG"),
                num("recruit.extension_min_months", Unit::kMonths, 6, 6, 12, Stricter::kHigher, "REG"),
                num("recruit.extension_max_months", Unit::kMonths, 12, 6, 12, Stricter::kLower, "REG"),
                num("recruit.max_extensions", Unit::kCount, 1, 0, 1, Stricter::kLower, "REG")};
    r.explain = "预备期满可延长一次预备期，延长时间不能少于{min}个月、不超过{max}个月；延长期满只能按期转正或取消预备党员资格：{detail}";
    out.push_back(r);
  }
  {
    auto r = rule("conversion.vote", "R-D23", "REG", "细则第三十三条", RuleKind::kVote, Severity::kBlock);
    r.at_step = 23;
    r.explain = "支部大会讨论预备党员转正：{detail}";
    out.push_back(r);
  }
  {
    auto r = rule("conversion.approval_due", "R-D24", "SEC", "细则第三十三条", RuleKind::kDeadline, Severity::kRemind);
    r.from_step = 23, r.to_step = 24;
    r.params = {num("recruit.conversion_approval_due_months", Unit::kMonths, 3, 1, 3, Stricter::kLower, "SEC")};
    r.explain = "上级党委应在支部大会讨论后{n}个月内审批预备党员转正：支部大会{from}，应于{due}前审批";
    out.push_back(r);
  }
  {
    auto r = rule("conversion.not_before_end", "R-D25", "SEC", "细则第三十二条", RuleKind::kConversionTiming,
                  Severity::kBlock);
    r.at_step = 23;
    r.explain = "讨论预备党员转正的支部大会不得早于预备期满之日：预备期{due}期满，会议日期{date}";
    out.push_back(r);
  }
  {
    auto r = rule("conversion.application_early", "R-D25", "SEC", "细则第三十二条", RuleKind::kConversionTiming,
                  Severity::kWarn);
    r.at_step = 22;
    r.explain = "转正申请应在预备期满时提出：预备期{due}期满，申请日期{date}";
    out.push_back(r);
  }
  {
    auto r = rule("archive.due", "R-D27", "LOCAL", "地方规定", RuleKind::kDeadline, Severity::kOff);
    r.from_step = 24, r.to_step = 25;
    r.params = {num("recruit.archive_days", Unit::kDays, 7, 1, 90, Stricter::kNone, "LOCAL")};
    r.explain = "转正后{n}日内将入党材料归档（本地规定）：转正审批{from}，应于{due}前归档";
    out.push_back(r);
  }
  {
    auto r = rule("notice", "R-D29", "LOCAL", "地方规定", RuleKind::kNotice, Severity::kOff);
    r.params = {num("recruit.notice.working_days", Unit::kWorkingDays, 5, 1, 30, Stricter::kNone, "LOCAL"),
                set_of("recruit.notice.points", kPointTarget | kPointProbationary | kPointConversion, kNoticePoints, "LOCAL"),
                flag("calendar.notice_counts_first_day", true, "UNCONFIRMED")};
    r.explain = "{point}须公示不少于{n}个工作日（本地规定）：{detail}";
    out.push_back(r);
  }
  return out;
}

std::vector<NoticePoint> notice_points_2014() {
  return {{"activist", "入党积极分子", 3, 4},
          {"target", "发展对象", 7, 8},
          {"probationary", "拟接收预备党员", 15, 17},
          {"conversion", "预备党员转正", 23, 24}};
}

RecruitPack build_2014() {
  RecruitPack p;
  p.id = "recruit/2014细则";
  p.family = "recruit";
  p.version = "2014细则";
  p.title = "中国共产党发展党员工作细则";
  p.doc_no = "中办发〔2014〕33号";
  p.effective_from = Date{2014, 6, 1};  // README: confirm the exact day against the official text
  p.status = PackStatus::kInForce;
  p.base_id = p.id;
  p.stages = stages_2014();
  p.steps = steps_2014();
  p.rules = rules_2014();
  p.notice_points = notice_points_2014();
  return p;
}

RuleDef* mutable_rule(RecruitPack& p, std::string_view code) {
  for (auto& r : p.rules)
    if (r.code == code) return &r;
  return nullptr;
}

// recruitment.md §4: the reported 2026 revision, as claimed by third-party tools. Unverified.
RecruitPack build_2026() {
  RecruitPack p = build_2014();
  p.id = "recruit/2026修订";
  p.version = "2026修订";
  p.title = "中国共产党发展党员工作细则（2026年修订，未核实）";
  p.doc_no = "";
  p.effective_from = Date{2026, 5, 11};
  p.status = PackStatus::kUnverified;
  p.base_id = p.id;
  // §13: 支委会 decision on a 发展对象 is "报上级党委同意" (approval instead of 备案).
  p.steps[7].name = "报上级党委同意";
  p.steps[7].result = StepResult::kApproval;
  p.steps[7].gate_explain = "确定发展对象须报上级党委同意（2026修订第十三条，未核实）";
  // Renumbered articles (§31–§33 claimed).
  mutable_rule(p, "probation.extension")->article = "党章第七条；2026修订第三十一条、第三十三条（未核实）";
  mutable_rule(p, "conversion.vote")->article = "2026修订第三十二条（未核实）";
  mutable_rule(p, "conversion.approval_due")->article = "2026修订第三十二条（未核实）";
  // The LOCAL notice rule keeps its other points; the 发展对象 notice is national in this pack.
  mutable_rule(p, "notice")->params[1].value = kPointProbationary | kPointConversion;
  {
    auto r = rule("notice.target", "R-D29", "UNCONFIRMED", "2026修订第十三条（未核实）", RuleKind::kNotice, Severity::kBlock);
    r.params = {num("recruit2026.target_notice.working_days", Unit::kWorkingDays, 5, 5, 30, Stricter::kHigher, "UNCONFIRMED"),
                set_of("recruit2026.target_notice.points", kPointTarget, kNoticePoints, "UNCONFIRMED"),
                flag("recruit2026.target_notice.counts_first_day", true, "UNCONFIRMED")};
    r.explain = "{point}须公示不少于{n}个工作日：{detail}";
    p.rules.push_back(r);
  }
  {
    auto r = rule("admission_meeting.due", "R-D15", "UNCONFIRMED", "2026修订第十八条、第十九条（未核实）",
                  RuleKind::kDeadline, Severity::kRemind);
    r.from_step = 13, r.to_step = 15;
    r.params = {num("recruit2026.meeting_after_pre_review_months", Unit::kMonths, 1, 1, 6, Stricter::kLower, "UNCONFIRMED")};
    r.explain = "预审合格后{n}个月内召开支部大会讨论接收预备党员：预审{from}，应于{due}前召开";
    p.rules.push_back(r);
  }
  {
    auto r = rule("oath.due", "R-D28", "UNCONFIRMED", "2026修订第二十九条（未核实）", RuleKind::kDeadline, Severity::kRemind);
    r.from_step = 17, r.to_step = 20;
    r.params = {num("recruit2026.oath_after_approval_months", Unit::kMonths, 1, 1, 6, Stricter::kLower, "UNCONFIRMED")};
    r.explain = "预备党员一般应在上级党委审批后{n}个月内进行入党宣誓：审批{from}，应于{due}前宣誓";
    p.rules.push_back(r);
  }
  return p;
}

std::optional<int64_t> parse_int(std::string_view s) {
  s = trim_spaces(s);
  if (s.empty() || s.size() > 9 || !all_digits(s)) return std::nullopt;
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::optional<int64_t> parse_value(const Param& p, std::string_view raw) {
  const std::string_view s = trim_spaces(raw);
  switch (p.unit) {
    case Unit::kFlag: {
      const std::string v = ascii_lower(s);
      if (v == "true" || v == "1" || v == "on") return 1;
      if (v == "false" || v == "0" || v == "off") return 0;
      return std::nullopt;
    }
    case Unit::kChoice:
      for (size_t i = 0; i < p.choices.size(); ++i)
        if (p.choices[i] == s) return static_cast<int64_t>(i);
      return std::nullopt;
    case Unit::kSet: {
      int64_t mask = 0;
      size_t pos = 0;
      while (pos <= s.size()) {
        const size_t comma = std::min(s.find(',', pos), s.size());
        const std::string_view item = trim_spaces(s.substr(pos, comma - pos));
        if (!item.empty()) {
          const auto it = std::find(p.choices.begin(), p.choices.end(), item);
          if (it == p.choices.end()) return std::nullopt;
          mask |= int64_t{1} << (it - p.choices.begin());
        }
        pos = comma + 1;
      }
      return mask;
    }
    default: return parse_int(s);
  }
}

}  // namespace

const RecruitPack& recruit_pack_2014() {
  static const RecruitPack p = build_2014();
  return p;
}

const RecruitPack& recruit_pack_2026() {
  static const RecruitPack p = build_2026();
  return p;
}

const RecruitPack& default_recruit_pack() { return recruit_pack_2014(); }

std::vector<const RecruitPack*> builtin_recruit_packs() { return {&recruit_pack_2014(), &recruit_pack_2026()}; }

const RecruitPack* find_recruit_pack(std::string_view id_or_version) {
  for (const RecruitPack* p : builtin_recruit_packs())
    if (p->id == id_or_version || p->version == id_or_version) return p;
  return nullptr;
}

const RecruitPack* find_recruit_pack(std::string_view family, std::string_view version) {
  for (const RecruitPack* p : builtin_recruit_packs())
    if (p->family == family && p->version == version) return p;
  return nullptr;
}

const RecruitPack& pack_in_force_on(Date event) {
  const RecruitPack* best = nullptr;
  for (const RecruitPack* p : builtin_recruit_packs()) {
    if (p->status != PackStatus::kInForce || p->effective_from > event) continue;
    if (!best || p->effective_from > best->effective_from) best = p;
  }
  return best ? *best : default_recruit_pack();
}

const PackOverlay& local_common_overlay() {
  static const PackOverlay o{
      "local/common",
      "常见地方做法（非全国统一规定）",
      {{"severity.activist.min_wait", "WARN"},
       {"recruit.min_months_application_to_activist", "6"},
       {"severity.thought_report.periodic", "REMIND"},
       {"severity.political_review.validity", "WARN"},
       {"severity.admission.resubmit_wait", "WARN"},
       {"severity.archive.due", "REMIND"},
       {"severity.notice", "WARN"}},
      {}};
  return o;
}

std::optional<std::string> apply_setting(RecruitPack& pack, std::string_view key, std::string_view value) {
  const std::string k(trim_spaces(key));
  if (k.starts_with("severity.")) {
    const std::string target = k.substr(9);
    const auto sev = parse_severity(value);
    if (!sev) return "严重程度“" + std::string(value) + "”无效，应为 BLOCK、WARN、REMIND 或 OFF";
    std::vector<RuleDef*> hits;
    for (auto& r : pack.rules)
      if (r.code == target) hits.push_back(&r);
    if (hits.empty())
      for (auto& r : pack.rules)
        if (r.rule_id == target) hits.push_back(&r);
    if (hits.empty()) return "规则“" + target + "”不存在";
    if (hits.size() > 1) return "规则编号“" + target + "”对应多条规则，请使用规则代码（如 " + hits[0]->code + "）";
    RuleDef& r = *hits[0];
    if (r.tag == "REG" && *sev < r.severity)
      return "规则 " + r.rule_id + "（" + r.code + "）依据党内法规原文，叠加包只能收紧，不能由" +
             severity_code(r.severity) + "降为" + severity_code(*sev);
    pack.notes.push_back(r.rule_id + " " + r.code + ": " + severity_code(r.severity) + " → " + severity_code(*sev));
    r.severity = *sev;
    return std::nullopt;
  }
  for (auto& r : pack.rules) {
    for (auto& p : r.params) {
      if (p.key != k) continue;
      const auto v = parse_value(p, value);
      if (!v) return "参数 " + k + " 的值“" + std::string(value) + "”格式无效";
      if (*v < p.min || *v > p.max)
        return "参数 " + k + " 的值 " + std::to_string(*v) + " 超出允许范围 " + std::to_string(p.min) + "–" +
               std::to_string(p.max);
      if (p.tag == "REG" && ((p.stricter == Stricter::kHigher && *v < p.value) ||
                             (p.stricter == Stricter::kLower && *v > p.value)))
        return "参数 " + k + " 依据党内法规原文，叠加包只能收紧（当前 " + p.text() + "）";
      const std::string before = p.text();
      p.value = *v;
      pack.notes.push_back(r.rule_id + " " + k + ": " + before + " → " + p.text());
      return std::nullopt;
    }
  }
  return "参数“" + k + "”不存在";
}

DerivedPack derive_pack(const RecruitPack& base, const PackOverlay& overlay) {
  DerivedPack out;
  RecruitPack p = base;
  if (overlay.id.empty()) out.errors.push_back("叠加包缺少编号");
  for (const auto& [k, v] : overlay.settings)
    if (auto err = apply_setting(p, k, v)) out.errors.push_back(*err);
  for (const auto& r : overlay.added_rules) {
    if (r.code.empty() || r.rule_id.empty()) {
      out.errors.push_back("新增规则须有规则代码和规则编号");
      continue;
    }
    if (p.rule(r.code)) {
      out.errors.push_back("规则代码“" + r.code + "”已存在，新增规则不能替换已有规则");
      continue;
    }
    const bool kind_ok = r.kind == RuleKind::kMinInterval || r.kind == RuleKind::kDeadline || r.kind == RuleKind::kNotice;
    if (!kind_ok) {
      out.errors.push_back("新增规则“" + r.code + "”的类型只能是 min_interval、deadline 或 notice");
      continue;
    }
    if (r.kind != RuleKind::kNotice && (!p.step(r.from_step) || !p.step(r.to_step) || r.from_step >= r.to_step)) {
      out.errors.push_back("新增规则“" + r.code + "”的起止步骤无效");
      continue;
    }
    if (r.params.empty()) {
      out.errors.push_back("新增规则“" + r.code + "”缺少参数");
      continue;
    }
    p.rules.push_back(r);
    p.notes.push_back(r.rule_id + " " + r.code + ": added (" + severity_code(r.severity) + ")");
  }
  if (!out.errors.empty()) return out;
  p.id = base.id + "+" + overlay.id;
  p.overlays.push_back(overlay.id);
  out.pack = std::move(p);
  return out;
}

}  // namespace lianxin::domain
