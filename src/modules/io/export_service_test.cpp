// Exports: CSV with BOM and the import's headers, personal data masked unless revealed, XLSX, scope.
#include "modules/io/io_test_support.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::testing {
namespace {

class ExportTest : public IoTest {
protected:
  void SetUp() override {
    IoTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    commit(preview(member_file(4, "Z1") + member_file(2, "Z2", 4).substr(member_header().size())).batch.id);
  }
};

TEST_P(ExportTest, MembersCsvStartsWithBomAndMasksIdNumbersAndPhones) {
  const io::ExportFile f = exports->members(committee.id, io::ExportFormat::csv, false, {}, http::Scope::all());
  const std::string body = f.file->read_all();
  ASSERT_TRUE(body.starts_with("\xEF\xBB\xBF姓名,公民身份号码,"));
  EXPECT_EQ(f.rows, 6);
  EXPECT_EQ(f.filename, "党员名册-中共测试县人民医院委员会-2026-11-21.csv");
  EXPECT_EQ(body.find(test_id(0)), std::string::npos);
  EXPECT_EQ(body.find("13800138000"), std::string::npos);
  EXPECT_NE(body.find(domain::mask_id_number(test_id(0))), std::string::npos);
  auto records = util::parse_csv(body);
  ASSERT_EQ(records.size(), 7u);
  EXPECT_EQ(records[1].fields[6], "正式党员");
  EXPECT_EQ(records[1].fields[13], "138****8000");
}

TEST_P(ExportTest, RevealShowsFullValuesAndTheFileImportsAgain) {
  const io::ExportFile f = exports->members(branch1.id, io::ExportFormat::csv, true, {}, http::Scope::all());
  const std::string body = f.file->read_all();
  EXPECT_EQ(f.rows, 4);
  EXPECT_NE(body.find(test_id(0)), std::string::npos);
  const io::BatchReport again = preview(body);
  EXPECT_EQ(again.batch.error_rows, 0) << (again.errors.empty() ? "" : again.errors[0].message);
  EXPECT_EQ(again.existing_rows, 4);
}

TEST_P(ExportTest, XlsxIsAZipWorkbook) {
  const io::ExportFile f = exports->members(county.id, io::ExportFormat::xlsx, false, {}, http::Scope::all());
  const std::string body = f.file->read_all();
  EXPECT_TRUE(body.starts_with("PK"));
  EXPECT_TRUE(f.filename.ends_with(".xlsx"));
  EXPECT_EQ(f.rows, 6);
}

TEST_P(ExportTest, OrgsExportListsParentsFirstAndReimportsClean) {
  const io::ExportFile f = exports->orgs(county.id, io::ExportFormat::csv, {}, http::Scope::all());
  const std::string body = f.file->read_all();
  auto records = util::parse_csv(body);
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(records[1].fields[0], "C");
  EXPECT_EQ(records[2].fields[3], "C");
  EXPECT_EQ(records[2].fields[2], "基层党委");
  const io::BatchReport again = preview(body, io::ImportKind::orgs);
  EXPECT_EQ(again.batch.error_rows, 0);
  EXPECT_EQ(again.existing_rows, 4);
}

TEST_P(ExportTest, OrganizationsOutsideTheScopeAreNotFound) {
  http::Scope only_z2{false, {branch2.path}};
  auto e = api_error([&] { exports->members(branch1.id, io::ExportFormat::csv, false, {}, only_z2); });
  EXPECT_EQ(e.status, 404);
  EXPECT_EQ(exports->members(branch2.id, io::ExportFormat::csv, false, {}, only_z2).rows, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, ExportTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
