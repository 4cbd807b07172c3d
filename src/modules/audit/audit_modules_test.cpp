// Every state change of the org, member and import modules leaves exactly one audit record in its
// own transaction (none when it fails), and sensitive reads are recorded without the data read.
#include "modules/audit/audit_service.hpp"
#include "modules/io/io_test_support.hpp"

namespace lianxin::modules::testing {
namespace {

namespace json = boost::json;

class AuditModulesTest : public IoTest {
protected:
  ChangeMeta meta{"req-42", 7, "10.1.2.3", "alice", "PATCH /api/members/{id}", "Mozilla/5.0"};

  int64_t audit_rows() { return count("SELECT count(*) FROM audit_log"); }
  // The newest record, as the API shows it, plus its raw row text for "never in clear" checks.
  json::object last(std::string* raw = nullptr) {
    http::PageRequest p;
    p.limit = 1;
    auto page = audit::AuditService(*ctx).search({}, http::Scope::all(), p);
    json::object r = page.at("items").as_array().at(0).as_object();
    if (raw) *raw = json::serialize(r);
    return r;
  }
  member::MemberRecord make_member(const std::string& id, const std::string& mobile = "13912345678") {
    member::MemberService::Input in;
    in.org_id = branch1.id;
    in.draft.name = "张三";
    in.draft.id_number = id;
    in.draft.category = "full";
    in.draft.join_date = "2010-07-01";
    in.draft.full_date = "2011-07-01";
    in.draft.mobile = mobile;
    in.draft.address = "北京市东城区某街1号";
    return members->create(in, meta, http::Scope::all());
  }
};

TEST_P(AuditModulesTest, MemberUpdateWritesExactlyOneRecordWithBeforeAndAfter) {
  auto m = make_member(test_id(1));
  const int64_t before = audit_rows();
  member::MemberService::Input patch;
  patch.draft.name = "张三丰";
  patch.draft.address = "北京市西城区另一街2号";
  members->update(m.id, patch, std::nullopt, std::nullopt, meta, http::Scope::all());
  EXPECT_EQ(audit_rows(), before + 1);
  std::string raw;
  auto r = last(&raw);
  EXPECT_EQ(r.at("action").as_string(), "member.update");
  EXPECT_EQ(r.at("entity_id").as_string(), std::to_string(m.id));
  EXPECT_EQ(r.at("org_id").as_int64(), branch1.id);
  EXPECT_EQ(r.at("before").at("name").as_string(), "张三");
  EXPECT_EQ(r.at("after").at("name").as_string(), "张三丰");
  EXPECT_FALSE(r.at("after").as_object().contains("gender"));  // unchanged fields are left out
  EXPECT_EQ(r.at("after").at("personal_data_changed"), (json::array{"address"}));
  EXPECT_EQ(raw.find("西城区"), std::string::npos);
  EXPECT_EQ(r.at("actor").as_string(), "alice");
  EXPECT_EQ(r.at("actor_id").as_int64(), 7);
  EXPECT_EQ(r.at("route").as_string(), "PATCH /api/members/{id}");
  EXPECT_EQ(r.at("request_id").as_string(), "req-42");
  EXPECT_EQ(r.at("client_addr").as_string(), "10.1.2.3");
  EXPECT_EQ(r.at("user_agent").as_string(), "Mozilla/5.0");
}

TEST_P(AuditModulesTest, CreateAndStatusChangeAreRecordedWithMaskedPersonalData) {
  auto m = make_member(test_id(2));
  std::string raw;
  auto r = last(&raw);
  EXPECT_EQ(r.at("action").as_string(), "member.create");
  EXPECT_TRUE(r.at("before").is_null());
  EXPECT_EQ(raw.find(test_id(2)), std::string::npos);
  EXPECT_EQ(raw.find("13912345678"), std::string::npos);
  EXPECT_EQ(r.at("after").at("mobile").as_string(), "139****5678");
  members->change_status(m.id, {.status = "suspended", .reason = "停止党籍", .approver = "某某党委", .kind = "settled_abroad"}, meta, http::Scope::all());
  r = last();
  EXPECT_EQ(r.at("action").as_string(), "member.status");
  EXPECT_EQ(r.at("after").at("status").as_string(), "suspended");
  EXPECT_EQ(r.at("after").at("reason").as_string(), "停止党籍");
}

TEST_P(AuditModulesTest, AFailedChangeWritesNoRecord) {
  auto m = make_member(test_id(3));
  const int64_t before = audit_rows();
  member::MemberService::Input bad;
  bad.draft.join_date = "not a date";
  EXPECT_EQ(api_error([&] { members->update(m.id, bad, std::nullopt, std::nullopt, meta, http::Scope::all()); }).status,
            422);
  member::MemberService::Input ok;
  ok.draft.name = "李四";
  EXPECT_EQ(api_error([&] { members->update(m.id, ok, 99, std::nullopt, meta, http::Scope::all()); }).status, 409);
  EXPECT_EQ(audit_rows(), before);
}

TEST_P(AuditModulesTest, RevealRecordsFieldAndReasonButNeverTheValue) {
  auto m = make_member(test_id(4));
  EXPECT_EQ(members->reveal(m.id, "id_number", std::string("核对档案"), meta, http::Scope::all()), test_id(4));
  std::string raw;
  auto r = last(&raw);
  EXPECT_EQ(r.at("action").as_string(), "member.reveal");
  EXPECT_EQ(r.at("after").at("field").as_string(), "id_number");
  EXPECT_EQ(r.at("after").at("reason").as_string(), "核对档案");
  EXPECT_EQ(raw.find(test_id(4)), std::string::npos);
  // A refused reveal (bad field) leaves no record.
  const int64_t n = audit_rows();
  EXPECT_EQ(api_error([&] { members->reveal(m.id, "salary", std::nullopt, meta, http::Scope::all()); }).status, 422);
  EXPECT_EQ(audit_rows(), n);
}

TEST_P(AuditModulesTest, LookupRecordsTheFoundIdButNotTheIdNumber) {
  auto m = make_member(test_id(5));
  ASSERT_TRUE(members->find_in_scope_by_id_number(test_id(5), meta, http::Scope::all()));
  std::string raw;
  auto r = last(&raw);
  EXPECT_EQ(r.at("action").as_string(), "member.lookup");
  EXPECT_EQ(r.at("entity_id").as_string(), std::to_string(m.id));
  EXPECT_EQ(raw.find(test_id(5)), std::string::npos);
  EXPECT_FALSE(members->find_in_scope_by_id_number(test_id(6), meta, http::Scope::all()));
  r = last(&raw);
  EXPECT_TRUE(r.at("entity_id").is_null());
  EXPECT_FALSE(r.at("after").at("found").as_bool());
  EXPECT_EQ(raw.find(test_id(6)), std::string::npos);
}

TEST_P(AuditModulesTest, ImportStepsWriteOneRecordPerBatchNotPerRow) {
  const int64_t before = audit_rows();
  auto report = preview(member_file(50));
  EXPECT_EQ(audit_rows(), before + 1);
  EXPECT_EQ(last().at("action").as_string(), "import.preview");
  commit(report.batch.id);
  EXPECT_EQ(audit_rows(), before + 2);
  auto r = last();
  EXPECT_EQ(r.at("action").as_string(), "import.commit");
  EXPECT_EQ(r.at("entity_id").as_string(), std::to_string(report.batch.id));
  EXPECT_EQ(r.at("after").at("created").as_int64(), 50);
  imports->rollback(report.batch.id, meta, http::everywhere());
  EXPECT_EQ(audit_rows(), before + 3);
  EXPECT_EQ(last().at("action").as_string(), "import.rollback");
}

TEST_P(AuditModulesTest, ExportsAreRecordedWithTheirRevealFlagAndRowCount) {
  make_member(test_id(7));
  auto f = exports->members(committee.id, io::ExportFormat::csv, true, meta, http::Scope::all());
  auto r = last();
  EXPECT_EQ(r.at("action").as_string(), "member.export");
  EXPECT_EQ(r.at("org_id").as_int64(), committee.id);
  EXPECT_TRUE(r.at("after").at("reveal").as_bool());
  EXPECT_EQ(r.at("after").at("rows").as_int64(), f.rows);
  EXPECT_EQ(r.at("after").at("format").as_string(), "csv");
  exports->orgs(county.id, io::ExportFormat::xlsx, meta, http::Scope::all());
  EXPECT_EQ(last().at("action").as_string(), "org.export");
}

TEST_P(AuditModulesTest, OrgChangesAreRecordedWithMaskedContactPhone) {
  org::OrgDraft patch;
  patch.name = "第一党支部（新）";
  patch.contact_phone = "13812345678";
  orgs->update(branch1.id, patch, std::nullopt, std::nullopt, meta);
  std::string raw;
  auto r = last(&raw);
  EXPECT_EQ(r.at("action").as_string(), "org.rename");
  EXPECT_EQ(r.at("after").at("name").as_string(), "第一党支部（新）");
  EXPECT_EQ(raw.find("13812345678"), std::string::npos);
  orgs->move(branch2.id, county.id, std::nullopt, std::string("调整隶属关系"), meta);
  r = last();
  EXPECT_EQ(r.at("action").as_string(), "org.move");
  EXPECT_EQ(r.at("after").at("parent_id").as_int64(), county.id);
  EXPECT_EQ(r.at("after").at("reason").as_string(), "调整隶属关系");
  orgs->dissolve(branch2.id, std::nullopt, "合并", meta);
  EXPECT_EQ(last().at("action").as_string(), "org.dissolve");
  EXPECT_TRUE(audit::AuditService(*ctx).verify().ok);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditModulesTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
