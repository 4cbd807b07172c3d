// What happens to registered ID numbers (skip / update / fail), and undoing a committed batch.
#include "modules/io/io_test_support.hpp"

namespace lianxin::modules::testing {
namespace {

using io::BatchReport;
using io::DupPolicy;
using io::ImportKind;

class ImportPolicyTest : public IoTest {
protected:
  // Imports members 0..n-1 into Z1 and returns the committed batch.
  BatchReport seed_members(int n) { return commit(preview(member_file(n)).batch.id); }

  std::string mobile_of(int k) {
    return db->read_value([&](db::Tx& tx) {
      auto m = members->find_by_id_number(tx, test_id(k));
      return members->decrypt(m->mobile_enc);
    });
  }

  // Members 0..n-1 again, with a new phone number and a new member n.
  static std::string changed_file(int n) {
    std::string csv = member_header();
    for (int k = 0; k <= n; ++k) csv += member_row("党员" + std::to_string(k), test_id(k), "Z1", "13900139000");
    return csv;
  }
};

TEST_P(ImportPolicyTest, SkipLeavesRegisteredMembersAlone) {
  seed_members(3);
  const BatchReport p = preview(changed_file(3), ImportKind::members, DupPolicy::skip);
  EXPECT_EQ(p.existing_rows, 3);
  const BatchReport c = commit(p.batch.id);
  EXPECT_EQ(c.batch.created_count, 1);
  EXPECT_EQ(c.batch.skipped_count, 3);
  EXPECT_EQ(mobile_of(0), "13800138000");
}

TEST_P(ImportPolicyTest, UpdateChangesRegisteredMembersAndRollbackRestoresThem) {
  seed_members(3);
  const BatchReport c = commit(preview(changed_file(3), ImportKind::members, DupPolicy::update).batch.id);
  EXPECT_EQ(c.batch.created_count, 1);
  EXPECT_EQ(c.batch.updated_count, 3);
  EXPECT_EQ(mobile_of(0), "13900139000");
  EXPECT_EQ(count("SELECT COUNT(*) FROM import_updates"), 3);

  const BatchReport r = imports->rollback(c.batch.id, {}, http::everywhere());
  EXPECT_EQ(r.batch.state, "rolled_back");
  EXPECT_EQ(mobile_of(0), "13800138000");
  EXPECT_EQ(count("SELECT COUNT(*) FROM members"), 3);  // the new member is gone again
  EXPECT_TRUE(verify().empty());
}

TEST_P(ImportPolicyTest, FailRefusesTheWholeCommitListingTheRows) {
  seed_members(2);
  const BatchReport p = preview(changed_file(2), ImportKind::members, DupPolicy::fail);
  EXPECT_EQ(p.duplicate_rows, (std::vector<int64_t>{2, 3}));
  auto e = api_error([&] { commit(p.batch.id); });
  EXPECT_EQ(e.status, 409);
  EXPECT_EQ(e.code, "import.duplicates");
  ASSERT_EQ(e.details.size(), 2u);
  EXPECT_NE(e.details[0].message.find("第2行"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM members"), 2);  // the new member was not written either
}

TEST_P(ImportPolicyTest, RollbackRemovesCreatedMembers) {
  const BatchReport c = seed_members(40);
  ASSERT_EQ(count("SELECT COUNT(*) FROM members"), 40);
  imports->rollback(c.batch.id, {}, http::everywhere());
  EXPECT_EQ(count("SELECT COUNT(*) FROM members"), 0);
  EXPECT_TRUE(verify().empty());
  EXPECT_EQ(api_error([&] { imports->rollback(c.batch.id, {}, http::everywhere()); }).code, "import.not_committed");
}

TEST_P(ImportPolicyTest, RollbackIsBlockedOnceARowChanged) {
  const BatchReport c = seed_members(3);
  const auto m = db->read_value([&](db::Tx& tx) { return *members->find_by_id_number(tx, test_id(1)); });
  member::MemberService::Input patch;
  patch.draft.position = "组织委员";
  members->update(m.id, patch, std::nullopt, std::nullopt, {}, http::Scope::all());

  auto e = api_error([&] { imports->rollback(c.batch.id, {}, http::everywhere()); });
  EXPECT_EQ(e.status, 409);
  EXPECT_EQ(e.code, "import.rollback_blocked");
  ASSERT_EQ(e.details.size(), 1u);
  EXPECT_EQ(e.details[0].field, "member:" + std::to_string(m.id));
  EXPECT_NE(e.details[0].message.find(m.name), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM members"), 3);
}

TEST_P(ImportPolicyTest, BatchesAreListedNewestFirst) {
  seed_members(1);
  preview(member_file(1, "Z1", 5));
  int64_t total = 0;
  auto list = imports->list(std::nullopt, 10, total, kEveryBatch);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(total, 2);
  EXPECT_GT(list[0].id, list[1].id);
  EXPECT_EQ(list[1].state, "committed");
  EXPECT_EQ(imports->list(list[0].id, 10, total, kEveryBatch).size(), 1u);
}

TEST_P(ImportPolicyTest, ABatchBelongsToTheSubtreeItsRowsLandIn) {
  const http::Scope z1{false, {branch1.path}, false, {}};
  const http::Scope z2{false, {branch2.path}, false, {}};
  const http::Scope z2_sees_z1{false, {branch2.path}, false, {branch1.path}};
  const auto b = preview(member_file(2, "Z1"), io::ImportKind::members, io::DupPolicy::skip, z1, 7);
  EXPECT_EQ(b.batch.org_id, branch1.id);
  EXPECT_EQ(imports->get(b.batch.id, {8, z1}).batch.id, b.batch.id);  // another importer of Z1
  EXPECT_EQ(imports->get(b.batch.id, {7, http::Scope{false, {committee.path}, false, {}}}).batch.id, b.batch.id);
  EXPECT_EQ(api_error([&] { imports->get(b.batch.id, {7, z2}); }).status, 404);
  EXPECT_EQ(api_error([&] { imports->errors_csv(b.batch.id, {7, z2_sees_z1}); }).status, 403);
  int64_t total = 0;
  EXPECT_EQ(imports->list(std::nullopt, 10, total, {8, z2}).size(), 0u);
  EXPECT_EQ(total, 0);
  EXPECT_EQ(imports->list(std::nullopt, 10, total, {8, z1}).size(), 1u);
  // Rows in two branches: the batch belongs to their committee.
  const auto both = preview(member_file(1, "Z1", 10) + member_row("乙", test_id(11), "Z2"));
  EXPECT_EQ(both.batch.org_id, committee.id);
  // Committing from outside: not found, before any row is looked at.
  ChangeMeta other;
  other.user_id = 8;
  EXPECT_EQ(api_error([&] { imports->commit(b.batch.id, false, other, [&](std::string_view) { return z2; }); }).status,
            404);
  // A file whose rows name no known organization reaches none: its uploader's alone.
  const auto bad = preview(member_header() + member_row("丙", test_id(20), "NOPE"), io::ImportKind::members,
                           io::DupPolicy::skip, z1, 7);
  EXPECT_FALSE(bad.batch.org_id);
  EXPECT_EQ(imports->get(bad.batch.id, {7, z1}).batch.id, bad.batch.id);
  EXPECT_EQ(api_error([&] { imports->get(bad.batch.id, {8, z1}); }).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportPolicyTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
