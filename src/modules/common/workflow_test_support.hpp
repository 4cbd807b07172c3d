// Fixture for the tests of the workflow modules (transfers, introduction letters, mobile members,
// status changes): the module fixture with the org and member services and helpers that make an
// organization and a member with a synthetic ID number.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "modules/common/test_support.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::testing {

class WorkflowTest : public ModuleTest {
protected:
  void SetUp() override {
    ModuleTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    orgs = std::make_unique<org::OrgService>(*ctx);
    members = std::make_unique<member::MemberService>(*ctx);
  }

  org::OrgRecord org(const std::string& code, const std::string& name, const std::string& kind,
                     std::optional<int64_t> parent) {
    org::OrgDraft d;
    d.code = code, d.name = name, d.kind = kind, d.parent_id = parent;
    return orgs->create(d, {});
  }
  // Born 1985-04-12 with sequence `seq` (odd: male): full member since 2009-07-01, or 预备党员
  // admitted 2025-06-20.
  member::MemberService::Input member_input(int64_t org_id, int seq, bool probationary = false) {
    member::MemberService::Input in;
    in.org_id = org_id;
    in.draft.name = "测试党员" + std::to_string(seq);
    in.draft.id_number = id_number({1985, 4, 12}, seq);
    in.draft.category = probationary ? "probationary" : "full";
    in.draft.join_date = probationary ? "2025-06-20" : "2008-07-01";
    if (!probationary) in.draft.full_date = "2009-07-01";
    return in;
  }
  int64_t add_member(int64_t org_id, int seq, bool probationary = false) {
    return members->create(member_input(org_id, seq, probationary), meta, http::Scope::all()).id;
  }
  int64_t count(const std::string& sql) {
    return db->read_value([&](db::Tx& tx) { return tx.query_int(sql); });
  }

  ChangeMeta meta{"req-1", 0, "127.0.0.1", "tester", "test", ""};
  std::unique_ptr<org::OrgService> orgs;
  std::unique_ptr<member::MemberService> members;
};

}  // namespace lianxin::modules::testing
