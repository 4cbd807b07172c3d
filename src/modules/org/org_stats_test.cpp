// The subtree rollups must equal a full recount after any sequence of changes: creates, moves of
// members and of whole subtrees, status changes, edits, dissolutions. Run on every backend.
#include <random>

#include "http/errors.hpp"
#include "modules/common/test_support.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"
#include "modules/org/org_stats.hpp"

namespace lianxin::modules::testing {
namespace {

using member::MemberService;
using org::OrgDraft;
using org::OrgService;

class OrgStatsTest : public ModuleTest {
protected:
  int64_t org(const std::string& code, const std::string& kind, std::optional<int64_t> parent) {
    OrgDraft d;
    d.code = code;
    d.name = "组织" + code;
    d.kind = kind;
    d.parent_id = parent;
    return OrgService(*ctx).create(d, {}).id;
  }

  int64_t member(int64_t branch, int n, std::mt19937& rng) {
    domain::Date birth{1950 + static_cast<int>(rng() % 45), 1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28)};
    MemberService::Input in;
    in.org_id = branch;
    in.draft.name = "党员" + std::to_string(n);
    in.draft.id_number = id_number(birth, n * 2 + 1 + static_cast<int>(rng() % 2));
    bool probationary = rng() % 10 == 0;
    in.draft.category = probationary ? "probationary" : "full";
    in.draft.join_date = probationary ? "2026-03-01" : domain::add_years(birth, 25).iso();
    if (!probationary) in.draft.full_date = domain::add_years(birth, 26).iso();
    static const char* edus[] = {"bachelor", "postgraduate", "secondary", "junior_high"};
    if (rng() % 5) in.draft.education = edus[rng() % 4];
    if (rng() % 4) in.draft.ethnicity = rng() % 6 ? "汉族" : "回族";
    return MemberService(*ctx).create(in, {}, http::Scope::all()).id;
  }

  std::vector<std::string> verify() {
    return db->read_value([](db::Tx& tx) { return org::verify_stats(tx); });
  }
};

TEST_P(OrgStatsTest, RollupsEqualRecountAfterRandomChanges) {
  std::mt19937 rng(20261121);
  int64_t county = org("C", "committee", std::nullopt);
  std::vector<int64_t> committees = {org("B1", "basic_committee", county), org("B2", "basic_committee", county),
                                     org("B3", "basic_committee", county)};
  int64_t general = org("G1", "general_branch", committees[0]);
  std::vector<int64_t> branches;
  for (int i = 0; i < 10; ++i) {
    int64_t parent = i < 3 ? general : committees[static_cast<size_t>(i % 3)];
    branches.push_back(org("S" + std::to_string(i), i == 9 ? "joint_branch" : "branch", parent));
  }
  org("P1", "party_group", branches[0]);
  std::vector<int64_t> members;
  for (int n = 0; n < 120; ++n) members.push_back(member(branches[rng() % branches.size()], n, rng));
  ASSERT_TRUE(verify().empty());

  MemberService ms(*ctx);
  OrgService os(*ctx);
  int done[5] = {0, 0, 0, 0, 0};
  static const char* statuses[] = {"normal", "mobile", "lost_contact", "expelled", "deceased", "transferred_out"};
  for (int step = 0; step < 150; ++step) {
    int64_t m = members[rng() % members.size()];
    int op = static_cast<int>(rng() % 5);
    ++done[op];  // taken back below when the service refused the change
    switch (op) {
      case 0: {  // move a member to another branch
        MemberService::Input patch;
        patch.org_id = branches[rng() % branches.size()];
        try { ms.update(m, patch, std::nullopt, std::nullopt, {}, http::Scope::all()); } catch (const http::ApiError&) { --done[op]; }
        break;
      }
      case 1: {  // a status decision carrying what the status table asks for; where only a module may
                 // record it (流动: mobile, 已转出: transfer), as that module
        const std::string to = statuses[rng() % 6];
        const std::optional<std::string> kind = to == "lost_contact" ? std::optional<std::string>("1")
                                                : to == "expelled"   ? std::optional<std::string>("expulsion")
                                                                     : std::nullopt;
        bool changed = false;
        for (const char* source : {"manual", "mobile", "transfer"}) {
          try {
            ms.change_status(m, {.status = to, .reason = "测试", .approver = "测试县委", .kind = kind,
                                 .lost_since = "2025-01-01", .source = source}, {}, http::Scope::all());
            changed = true;
            break;
          } catch (const http::ApiError&) {  // not allowed from the current status (or unchanged)
          }
        }
        if (!changed) --done[op];
        break;
      }
      case 2: {  // edit fields that are statistics dimensions
        MemberService::Input patch;
        patch.draft.education = rng() % 2 ? "bachelor" : "";
        patch.draft.ethnicity = rng() % 2 ? "汉族" : "";
        ms.update(m, patch, std::nullopt, std::nullopt, {}, http::Scope::all());
        break;
      }
      case 3: {  // move a branch to another committee
        int64_t b = branches[rng() % branches.size()];
        try { os.move(b, committees[rng() % 3], std::nullopt, std::nullopt, {}); } catch (const http::ApiError&) { --done[op]; }
        break;
      }
      case 4:  // move the general branch subtree around
        try { os.move(general, committees[rng() % 3], std::nullopt, std::nullopt, {}); } catch (const http::ApiError&) { --done[op]; }
        break;
    }
  }
  for (int op = 0; op < 5; ++op) EXPECT_GE(done[op], 5) << "operation " << op << " rarely succeeded";
  // A branch emptied of current members can be dissolved; its rollup contribution goes with it.
  int64_t empty = org("S-empty", "branch", committees[1]);
  os.dissolve(empty, std::nullopt, "合并", {});
  auto diffs = verify();
  EXPECT_TRUE(diffs.empty()) << diffs.size() << " differences, first: " << (diffs.empty() ? "" : diffs[0]);

  // And the root rollup matches a direct count of current members.
  int64_t current = db->read_value([](db::Tx& tx) {
    return tx.query_int("SELECT count(*) FROM members WHERE status IN ('normal', 'mobile', 'lost_contact', 'suspended')");
  });
  auto root = db->read_value([&](db::Tx& tx) { return org::read_stats(tx, county, "committee"); });
  EXPECT_EQ(root["members"], current);
  EXPECT_EQ(root["orgs:branch"] + root["orgs:joint_branch"], 10);
  EXPECT_EQ(root["orgs:party_group"], 1);
}

TEST_P(OrgStatsTest, SubtreeMatchesWholePathSegmentsOnly) {
  int64_t root = org("R", "committee", std::nullopt);
  std::vector<int64_t> ids;
  while (ids.empty() || ids.back() < 51) ids.push_back(org("K" + std::to_string(ids.size()), "basic_committee", root));
  int64_t five = 5, fifty = 50;
  org("under5", "branch", five);
  org("under50", "branch", fifty);
  http::PageRequest page;
  page.limit = 100;
  auto sub = OrgService(*ctx).subtree(five, http::Scope::all(), page, false);
  EXPECT_EQ(sub.at("total").as_int64(), 2);  // org 5 and its branch, not org 50's subtree
  for (const auto& item : sub.at("items").as_array())
    EXPECT_NE(item.at("code").as_string(), "under50");
}

INSTANTIATE_TEST_SUITE_P(Backends, OrgStatsTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
