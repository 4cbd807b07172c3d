// Step facts: the request body of a step record → normalized stored JSON → the engine's StepRecord.
#include <cmath>
#include <set>

#include "modules/recruit/recruit_internal.hpp"

namespace lianxin::modules::recruit::detail {

namespace json = boost::json;

namespace {

class Reader {
public:
  Reader(const json::object& o, std::string prefix, std::vector<domain::FieldError>& errs)
      : o_(o), prefix_(std::move(prefix)), errs_(errs) {}

  const json::value* get(const char* key) const {
    auto* v = o_.if_contains(key);
    return v && !v->is_null() ? v : nullptr;
  }
  std::string name(const char* key) const { return prefix_ + key; }
  void error(const char* key, const std::string& code, const std::string& msg) { errs_.push_back({name(key), code, msg}); }

  std::optional<std::string> text(const char* key, size_t max_chars = 500) {
    auto* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
      error(key, "invalid_type", "应为文本");
      return std::nullopt;
    }
    std::string s(v->as_string());
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(0, 1);
    if (s.size() > max_chars * 3) {
      error(key, "too_long", "内容过长");
      return std::nullopt;
    }
    return s;
  }
  std::optional<int64_t> integer(const char* key, int64_t lo, int64_t hi) {
    auto* v = get(key);
    if (!v) return std::nullopt;
    std::optional<int64_t> n;
    if (v->is_int64()) n = v->as_int64();
    else if (v->is_uint64() && v->as_uint64() < 1000000000ULL) n = static_cast<int64_t>(v->as_uint64());
    else if (v->is_double() && std::trunc(v->as_double()) == v->as_double() && std::fabs(v->as_double()) < 1e9)
      n = static_cast<int64_t>(v->as_double());
    if (!n) {
      error(key, "invalid_type", "应为整数");
      return std::nullopt;
    }
    if (*n < lo || *n > hi) {
      error(key, "out_of_range", "应在" + std::to_string(lo) + "至" + std::to_string(hi) + "之间");
      return std::nullopt;
    }
    return n;
  }
  std::optional<double> number(const char* key, double lo, double hi) {
    auto* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_number()) {
      error(key, "invalid_type", "应为数字");
      return std::nullopt;
    }
    double d = v->to_number<double>();
    if (!std::isfinite(d) || d < lo || d > hi) {
      error(key, "out_of_range", "超出允许范围");
      return std::nullopt;
    }
    return d;
  }
  std::optional<bool> boolean(const char* key) {
    auto* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_bool()) {
      error(key, "invalid_type", "应为 true 或 false");
      return std::nullopt;
    }
    return v->as_bool();
  }
  std::optional<std::string> date(const char* key) {
    auto t = text(key, 20);
    if (!t) return std::nullopt;
    auto d = domain::Date::parse(*t);
    if (!d) {
      error(key, "date.invalid", "日期格式应为YYYY-MM-DD");
      return std::nullopt;
    }
    return d->iso();
  }
  const json::object* object(const char* key) {
    auto* v = get(key);
    if (!v) return nullptr;
    if (!v->is_object()) {
      error(key, "invalid_type", "应为对象");
      return nullptr;
    }
    return &v->as_object();
  }
  const json::array* array(const char* key) {
    auto* v = get(key);
    if (!v) return nullptr;
    if (!v->is_array()) {
      error(key, "invalid_type", "应为数组");
      return nullptr;
    }
    return &v->as_array();
  }

private:
  const json::object& o_;
  std::string prefix_;
  std::vector<domain::FieldError>& errs_;
};

constexpr int64_t kMaxCount = 100000;

int64_t int_of(const json::object& o, const char* key, int64_t dflt = 0) {
  auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : dflt;
}

