#pragma once

#include "http/api.hpp"
#include "modules/recruit/recruit_service.hpp"

namespace lianxin::modules::recruit {

// Registers /api/recruitment/... on the router; the service must outlive the router.
void register_recruit_routes(http::Router& router, RecruitService& svc);

}  // namespace lianxin::modules::recruit

#include "modules/recruit/recruit_attachments.hpp"
#include "modules/recruit/recruit_ledger.hpp"
#include "modules/recruit/recruit_meeting.hpp"

namespace lianxin::modules::recruit {

// The ledger (counts, XLSX), a member's own case (/api/auth/me/recruitment), step attachments and
// multi-candidate branch meetings (recruit_ledger_routes.cpp); the services must outlive the router.
void register_recruit_ledger_routes(http::Router& router, RecruitLedger& ledger, RecruitAttachments& attachments,
                                    RecruitMeetings& meetings);

}  // namespace lianxin::modules::recruit
