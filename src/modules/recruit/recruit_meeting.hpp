// One 支部党员大会 that discusses several candidates (R-D15, R-D23): the attendance is recorded
// once, each candidate has a separate ballot (computed separately by domain/branch_vote), and the
// step (15 admission, 23 conversion) is recorded on every case in one transaction — any blocking
// finding on any candidate refuses the whole meeting. The records share the request id.
#pragma once

#include <cstdint>

#include <boost/json.hpp>

#include "http/api.hpp"
#include "modules/common/context.hpp"
#include "modules/recruit/recruit_service.hpp"

namespace lianxin::modules::recruit {

class RecruitMeetings {
public:
  RecruitMeetings(ModuleContext& ctx, RecruitService& svc) : ctx_(ctx), svc_(svc) {}

  // Body: {org_id, step: 15|23, date, attendance: {should_attend, present, written},
  //        candidates: [{case_id, ballot: {yes, no, abstain, written_*}, conversion_outcome?,
  //                      extension_months?, version?}], note?}
  // 422 field errors (candidates[i].case_id, ...) or every candidate's blocking findings (field
  // "candidates[i]", the rule id as code); 404/403 outside the scope; 409 on a stale version.
  boost::json::object record(const boost::json::object& body, const ChangeMeta& meta, const http::Scope& scope);

  RecruitService& service() { return svc_; }

private:
  ModuleContext& ctx_;
  RecruitService& svc_;
};

}  // namespace lianxin::modules::recruit
