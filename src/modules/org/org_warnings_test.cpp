// Warnings of a whole subtree (OrgService::subtree_warnings) are exactly the warnings of each of its
// organizations (OrgService::warnings, the per-organization rules), in (path, rule id) order and
// paginated without loss; the own member counts they rest on follow member changes and are
// checked and repaired by verify_stats / rebuild_stats. Run on every backend.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "modules/common/test_support.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_repo.hpp"
#include "modules/org/org_service.hpp"
#include "modules/org/org_stats.hpp"

namespace lianxin::modules::testing {
namespace {

namespace json = boost::json;
using member::MemberService;
using org::OrgDraft;
using org::OrgService;

class OrgWarningsTest : public ModuleTest {
protected:
  int64_t org(const std::string& code, const std::string& kind, std::optional<int64_t> parent) {
    OrgDraft d;
    d.code = code;
    d.name = "组织" + code;
    d.kind = kind;
    d.parent_id = parent;
    return OrgService(*ctx).create(d, {}).id;
  }
  int64_t member(int64_t branch, int n, bool full = true) {
    MemberService::Input in;
    in.org_id = branch;
    in.draft.name = "党员" + std::to_string(n);
    in.draft.id_number = id_number({1980, 1, 1 + n % 28}, n * 2 + 1);
    in.draft.category = full ? "full" : "probationary";
    in.draft.join_date = full ? "2005-07-01" : "2026-03-01";
    if (full) in.draft.full_date = "2006-07-01";
    return MemberService(*ctx).create(in, {}, http::Scope::all()).id;
  }
  void term(int64_t id, const char* elected, bool committee) {
    OrgService(*ctx).add_term(id, json::object{{"elected_date", elected}, {"has_committee", committee}}, {});
  }
  // Every warning of the subtree, one organization at a time, as "path rule_id".
  std::vector<std::string> expected(int64_t root_id) {
    OrgService os(*ctx);
    http::PageRequest all;
    all.limit = 500;
    std::vector<std::string> out;
    auto sub = os.subtree(root_id, http::Scope::all(), all, false);
    for (const auto& item : sub.at("items").as_array()) {
      auto o = os.get(item.at("id").as_int64(), http::Scope::all());
      auto ws = db->read_value([&](db::Tx& tx) { return os.warnings(tx, o); });
      for (const auto& w : ws) out.push_back(o.path + " " + w.rule_id);
    }
    return out;
  }
  std::vector<std::string> listed(int64_t root_id, int limit, int64_t* total, int* pages) {
    OrgService os(*ctx);
    std::vector<std::string> out;
    std::optional<std::string> next;
    *pages = 0;
    do {
      http::PageRequest page;
      page.limit = limit;
      if (next) page.after = http::decode_cursor(*next);
      auto body = os.subtree_warnings(root_id, http::Scope::all(), page);
      *total = body.at("total").as_int64();
      for (const auto& it : body.at("items").as_array())
        out.push_back(std::string(it.at("org").at("path").as_string()) + " " + std::string(it.at("rule_id").as_string()));
      next = body.at("next").is_null() ? std::nullopt : std::optional<std::string>(body.at("next").as_string());
      ++*pages;
    } while (next && *pages < 100);
    return out;
  }
};

TEST_P(OrgWarningsTest, SubtreeListIsEveryOrganizationsWarningsInPathOrder) {
  int64_t county = org("C", "committee", std::nullopt);
  int64_t basic = org("B", "basic_committee", county);
  int64_t general = org("G", "general_branch", basic);
  int64_t small = org("S1", "branch", basic);         // 2 full: R-O01, no term: R-O09
  int64_t big = org("S2", "branch", general);         // 7 full, no committee: R-O06; overdue: R-O11
  int64_t fine = org("S3", "branch", general);        // 3 full + term with committee: none
  int64_t dissolved = org("S4", "branch", basic);     // dissolved: none
  org("P1", "party_group", big);                      // never any
  int n = 0;
  for (int i = 0; i < 2; ++i) member(small, ++n);
  for (int i = 0; i < 7; ++i) member(big, ++n);
  for (int i = 0; i < 3; ++i) member(fine, ++n);
  member(fine, ++n, false);
  term(basic, "2024-01-01", true);
  term(general, "2025-06-01", true);
  term(big, "2020-01-01", false);
  term(fine, "2025-01-01", true);
  OrgService(*ctx).dissolve(dissolved, std::nullopt, "撤销", {});

  auto want = expected(county);
  ASSERT_EQ(want.size(), 4u);  // S1 R-O01 R-O09, S2 R-O06 R-O11
  int64_t total = 0;
  int pages = 0;
  EXPECT_EQ(listed(county, 500, &total, &pages), want);
  EXPECT_EQ(total, 4);
  EXPECT_EQ(pages, 1);
  EXPECT_EQ(listed(county, 1, &total, &pages), want);  // one per page: the cursor loses nothing
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(total, 4);

  // A smaller subtree: only its own organizations.
  EXPECT_EQ(listed(general, 3, &total, &pages), expected(general));
  EXPECT_EQ(total, 2);

  // A member leaving (status no longer current) changes the counts the rules read.
  int64_t last = member(small, ++n);  // 3 full now: R-O01 goes
  EXPECT_EQ(listed(county, 500, &total, &pages).size(), 3u);
  MemberService(*ctx).change_status(last, {.status = "deceased"}, {}, http::Scope::all());
  EXPECT_EQ(listed(county, 500, &total, &pages), want);
}

TEST_P(OrgWarningsTest, ScopeAndCursorErrors) {
  int64_t a = org("A", "committee", std::nullopt);
  int64_t b = org("B", "committee", std::nullopt);
  int64_t ba = org("BA", "branch", b);
  auto path_of = [&](int64_t id) { return OrgService(*ctx).get(id, http::Scope::all()).path; };
  http::Scope only_a{false, {path_of(a)}, false, {path_of(a)}};
  http::PageRequest page;
  EXPECT_NO_THROW(OrgService(*ctx).subtree_warnings(a, only_a, page));
  try {
    OrgService(*ctx).subtree_warnings(ba, only_a, page);
    ADD_FAILURE() << "outside the scope must be 404";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.status, 404);
  }
  page.after = json::array{1, 2};  // not a (path, rule id) cursor
  try {
    OrgService(*ctx).subtree_warnings(a, only_a, page);
    ADD_FAILURE() << "a cursor of another shape must be 400";
  } catch (const http::ApiError& e) {
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.field, "after");
  }
}

TEST_P(OrgWarningsTest, VerifyFindsWrongOwnCountsAndRebuildRepairs) {
  int64_t c = org("C", "committee", std::nullopt);
  int64_t s = org("S", "branch", c);
  member(s, 1);
  member(s, 2, false);
  auto counts = db->read_value([&](db::Tx& tx) { return org::read_member_counts(tx, s); });
  EXPECT_EQ(counts.full, 1);
  EXPECT_EQ(counts.probationary, 1);
  EXPECT_TRUE(db->read_value([](db::Tx& tx) { return org::verify_stats(tx); }).empty());
  db->write([&](db::Tx& tx) { tx.exec("UPDATE org_member_counts SET full_members = 5 WHERE org_id = $1", {s}); });
  auto diffs = db->read_value([](db::Tx& tx) { return org::verify_stats(tx); });
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_NE(diffs[0].find("own:full: stored 5, actual 1"), std::string::npos) << diffs[0];
  db->write([](db::Tx& tx) { org::rebuild_stats(tx); });
  EXPECT_TRUE(db->read_value([](db::Tx& tx) { return org::verify_stats(tx); }).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, OrgWarningsTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
