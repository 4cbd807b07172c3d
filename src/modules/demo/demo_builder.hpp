// Builds the demo tree county by county and writes it in steps: each step runs in one write
// transaction and adds organizations until ~10,000 new members are waiting, then writes those
// with MemberService::bulk_create (which also applies their rollups in aggregate) and the
// committee terms with one bulk insert.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/common/context.hpp"
#include "modules/demo/demo_generator.hpp"
#include "modules/demo/demo_people.hpp"
#include "modules/demo/demo_plan.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"

namespace lianxin::modules::demo {

class DemoBuilder {
public:
  static constexpr size_t kMembersPerStep = 10'000;

  DemoBuilder(ModuleContext& ctx, const DemoOptions& opts);
  // Writes the next step inside `tx`; false once everything has been written.
  bool step(db::Tx& tx);
  const DemoResult& result() const { return result_; }

private:
  struct OrgSpec {
    const org::OrgRecord* parent = nullptr;
    std::string code, name, kind;
    bool village = false;
    std::optional<std::string> host_unit, region_code;
  };

  bool done() const { return county_ >= plan_.counties.size(); }
  int64_t remaining() const { return plan_.counties[county_].target - county_members_; }
  void advance(db::Tx& tx);
  void open_county(db::Tx& tx);
  const org::OrgRecord* county_parent(db::Tx& tx, const CountyPlan& c);
  void add_direct_branches(db::Tx& tx);
  void add_town(db::Tx& tx, int index);
  void add_unit(db::Tx& tx, int index);
  void add_general_branch(db::Tx& tx, const org::OrgRecord& parent, const std::string& code, const std::string& name,
                          bool village, Sector sector, int branches);
  void add_branch(db::Tx& tx, const org::OrgRecord& parent, const std::string& code, const std::string& name,
                  const std::string& kind, bool village, Sector sector);
  org::OrgRecord add_org(db::Tx& tx, const OrgSpec& spec);
  void maybe_term(const org::OrgRecord& o, bool village, int64_t full_members);
  int64_t branch_size();
  void flush(db::Tx& tx);

  ModuleContext& ctx_;
  org::OrgService orgs_;
  member::MemberService members_;
  ChangeMeta meta_;
  domain::Date today_;
  Rng rng_;
  PersonFactory people_;
  DemoPlan plan_;

  size_t county_ = 0;
  bool county_open_ = false;
  int64_t county_members_ = 0;
  int basic_index_ = 0;
  std::string county_name_;
  std::optional<org::OrgRecord> province_, county_rec_;
  std::vector<std::optional<org::OrgRecord>> cities_;

  std::vector<member::MemberService::NewMember> pending_;
  std::vector<db::Params> terms_;
  DemoResult result_;
};

}  // namespace lianxin::modules::demo
