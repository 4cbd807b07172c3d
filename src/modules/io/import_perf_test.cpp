// Throughput of the CLI import path on SQLite (target: >= 100,000 member rows/s end to end for a
// 1M-row file). Disabled by default; run with
//   modules_test --gtest_also_run_disabled_tests --gtest_filter='*MillionRow*'
// LIANXIN_PERF_ROWS overrides the number of rows.
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "modules/io/io_test_support.hpp"

namespace lianxin::modules::testing {
namespace {

class ImportPerfTest : public IoTest {
protected:
  // Unique valid ID numbers for up to ~1M rows: 15,000 birth days x 67 odd sequence numbers.
  static std::string perf_id(int64_t k) {
    return id_number(domain::add_days(domain::Date{1950, 1, 1}, k % 15000), static_cast<int>(2 * (k / 15000) + 1));
  }
};

TEST_P(ImportPerfTest, DISABLED_MillionRowCliImport) {
  if (!sqlite()) GTEST_SKIP() << "measured on SQLite";
  const char* env = std::getenv("LIANXIN_PERF_ROWS");
  const int64_t rows = env ? std::atoll(env) : 1'000'000;
  constexpr int kBranches = 200;
  for (int b = 0; b < kBranches; ++b) org("P" + std::to_string(b), "支部" + std::to_string(b), "branch", committee.id);
  std::string csv =
      "姓名,公民身份号码,性别,民族,学历,人员类别,申请入党日期,加入党组织日期,转为正式党员日期,工作岗位,"
      "手机号,家庭住址,所在党支部\r\n";
  csv.reserve(static_cast<size_t>(rows) * 150);
  for (int64_t k = 0; k < rows; ++k) {
    csv += "党员" + std::to_string(k) + "," + perf_id(k) +
           ",男,汉族,大学本科,正式党员,2009-03-01,2010-07-01,2011-07-01,"
           "企业职工,138" +
           std::to_string(10000000 + k % 89999999) + ",测试县测试镇" + std::to_string(k % 300) + "号,P" +
           std::to_string(k % kBranches) + "\r\n";
  }
  io::Upload up;
  up.bytes = csv;
  up.filename = "perf.csv";
  const auto start = std::chrono::steady_clock::now();
  const io::BatchReport r = imports->import_now(up, false, {});
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << rows << " rows (" << csv.size() / (1 << 20) << " MiB) in " << s
            << " s = " << static_cast<int64_t>(static_cast<double>(rows) / s) << " rows/s\n";
  ASSERT_EQ(r.batch.state, "committed");
  EXPECT_EQ(r.batch.created_count, rows);
  EXPECT_TRUE(verify().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportPerfTest, ::testing::Values(db::Backend::sqlite), db::testing::backend_name);

}  // namespace
}  // namespace lianxin::modules::testing
