// Member imports: reading real files (GBK, Chinese headers), per-row errors with CSV line
// numbers, and a commit that writes every valid row or none.
#include "modules/io/io_test_support.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::testing {
namespace {

using io::BatchReport;

class ImportMembersTest : public IoTest {};

const io::RowError* find_error(const BatchReport& r, int64_t row, const std::string& code) {
  for (const auto& e : r.errors) {
    if (e.row_no == row && e.code == code) return &e;
  }
  return nullptr;
}

TEST_P(ImportMembersTest, GbkFileWithChineseHeadersPreviewsClean) {
  const std::string gbk = util::utf8_to_gb18030(member_file(5));
  const BatchReport r = preview(gbk);
  EXPECT_EQ(r.batch.charset, util::charset_name(util::Charset::gb18030));
  EXPECT_EQ(r.batch.state, "preview");
  EXPECT_EQ(r.batch.total_rows, 5);
  EXPECT_EQ(r.batch.error_rows, 0);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.planned_create, 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM members"), 0);  // a preview writes no member
}

TEST_P(ImportMembersTest, Utf8BomFileIsRecognized) {
  const BatchReport r = preview("\xEF\xBB\xBF" + member_file(2));
  EXPECT_EQ(r.batch.charset, util::charset_name(util::Charset::utf8_bom));
  EXPECT_EQ(r.batch.error_rows, 0);
}

TEST_P(ImportMembersTest, RowErrorsCarryTheCsvLineFieldAndMaskedValue) {
  std::string bad_id = test_id(2);
  bad_id.back() = bad_id.back() == '0' ? '1' : '0';
  std::string csv =
      "姓名,公民身份号码,人员类别,申请入党日期,加入党组织日期,转为正式党员日期,手机号,所在党支部,籍贯\r\n";
  std::string line2 = member_row("张三", test_id(1), "Z1");
  line2.insert(line2.size() - 2, ",山东");
  csv += line2;
  csv += member_row("李四", bad_id, "Z1");              // line 3: checksum
  csv += member_row("", test_id(3), "Z1");              // line 4: no name
  csv += member_row("王五", test_id(4), "NOPE");        // line 5: unknown org
  csv += member_row("赵六", test_id(5), "B1");          // line 6: not a branch
  csv += "\r\n";                                        // line 7: blank, skipped
  csv += member_row("钱七", test_id(1), "Z2");          // line 8: same ID as line 2
  csv += member_row("孙八", test_id(6), "第二党支部");  // line 9: org by its unique name
  const BatchReport r = preview(csv);
  EXPECT_EQ(r.batch.total_rows, 7);
  EXPECT_EQ(r.batch.error_rows, 5);
  ASSERT_NE(find_error(r, 3, "id_number.checksum"), nullptr);
  EXPECT_EQ(find_error(r, 3, "id_number.checksum")->value.find(bad_id), std::string::npos);  // masked
  EXPECT_NE(find_error(r, 4, "name.required"), nullptr);
  EXPECT_NE(find_error(r, 5, "org.not_found"), nullptr);
  EXPECT_NE(find_error(r, 6, "org.not_branch"), nullptr);
  ASSERT_NE(find_error(r, 8, "id_number.duplicate_in_file"), nullptr);
  EXPECT_NE(find_error(r, 8, "id_number.duplicate_in_file")->message.find("第2行"), std::string::npos);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].value, "籍贯");
  EXPECT_EQ(r.planned_create, 2);
}

// Rows travel from the reading thread to the writer in batches of 1000: errors, duplicates and a
// CSV syntax error past the first batches still come out in file order with their line numbers.
TEST_P(ImportMembersTest, ErrorsPastTheFirstBatchesKeepFileOrder) {
  std::string csv = member_header();
  for (int k = 0; k < 2600; ++k) {
    const bool bad_org = k == 1500, duplicate = k == 2400;
    csv += member_row("党员" + std::to_string(k), test_id(duplicate ? 0 : k), bad_org ? "NOPE" : "Z1");
  }
  csv += "\"unterminated,x\r\n";  // line 2602
  const BatchReport r = preview(csv);
  EXPECT_EQ(r.batch.total_rows, 2600);
  EXPECT_EQ(r.batch.error_rows, 3);
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].row_no, 1502);
  EXPECT_EQ(r.errors[0].code, "org.not_found");
  EXPECT_EQ(r.errors[1].row_no, 2402);
  EXPECT_EQ(r.errors[1].code, "id_number.duplicate_in_file");
  EXPECT_EQ(r.errors[2].row_no, 2602);
  EXPECT_EQ(r.errors[2].code, "import.bad_csv");
  EXPECT_EQ(r.planned_create, 2598);
  const BatchReport c = commit(r.batch.id, true);
  EXPECT_EQ(c.batch.state, "committed");
  EXPECT_EQ(count("SELECT COUNT(*) FROM members"), 2598);
  EXPECT_TRUE(verify().empty());
}

