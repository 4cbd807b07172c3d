// A branch meeting with several candidates: one write transaction around RecruitService's
// record_step_in for each case, so every case gets exactly the record a single-step call would
// store (same checks, same audit), and nothing is stored unless every candidate can be.
#include "modules/recruit/recruit_meeting.hpp"

#include <set>

#include "http/errors.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::recruit {

namespace json = boost::json;

namespace {

constexpr size_t kMaxCandidates = 50;

const json::value* field(const json::object& o, const char* k) {
  const json::value* v = o.if_contains(k);
  return v && !v->is_null() ? v : nullptr;
}

}  // namespace

json::object RecruitMeetings::record(const json::object& body, const ChangeMeta& meta, const http::Scope& scope) {
  std::vector<domain::FieldError> errs;
  const json::value* org_v = field(body, "org_id");
  const json::value* step_v = field(body, "step");
  const json::value* cands_v = field(body, "candidates");
  if (!org_v || !org_v->is_int64()) errs.push_back({"org_id", "org_id.required", "须指定召开支部大会的党支部"});
  if (!step_v || !step_v->is_int64() || (step_v->as_int64() != 15 && step_v->as_int64() != 23))
    errs.push_back({"step", "step.invalid", "支部大会只能记录第15步（讨论接收预备党员）或第23步（讨论预备党员转正）"});
  if (!cands_v || !cands_v->is_array() || cands_v->as_array().empty())
    errs.push_back({"candidates", "candidates.required", "至少须有一名讨论对象"});
  else if (cands_v->as_array().size() > kMaxCandidates)
    errs.push_back({"candidates", "candidates.too_many", "一次最多记录50名讨论对象"});
  if (!errs.empty()) throw http::validation_failed(errs);

  const int64_t org_id = org_v->as_int64();
  const int step = static_cast<int>(step_v->as_int64());
  const json::array& cands = cands_v->as_array();
  // What every candidate's record shares.
  json::object shared{{"step", step}};
  for (const char* k : {"date", "attendance", "note"})
    if (const auto* v = field(body, k)) shared[k] = *v;

  return ctx_.db.write_value([&](db::Tx& tx) {
    org::OrgService orgs(ctx_);
    auto o = orgs.find(tx, org_id);
    if (!o) throw http::not_found("组织");
    scope.require(o->path, "组织");
    std::set<int64_t> seen;
    std::vector<json::object> bodies;
    std::vector<int64_t> ids;
    for (size_t i = 0; i < cands.size(); ++i) {
      const std::string at = "candidates[" + std::to_string(i) + "]";
      if (!cands[i].is_object()) {
        errs.push_back({at, "invalid_type", "应为对象"});
        continue;
      }
      const json::object& c = cands[i].as_object();
      const json::value* id = field(c, "case_id");
      if (!id || !id->is_int64()) {
        errs.push_back({at + ".case_id", "required", "必填项"});
        continue;
      }
      if (!seen.insert(id->as_int64()).second) {
        errs.push_back({at + ".case_id", "candidates.duplicate", "同一人在一次支部大会中只表决一次"});
        continue;
      }
      auto row = tx.query_one("SELECT org_id FROM recruit_cases WHERE id = $1", {id->as_int64()});
      if (!row) throw http::not_found("发展党员档案");
      if (row->i64(0) != org_id) {
        auto co = orgs.find(tx, row->i64(0));
        scope.require(co->path, "发展党员档案");
        errs.push_back({at + ".case_id", "candidates.other_branch", "该发展对象不属于召开大会的党支部"});
        continue;
      }
      json::object b = shared;
      for (const char* k : {"ballot", "conversion_outcome", "extension_months", "version", "override_reason"})
        if (const auto* v = field(c, k)) b[k] = *v;
      if (!b.contains("ballot")) b["ballot"] = json::object{};
      ids.push_back(id->as_int64());
      bodies.push_back(std::move(b));
    }
    if (!errs.empty()) throw http::validation_failed(errs);

    // Each candidate separately; 422s are collected so that the answer names every candidate that
    // cannot be recorded, anything else (scope, version) stops at once. Nothing commits on error.
    json::array results;
    for (size_t i = 0; i < ids.size(); ++i) {
      const std::string at = "candidates[" + std::to_string(i) + "]";
      try {
        json::object out = svc_.record_step_in(tx, ids[i], bodies[i], meta, scope);
        const json::object& rec = out.at("record").as_object();
        const json::object& cs = out.at("case").as_object();
        results.push_back(json::object{{"case_id", ids[i]},
                                       {"name", cs.at("name")},
                                       {"record_id", rec.at("id")},
                                       {"vote", rec.contains("vote") ? rec.at("vote") : json::value(nullptr)},
                                       {"findings", out.at("findings")},
                                       {"state", cs.at("state")},
                                       {"current_step", cs.at("current_step")},
                                       {"next_step", cs.at("next_step")}});
      } catch (const http::ApiError& e) {
        if (e.status != 422) throw;
        if (e.details.empty()) errs.push_back({at + (e.field.empty() ? "" : "." + e.field), e.code, e.message});
        for (const auto& d : e.details)
          errs.push_back({d.field == "step" ? at : at + "." + d.field, d.code, d.message});
      }
    }
    if (!errs.empty()) throw http::validation_failed(errs);
    return json::object{{"org_id", org_id},
                        {"step", step},
                        {"date", shared.contains("date") ? shared.at("date") : json::value(nullptr)},
                        {"attendance", shared.contains("attendance") ? shared.at("attendance") : json::value(nullptr)},
                        {"request_id", meta.request_id},
                        {"results", std::move(results)}};
  });
}

}  // namespace lianxin::modules::recruit
