// Between CSV cells, the domain's MemberDraft and its normalized MemberFields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/member_rules.hpp"
#include "modules/io/import_columns.hpp"

namespace lianxin::modules::io {

// Fills `d` from one record. The draft is reused across rows so its strings keep their capacity;
// empty cells become nullopt ("not given").
void fill_member_draft(domain::MemberDraft& d, const HeaderMap& map, const std::vector<std::string_view>& record);

// The normalized values written back as input text (codes, ISO dates, yuan): what an update of an
// existing member sends to MemberService::import_row.
domain::MemberDraft draft_from_fields(const domain::MemberFields& f);

// The value shown next to an error: the cell as given, with personal data masked (the error
// report is stored and downloaded; the row number already locates the row in the user's file).
std::string error_value(std::string_view field, std::string_view raw);

}  // namespace lianxin::modules::io