TEST_P(ImportMembersTest, ErrorsCsvHasBomHeaderAndEveryError) {
  std::string csv = member_header() + member_row("", test_id(1), "Z1") + member_row("李四", test_id(2), "NOPE");
  const BatchReport r = preview(csv);
  const std::string out = imports->errors_csv(r.batch.id, kEveryBatch);
  ASSERT_TRUE(out.starts_with("\xEF\xBB\xBF行号,字段,错误代码,错误信息,值\r\n"));
  auto records = util::parse_csv(out);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].fields[0], "2");
  EXPECT_EQ(records[1].fields[1], "姓名");
  EXPECT_EQ(records[2].fields[2], "org.not_found");
  EXPECT_EQ(records[2].fields[4], "NOPE");
}

TEST_P(ImportMembersTest, MissingRequiredColumnsRefuseTheFile) {
  auto e = api_error([&] { preview("姓名,公民身份号码\r\n张三," + test_id(1) + "\r\n"); });
  EXPECT_EQ(e.status, 422);
  EXPECT_EQ(e.field, "file");
  EXPECT_EQ(e.code, "import.missing_columns");
  EXPECT_NE(e.message.find("人员类别"), std::string::npos);
  EXPECT_EQ(api_error([&] { preview(""); }).field, "file");
  EXPECT_EQ(api_error([&] { preview(member_header()); }).code, "import.no_rows");
}

TEST_P(ImportMembersTest, CommitWritesAllRowsAndKeepsRollupsRight) {
  const BatchReport p = preview(member_file(30, "Z1") + member_file(20, "Z2", 30).substr(member_header().size()));
  const BatchReport c = commit(p.batch.id);
  EXPECT_EQ(c.batch.state, "committed");
  EXPECT_EQ(c.batch.created_count, 50);
  EXPECT_EQ(count("SELECT COUNT(*) FROM members WHERE created_batch_id IS NOT NULL"), 50);
  EXPECT_TRUE(verify().empty());
  EXPECT_EQ(api_error([&] { commit(p.batch.id); }).code, "import.not_pending");
}

TEST_P(ImportMembersTest, PreviewErrorsRefuseTheCommitUnlessSkipped) {
  const std::string csv = member_file(3) + member_row("", test_id(9), "Z1");
  const BatchReport p = preview(csv);
  ASSERT_EQ(p.batch.error_rows, 1);
  auto e = api_error([&] { commit(p.batch.id); });
  EXPECT_EQ(e.status, 409);
  EXPECT_EQ(e.code, "import.has_errors");
  EXPECT_EQ(count("SELECT COUNT(*) FROM members"), 0);
  const BatchReport c = commit(p.batch.id, true);
  EXPECT_EQ(c.batch.created_count, 3);
  EXPECT_EQ(c.batch.skipped_count, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM members"), 3);
}

TEST_P(ImportMembersTest, ChangeAfterPreviewAbortsTheWholeCommit) {
  const std::string csv = member_file(5, "Z1") + member_file(5, "Z2", 5).substr(member_header().size());
  const BatchReport p = preview(csv);
  ASSERT_EQ(p.batch.error_rows, 0);
  orgs->dissolve(branch2.id, std::nullopt, "合并", {});
  auto e = api_error([&] { commit(p.batch.id); });
  EXPECT_EQ(e.code, "import.state_changed");
  EXPECT_EQ(e.details.size(), 5u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM members"), 0);  // not even the rows for Z1
  EXPECT_EQ(imports->get(p.batch.id, kEveryBatch).batch.state, "preview");
}

TEST_P(ImportMembersTest, ScopeLimitsTheOrganizationsRowsMayName) {
  http::Scope only_z1{false, {branch1.path}};
  const std::string csv = member_header() + member_row("张三", test_id(1), "Z1") + member_row("李四", test_id(2), "Z2");
  const BatchReport r = preview(csv, io::ImportKind::members, io::DupPolicy::skip, only_z1);
  EXPECT_EQ(r.batch.error_rows, 1);
  EXPECT_NE(find_error(r, 3, "org.not_found"), nullptr);
}

TEST_P(ImportMembersTest, CliPathCommitsInOnePassWithoutStoringTheFile) {
  io::Upload up;
  const std::string csv = member_file(12);
  up.bytes = csv;
  up.filename = "big.csv";
  const BatchReport r = imports->import_now(up, false, {});
  EXPECT_EQ(r.batch.state, "committed");
  EXPECT_EQ(r.batch.created_count, 12);
  EXPECT_FALSE(r.batch.has_payload);
  const std::string bad = member_file(3, "Z1", 100) + member_row("", test_id(200), "Z1");
  up.bytes = bad;
  const BatchReport refused = imports->import_now(up, false, {});
  EXPECT_EQ(refused.batch.state, "preview");
  EXPECT_EQ(refused.batch.error_rows, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM members"), 12);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportMembersTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
