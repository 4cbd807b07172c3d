// Fixture for the import/export tests: a migrated database (SQLite; PostgreSQL when
// LIANXIN_TEST_PG is set), the org and member services, a small tree and CSV builders.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "http/errors.hpp"
#include "modules/common/test_support.hpp"
#include "modules/io/export_service.hpp"
#include "modules/io/import_service.hpp"
#include "modules/org/org_stats.hpp"

namespace lianxin::modules::testing {

class IoTest : public ModuleTest {
protected:
  void SetUp() override {
    ModuleTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    orgs = std::make_unique<org::OrgService>(*ctx);
    members = std::make_unique<member::MemberService>(*ctx);
    imports = std::make_unique<io::ImportService>(*ctx, *members, *orgs);
    exports = std::make_unique<io::ExportService>(*ctx, *members, *orgs);
    county = org("C", "中共测试县委员会", "committee", std::nullopt);
    committee = org("B1", "中共测试县人民医院委员会", "basic_committee", county.id);
    branch1 = org("Z1", "第一党支部", "branch", committee.id);
    branch2 = org("Z2", "第二党支部", "branch", committee.id);
  }

  org::OrgRecord org(const std::string& code, const std::string& name, const std::string& kind,
                     std::optional<int64_t> parent) {
    org::OrgDraft d;
    d.code = code;
    d.name = name;
    d.kind = kind;
    d.parent_id = parent;
    return orgs->create(d, {});
  }

  // The k-th synthetic member's ID number: born 1970-01-01 + k days, odd sequence (male).
  static std::string test_id(int k) {
    return id_number(domain::add_days(domain::Date{1970, 1, 1}, k), 2 * (k % 400) + 1);
  }

  static std::string member_header() {
    return "姓名,公民身份号码,人员类别,申请入党日期,加入党组织日期,转为正式党员日期,手机号,所在党支部\r\n";
  }
  // A valid row: a full member who applied in 2009, joined in 2010 and became full in 2011.
  static std::string member_row(const std::string& name, const std::string& id, const std::string& org,
                                const std::string& mobile = "13800138000") {
    return name + "," + id + ",正式党员,2009-03-01,2010-07-01,2011-07-01," + mobile + "," + org + "\r\n";
  }
  static std::string member_file(int n, const std::string& org = "Z1", int first = 0) {
    std::string csv = member_header();
    for (int k = first; k < first + n; ++k) csv += member_row("党员" + std::to_string(k), test_id(k), org);
    return csv;
  }

  io::BatchReport preview(const std::string& csv, io::ImportKind kind = io::ImportKind::members,
                          io::DupPolicy policy = io::DupPolicy::skip, const http::Scope& scope = http::Scope::all(),
                          int64_t user_id = 0) {
    io::Upload up;
    up.bytes = csv;
    up.kind = kind;
    up.policy = policy;
    up.filename = "test.csv";
    ChangeMeta meta;
    meta.user_id = user_id;
    return imports->preview(up, meta, scope);
  }

  // A viewer who sees every batch (a whole-tree importer).
  inline static const io::BatchViewer kEveryBatch{0, http::Scope::all()};

  io::BatchReport commit(int64_t id, bool skip_invalid = false) {
    return imports->commit(id, skip_invalid, {}, http::everywhere());
  }

  int64_t count(const std::string& sql) {
    return db->read_value([&](db::Tx& tx) { return tx.query_int(sql); });
  }
  std::vector<std::string> verify() {
    return db->read_value([](db::Tx& tx) { return org::verify_stats(tx); });
  }

  std::unique_ptr<org::OrgService> orgs;
  std::unique_ptr<member::MemberService> members;
  std::unique_ptr<io::ImportService> imports;
  std::unique_ptr<io::ExportService> exports;
  org::OrgRecord county, committee, branch1, branch2;
};

// Runs `fn` and returns the ApiError it throws (fails the test when it throws none).
template <class F>
http::ApiError api_error(F&& fn) {
  try {
    fn();
  } catch (const http::ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an ApiError";
  return http::ApiError(0, "", "");
}

}  // namespace lianxin::modules::testing
