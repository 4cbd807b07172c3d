// Search filters, scope and keyset pagination of the audit trail, and its export.
#include "modules/audit/audit_service.hpp"
#include "modules/io/io_test_support.hpp"

namespace lianxin::modules::testing {
namespace {

using audit::AuditService;
using audit::Filter;
namespace json = boost::json;

class AuditSearchTest : public IoTest {
protected:
  void SetUp() override {
    IoTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Besides the four org.create records of the fixture (actor "system"):
    add({"", 7, "", "alice", "", ""}, "member.update", "member", "11", branch1.id);
    add({"", 7, "", "alice", "", ""}, "member.reveal", "member", "11", branch1.id);
    add({"", 8, "", "bob", "", ""}, "member.update", "member", "12", branch2.id);
    add({"", 9, "", "carol", "", ""}, "auth.login", "user", "9", std::nullopt);
  }
  void add(const ChangeMeta& m, const std::string& action, const std::string& entity, const std::string& id,
           std::optional<int64_t> org_id) {
    db->write([&](db::Tx& tx) { audit::record(tx, *cipher, m, {action, entity, id, org_id, std::nullopt, "{}"}); });
  }
  json::object search(const Filter& f, const http::Scope& scope = http::Scope::all(), int limit = 100) {
    http::PageRequest p;
    p.limit = limit;
    return AuditService(*ctx).search(f, scope, p);
  }
  std::vector<std::string> actions(const Filter& f, const http::Scope& scope = http::Scope::all()) {
    std::vector<std::string> out;
    const json::object page = search(f, scope);  // a range-for over a temporary's member would dangle
    for (const auto& it : page.at("items").as_array()) out.emplace_back(it.at("action").as_string());
    return out;
  }
  using V = std::vector<std::string>;
};

TEST_P(AuditSearchTest, FiltersByActionExactOrPrefix) {
  Filter f;
  f.action = "member.update";
  EXPECT_EQ(actions(f), (V{"member.update", "member.update"}));
  f.action = "member.";
  EXPECT_EQ(actions(f), (V{"member.update", "member.reveal", "member.update"}));
  f.action = "member";
  EXPECT_TRUE(actions(f).empty());
}

TEST_P(AuditSearchTest, FiltersByActorAndEntity) {
  Filter f;
  f.actor_id = 7;
  EXPECT_EQ(actions(f).size(), 2u);
  f = {};
  f.actor = "bob";
  EXPECT_EQ(actions(f), (V{"member.update"}));
  f = {};
  f.entity = "member";
  f.entity_id = "11";
  EXPECT_EQ(actions(f), (V{"member.reveal", "member.update"}));
}

TEST_P(AuditSearchTest, FiltersByOrganizationSubtree) {
  Filter f;
  f.org_id = committee.id;  // its own create record, both branches' creates and their members' records
  EXPECT_EQ(actions(f).size(), 6u);
  f.org_id = branch2.id;
  EXPECT_EQ(actions(f), (V{"member.update", "org.create"}));
}

TEST_P(AuditSearchTest, FiltersByTime) {
  Filter f;
  const std::string today = domain::today_in_tz(0).iso();
  f.from = today;
  EXPECT_EQ(search(f).at("total").as_int64(), 8);
  f.from = domain::add_days(domain::today_in_tz(0), 1).iso();
  EXPECT_EQ(search(f).at("total").as_int64(), 0);
  f = {};
  f.to = today;  // a date `to` includes its whole day
  EXPECT_EQ(search(f).at("total").as_int64(), 8);
  f.to = "2000-01-01T00:00:00Z";
  EXPECT_EQ(search(f).at("total").as_int64(), 0);
  f.to = "yesterday";
  EXPECT_EQ(api_error([&] { search(f); }).status, 400);
}

TEST_P(AuditSearchTest, AScopeSeesOnlyItsSubtreesRecords) {
  http::Scope only_z1{false, {branch1.path}, false, {branch1.path}};
  EXPECT_EQ(actions({}, only_z1), (V{"member.reveal", "member.update", "org.create"}));
  Filter f;
  f.org_id = branch2.id;
  EXPECT_EQ(api_error([&] { search(f, only_z1); }).status, 404);
}

TEST_P(AuditSearchTest, PagesNewestFirstWithACursor) {
  std::vector<int64_t> seqs;
  http::PageRequest p;
  p.limit = 3;
  for (int guard = 0; guard < 10; ++guard) {
    json::object page = AuditService(*ctx).search({}, http::Scope::all(), p);
    EXPECT_EQ(page.at("total").as_int64(), 8);
    for (const auto& it : page.at("items").as_array()) seqs.push_back(it.at("seq").as_int64());
    if (page.at("next").is_null()) break;
    p.after = http::decode_cursor(std::string(page.at("next").as_string()));
  }
  EXPECT_EQ(seqs, (std::vector<int64_t>{8, 7, 6, 5, 4, 3, 2, 1}));
}

TEST_P(AuditSearchTest, ExportsTheFilteredSearchAndAuditsTheExport) {
  Filter f;
  f.action = "member.";
  auto file = AuditService(*ctx).export_file(f, "csv", {"r-x", 9, "", "carol", "GET /api/audit/export", ""},
                                             http::Scope::all());
  EXPECT_EQ(file.rows, 3);
  const std::string body = file.file->read_all();
  EXPECT_EQ(body.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(body.find("member.reveal"), std::string::npos);
  auto xlsx = AuditService(*ctx).export_file(f, "xlsx", {}, http::Scope::all());
  EXPECT_EQ(xlsx.file->read_all().rfind("PK", 0), 0u);
  f.action = "audit.export";
  const json::array rec = search(f).at("items").as_array();
  ASSERT_EQ(rec.size(), 2u);
  EXPECT_EQ(rec[1].at("actor").as_string(), "carol");
  EXPECT_EQ(rec[1].at("after").at("rows").as_int64(), 3);
  EXPECT_EQ(rec[1].at("after").at("filter").at("action").as_string(), "member.");
  EXPECT_EQ(api_error([&] { AuditService(*ctx).export_file({}, "pdf", {}, http::Scope::all()); }).status, 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditSearchTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