std::string text_of(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

StepInput parse_step_input(const json::object& body, std::vector<domain::FieldError>& errs) {
  StepInput in;
  Reader r(body, "", errs);
  if (auto s = r.integer("step", 1, 25)) in.step = static_cast<int>(*s);
  in.date = r.date("date");
  in.corrects = r.integer("corrects", 1, INT64_MAX);
  in.correction_reason = r.text("correction_reason");
  in.version = r.integer("version", 1, INT64_MAX);
  json::object& f = in.facts;

  if (auto* people = r.array("people")) {
    json::array out;
    for (size_t i = 0; i < people->size() && i < 50; ++i) {
      const std::string prefix = "people[" + std::to_string(i) + "].";
      if (!(*people)[i].is_object()) {
        errs.push_back({"people[" + std::to_string(i) + "]", "invalid_type", "应为对象"});
        continue;
      }
      Reader p((*people)[i].as_object(), prefix, errs);
      auto name = p.text("name", 50);
      auto member_id = p.integer("member_id", 1, INT64_MAX);
      auto role = p.text("role", 50);
      if (!name || name->empty()) {
        if (!member_id) p.error("name", "required", "须填写姓名或选择党员");
      }
      in.people_member_ids.push_back(member_id);
      out.push_back(json::object{{"name", name.value_or("")},
                                 {"member_id", member_id ? json::value(*member_id) : json::value(nullptr)},
                                 {"role", role ? json::value(*role) : json::value(nullptr)}});
    }
    f["people"] = std::move(out);
  }
  if (auto* docs = r.array("documents")) {
    json::array out;
    for (size_t i = 0; i < docs->size() && i < 50; ++i) {
      if (!(*docs)[i].is_string()) {
        errs.push_back({"documents[" + std::to_string(i) + "]", "invalid_type", "应为文本"});
        continue;
      }
      out.push_back((*docs)[i]);
    }
    f["documents"] = std::move(out);
  }
  if (auto b = r.boolean("passed")) f["passed"] = *b;
  if (auto d = r.integer("training_days", 0, 366)) f["training_days"] = *d;
  if (auto h = r.number("training_hours", 0, 5000)) f["training_hours"] = *h;
  if (auto* a = r.object("attendance")) {
    Reader ar(*a, "attendance.", errs);
    json::object out;
    for (const char* k : {"should_attend", "present", "written"}) {
      auto n = ar.integer(k, 0, kMaxCount);
      if (!n && std::string(k) != "written") ar.error(k, "required", "必填项");
      out[k] = n.value_or(0);
    }
    // Why a typed N differs from the roster on the meeting date (R-D15; checked by the service).
    if (auto reason = ar.text("n_reason"); reason && !reason->empty()) out["n_reason"] = *reason;
    f["attendance"] = std::move(out);
  }
  if (auto* b = r.object("ballot")) {
    Reader br(*b, "ballot.", errs);
    json::object out;
    for (const char* k : {"yes", "no", "abstain", "written_yes", "written_no", "written_abstain"})
      out[k] = br.integer(k, 0, kMaxCount).value_or(0);
    f["ballot"] = std::move(out);
  }
  if (auto o = r.text("conversion_outcome", 20)) {
    static const std::set<std::string> outcomes = {"on_time", "extend", "cancel"};
    if (!outcomes.contains(*o)) r.error("conversion_outcome", "conversion_outcome.invalid", "讨论结果只能是 on_time（按期转正）、extend（延长预备期）或 cancel（取消预备党员资格）");
    else f["conversion_outcome"] = *o;
  }
  if (auto m = r.integer("extension_months", 0, 36)) f["extension_months"] = *m;
  in.approver_org_id = r.integer("approver_org_id", 1, INT64_MAX);
  if (auto s = r.text("override_reason")) f["override_reason"] = *s;
  if (auto d = r.date("planned_departure")) f["planned_departure"] = *d;
  if (auto d = r.date("notice_start")) f["notice_start"] = *d;
  if (auto s = r.text("note", 2000)) f["note"] = *s;
  if (!in.corrects && !in.step) r.error("step", "required", "必填项");
  if (!in.date) {
    if (!r.get("date")) r.error("date", "required", "必填项");
  }
  if (in.corrects && (!in.correction_reason || in.correction_reason->empty()))
    r.error("correction_reason", "required", "更正记录须说明更正原因");
  return in;
}

domain::StepRecord to_step_record(int step, domain::Date date, const json::object& f) {
  domain::StepRecord r;
  r.step = step;
  r.date = date;
  if (auto* people = f.if_contains("people"); people && people->is_array()) {
    for (const auto& pv : people->as_array()) {
      const auto& p = pv.as_object();
      domain::Participant part;
      part.name = text_of(p, "name");
      if (auto* id = p.if_contains("member_id"); id && id->is_int64()) part.member_id = id->as_int64();
      // Standing as stored when the step was recorded; a person given by name alone is not known
      // to be a full member.
      part.standing.category = text_of(p, "category");
      part.standing.status = p.contains("status") ? text_of(p, "status") : std::string("normal");
      r.people.push_back(std::move(part));
    }
  }
  if (auto* docs = f.if_contains("documents"); docs && docs->is_array())
    for (const auto& d : docs->as_array())
      if (d.is_string()) r.documents.emplace_back(d.as_string());
  if (auto* p = f.if_contains("passed"); p && p->is_bool()) r.passed = p->as_bool();
  r.training_days = static_cast<int>(int_of(f, "training_days"));
  if (auto* h = f.if_contains("training_hours"); h && h->is_number()) r.training_hours = h->to_number<double>();
  if (auto* a = f.if_contains("attendance"); a && a->is_object()) {
    const auto& o = a->as_object();
    r.attendance = domain::MeetingAttendance{static_cast<int>(int_of(o, "should_attend")),
                                             static_cast<int>(int_of(o, "present")), static_cast<int>(int_of(o, "written"))};
  }
  if (auto* b = f.if_contains("ballot"); b && b->is_object()) {
    const auto& o = b->as_object();
    domain::Ballot bal;
    bal.yes = static_cast<int>(int_of(o, "yes"));
    bal.no = static_cast<int>(int_of(o, "no"));
    bal.abstain = static_cast<int>(int_of(o, "abstain"));
    bal.written_yes = static_cast<int>(int_of(o, "written_yes"));
    bal.written_no = static_cast<int>(int_of(o, "written_no"));
    bal.written_abstain = static_cast<int>(int_of(o, "written_abstain"));
    r.ballot = bal;
  }
  r.conversion_outcome = text_of(f, "conversion_outcome");
  r.extension_months = static_cast<int>(int_of(f, "extension_months"));
  if (auto* a = f.if_contains("approver_can_approve"); a && a->is_bool()) r.approver_can_approve = a->as_bool();
  r.override_reason = text_of(f, "override_reason");
  return r;
}

std::vector<StepRow> active_steps(const std::vector<StepRow>& all) {
  std::set<int64_t> corrected;
  for (const auto& s : all)
    if (s.corrects_id) corrected.insert(*s.corrects_id);
  std::vector<StepRow> out;
  for (const auto& s : all)
    if (!corrected.contains(s.id)) out.push_back(s);
  return out;
}

domain::RecruitCase to_case(const CaseRecord& c, const std::vector<StepRow>& active, const domain::RecruitPack& pack) {
  domain::RecruitCase rc;
  rc.birth_date = *domain::Date::parse(c.birth_date);
  for (const auto& s : active) {
    const json::object facts = json::parse(s.facts_json).as_object();
    const domain::Date date = *domain::Date::parse(s.date);
    rc.records.push_back(to_step_record(s.step, date, facts));
    // A 公示 started after the step a notice point follows is recorded with that step.
    if (auto ns = domain::Date::parse(text_of(facts, "notice_start")))
      for (const auto& np : pack.notice_points)
        if (np.after_step == s.step) rc.notice_starts[np.code] = *ns;
    if (auto pd = domain::Date::parse(text_of(facts, "planned_departure"))) rc.planned_departure = *pd;
  }
  return rc;
}

}  // namespace lianxin::modules::recruit::detail
