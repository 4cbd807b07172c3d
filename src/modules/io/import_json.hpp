// The JSON and CSV shapes of import batches as the API returns them.
#pragma once

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "modules/io/import_types.hpp"

namespace lianxin::modules::io {

boost::json::object batch_json(const BatchInfo& b);
// batch_json plus warnings, the first errors, error_count and (after a preview) what a commit
// would do.
boost::json::object report_json(const BatchReport& r);
boost::json::object row_error_json(const RowError& e);

// 行号,字段,错误代码,错误信息,值 — UTF-8 with BOM.
std::string errors_csv_text(ImportKind kind, const std::vector<RowError>& errors);

}  // namespace lianxin::modules::io
