// Organization imports: parents created earlier in the same file, the update policy, rollback.
#include "modules/io/io_test_support.hpp"

namespace lianxin::modules::testing {
namespace {

using io::BatchReport;
using io::DupPolicy;
using io::ImportKind;

class ImportOrgsTest : public IoTest {
protected:
  static std::string header() { return "组织编码,组织名称,组织类型,上级组织编码,所在单位,联系电话\r\n"; }
  // A 基层党委 under the county, a 党总支 and a branch under it, a 党小组 in the branch.
  static std::string subtree_file() {
    return header() + "B2,中共测试县第一中学委员会,基层党委,C,测试县第一中学,0531-86123456\r\n" +
           "B2-Z1,第一党总支,党总支,B2,,\r\n" + "B2-Z1-01,第一党支部,党支部,B2-Z1,,\r\n" +
           "B2-Z1-01-G1,第一党小组,党小组,B2-Z1-01,,\r\n";
  }
  BatchReport preview_orgs(const std::string& csv, DupPolicy policy = DupPolicy::skip) {
    return preview(csv, ImportKind::orgs, policy);
  }
};

TEST_P(ImportOrgsTest, RowsMayHangUnderOrganizationsCreatedEarlierInTheFile) {
  const BatchReport p = preview_orgs(subtree_file());
  EXPECT_EQ(p.batch.error_rows, 0) << (p.errors.empty() ? "" : p.errors[0].message);
  EXPECT_EQ(p.planned_create, 4);
  const BatchReport c = commit(p.batch.id);
  EXPECT_EQ(c.batch.created_count, 4);
  const auto group = db->read_value([&](db::Tx& tx) { return orgs->find_by_code(tx, "B2-Z1-01-G1"); });
  ASSERT_TRUE(group.has_value());
  EXPECT_EQ(group->depth, 4);
  EXPECT_TRUE(verify().empty());
}

TEST_P(ImportOrgsTest, ParentErrorsAndPlacementAreCheckedAgainstTheFile) {
  const std::string csv = header() + "B3,,基层党委,C,,\r\n" +   // line 2: no name
                          "B3-01,第一党支部,党支部,B3,,\r\n" +  // line 3: parent row invalid
                          "B4,中共测试委员会,基层党委,C,,\r\n" + "B4-01,第一党支部,党支部,B4,,\r\n" +
                          "B4-01-01,支部下的支部,党支部,B4-01,,\r\n" +  // line 6: branch under a branch
                          "B4,重复,基层党委,C,,\r\n";                   // line 7: code repeated
  const BatchReport p = preview_orgs(csv);
  EXPECT_EQ(p.batch.error_rows, 4);
  std::vector<std::pair<int64_t, std::string>> got;
  for (const auto& e : p.errors) got.emplace_back(e.row_no, e.code);
  EXPECT_NE(std::find(got.begin(), got.end(), std::make_pair<int64_t, std::string>(2, "name.required")), got.end());
  EXPECT_NE(std::find(got.begin(), got.end(), std::make_pair<int64_t, std::string>(3, "parent_code.invalid_parent")),
            got.end());
  EXPECT_NE(std::find(got.begin(), got.end(), std::make_pair<int64_t, std::string>(6, "kind.placement")), got.end());
  EXPECT_NE(std::find(got.begin(), got.end(), std::make_pair<int64_t, std::string>(7, "code.duplicate_in_file")),
            got.end());
}

TEST_P(ImportOrgsTest, RollbackDeletesTheCreatedSubtree) {
  const BatchReport c = commit(preview_orgs(subtree_file()).batch.id);
  const int64_t before = count("SELECT COUNT(*) FROM orgs");
  imports->rollback(c.batch.id, {}, http::everywhere());
  EXPECT_EQ(count("SELECT COUNT(*) FROM orgs"), before - 4);
  EXPECT_TRUE(verify().empty());
}

TEST_P(ImportOrgsTest, RollbackIsBlockedWhileSomethingElseHangsUnderACreatedOrg) {
  const BatchReport c = commit(preview_orgs(subtree_file()).batch.id);
  const auto branch = db->read_value([&](db::Tx& tx) { return *orgs->find_by_code(tx, "B2-Z1-01"); });
  member::MemberService::Input in;
  in.org_id = branch.id;
  in.draft.name = "张三";
  in.draft.id_number = test_id(1);
  in.draft.category = "full";
  in.draft.join_date = "2010-07-01";
  in.draft.full_date = "2011-07-01";
  members->create(in, {}, http::Scope::all());
  auto e = api_error([&] { imports->rollback(c.batch.id, {}, http::everywhere()); });
  EXPECT_EQ(e.code, "import.rollback_blocked");
  EXPECT_EQ(e.details.at(0).field, "org:" + std::to_string(branch.id));
}

TEST_P(ImportOrgsTest, UpdatePolicyChangesDescriptiveFieldsAndRollbackRestoresThem) {
  const std::string csv = header() + "Z1,第一党支部（内科）,党支部,B1,,0531-86000000\r\n";
  const BatchReport c = commit(preview_orgs(csv, DupPolicy::update).batch.id);
  EXPECT_EQ(c.batch.updated_count, 1);
  auto z1 = db->read_value([&](db::Tx& tx) { return *orgs->find(tx, branch1.id); });
  EXPECT_EQ(z1.name, "第一党支部（内科）");
  EXPECT_EQ(z1.version, 2);
  imports->rollback(c.batch.id, {}, http::everywhere());
  z1 = db->read_value([&](db::Tx& tx) { return *orgs->find(tx, branch1.id); });
  EXPECT_EQ(z1.name, "第一党支部");
  EXPECT_FALSE(z1.contact_phone.has_value());
}

TEST_P(ImportOrgsTest, UpdateMayNotMoveOrChangeTheKind) {
  const std::string csv = header() + "Z1,第一党支部,党总支,C,,\r\n";
  const BatchReport p = preview_orgs(csv, DupPolicy::update);
  EXPECT_EQ(p.batch.error_rows, 1);
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].code, "kind.change_not_supported");
  EXPECT_EQ(p.errors[1].code, "parent_code.move_not_supported");
}

TEST_P(ImportOrgsTest, ARootNeedsTheWholeTreeInScope) {
  const std::string csv = header() + "X,中共另一县委员会,党委,,,\r\n";
  io::BatchReport limited = preview(csv, ImportKind::orgs, DupPolicy::skip, http::Scope{false, {county.path}, false, {}});
  EXPECT_EQ(limited.batch.error_rows, 1);
  EXPECT_EQ(preview_orgs(csv).batch.error_rows, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportOrgsTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
