// The demo generator: deterministic per seed, people that pass every member rule, the tree shape
// of scale.md §3, and rollups that agree with a full recount.
#include <map>
#include <set>

#include "domain/id_number.hpp"
#include "modules/common/test_support.hpp"
#include "modules/demo/demo_generator.hpp"
#include "modules/demo/demo_people.hpp"
#include "modules/demo/demo_plan.hpp"
#include "modules/io/member_draft.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_stats.hpp"

namespace lianxin::modules::testing {
namespace {

using demo::DemoOptions;

// Name and ID number of the first n members, in insertion order.
std::vector<std::pair<std::string, std::string>> first_members(ModuleContext& ctx, int n) {
  member::MemberService members(ctx);
  return ctx.db.read_value([&](db::Tx& tx) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : tx.query("SELECT id FROM members ORDER BY id LIMIT " + std::to_string(n))) {
      auto m = members.find(tx, r.i64(0));
      out.emplace_back(m->name, members.decrypt(m->id_enc));
    }
    return out;
  });
}

TEST(DemoPeople, EveryGeneratedMemberPassesTheMemberRules) {
  const domain::Date today{2026, 11, 21};
  demo::PersonFactory people(today);
  people.start_county("370921", "青山县");
  demo::Rng rng(42);
  std::set<std::string> ids;
  int probationary = 0, old = 0, male = 0;
  const demo::Sector sectors[] = {demo::Sector::village, demo::Sector::government, demo::Sector::enterprise};
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const domain::MemberFields f = people.make(rng, sectors[i % 3], false);
    const auto v = domain::validate_member(io::draft_from_fields(f), today);
    ASSERT_TRUE(v.ok()) << f.id_number << ": " << v.errors[0].code << " " << v.errors[0].message;
    ASSERT_TRUE(ids.insert(f.id_number).second) << "duplicate " << f.id_number;
    probationary += f.category == "probationary";
    old += domain::completed_years(f.birth_date, today) >= 61;
    male += f.gender == "male";
  }
  EXPECT_NEAR(probationary / double(n), 0.02, 0.005);
  EXPECT_NEAR(old / double(n), 0.28, 0.04);
  EXPECT_NEAR(male / double(n), 0.70, 0.02);
}

TEST(DemoPlan, ProvinceFromFiveMillionMembers) {
  EXPECT_FALSE(demo::plan_demo(2000).province);
  const demo::DemoPlan p = demo::plan_demo(10'000'000);
  EXPECT_TRUE(p.province);
  EXPECT_EQ(p.counties.size(), 286u);
  int64_t total = 0;
  std::set<std::string> codes;
  for (const auto& c : p.counties) {
    total += c.target;
    codes.insert(c.address_code);
  }
  EXPECT_EQ(total, 10'000'000);
  EXPECT_EQ(codes.size(), p.counties.size());
}

class DemoGeneratorTest : public ModuleTest {};

TEST_P(DemoGeneratorTest, SameSeedSameMembersOtherSeedOthers) {
  demo::generate_demo(*ctx, DemoOptions{400, 7}, {});
  const auto first = first_members(*ctx, 30);

  if (!sqlite()) GTEST_SKIP() << "a second PostgreSQL database is not available";
  const std::string other_path = sqlite_path() + ".second";
  auto other_db = db::open_database("sqlite:" + other_path);
  db::migrate(*other_db);
  ModuleContext other{*other_db, *cipher};
  other.today = ctx->today;
  demo::generate_demo(other, DemoOptions{400, 7}, {});
  EXPECT_EQ(first_members(other, 30), first);
  other_db->close();

  auto third_db = db::open_database("sqlite:" + sqlite_path() + ".third");
  db::migrate(*third_db);
  ModuleContext third{*third_db, *cipher};
  third.today = ctx->today;
  demo::generate_demo(third, DemoOptions{400, 8}, {});
  EXPECT_NE(first_members(third, 30), first);
  third_db->close();
}

TEST_P(DemoGeneratorTest, CountyTreeWithValidMembersAndConsistentRollups) {
  std::vector<std::string> lines;
  const demo::DemoResult r =
      demo::generate_demo(*ctx, DemoOptions{3000, 1}, [&](std::string s) { lines.push_back(s); });
  EXPECT_NEAR(static_cast<double>(r.members), 3000.0, 3.0);
  EXPECT_FALSE(lines.empty());

  std::map<std::string, int64_t> kinds;
  db->read([&](db::Tx& tx) {
    for (const auto& row : tx.query("SELECT kind, COUNT(*) FROM orgs GROUP BY kind")) kinds[row.text(0)] = row.i64(1);
  });
  for (const char* k : {"committee", "basic_committee", "general_branch", "branch", "joint_branch", "party_group"}) {
    EXPECT_GT(kinds[k], 0) << k;
  }
  EXPECT_EQ(kinds["committee"], 1);
  EXPECT_GT(db->read_value(
                [](db::Tx& tx) { return tx.query_int("SELECT COUNT(*) FROM orgs WHERE village_or_community = 1"); }),
            0);
  EXPECT_GT(r.terms, 0);

  member::MemberService members(*ctx);
  db->read([&](db::Tx& tx) {
    for (const auto& row : tx.query("SELECT id_enc FROM members")) {
      const std::string id = members.decrypt(row.text(0));
      ASSERT_TRUE(domain::check_id_number(id, ctx->today()).ok()) << id;
    }
  });
  EXPECT_EQ(db->read_value([](db::Tx& tx) { return org::verify_stats(tx); }), std::vector<std::string>{});
  EXPECT_THROW(demo::generate_demo(*ctx, DemoOptions{10, 1}, {}), std::runtime_error);
}

TEST_P(DemoGeneratorTest, TermsIncludeDueSoonAndOverdue) {
  demo::generate_demo(*ctx, DemoOptions{2000, 3}, {});
  const std::string today = ctx->today().iso();
  const std::string soon = domain::add_months(ctx->today(), 6).iso();
  db->read([&](db::Tx& tx) {
    EXPECT_GT(tx.query_int("SELECT COUNT(*) FROM org_terms WHERE due_date < $1", {today}), 0);
    EXPECT_GT(tx.query_int("SELECT COUNT(*) FROM org_terms WHERE due_date >= $1 AND due_date < $2", {today, soon}), 0);
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoGeneratorTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
