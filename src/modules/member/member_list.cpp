// Member reads: the filtered, keyset-paginated list; history; JSON (masked); subtree iteration.
#include <boost/json.hpp>

#include "domain/enums.hpp"
#include "domain/id_number.hpp"
#include "http/errors.hpp"
#include "http/json_writer.hpp"
#include "modules/common/history.hpp"
#include "modules/common/status_sql.hpp"
#include "modules/common/tree_path.hpp"
#include "modules/member/member_codec.hpp"
#include "modules/member/member_query.hpp"
#include "modules/member/member_repo.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"
#include "modules/org/org_stats.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::member {

namespace json = boost::json;

namespace {

// An enumerated value's label, the code itself when unknown, null when absent.
void write_label(http::JsonWriter& w, std::span<const domain::EnumValue> values, const std::optional<std::string>& code) {
  if (!code) {
    w.null();
    return;
  }
  w.value(domain::enum_label(values, *code).value_or(*code));
}

}  // namespace

void MemberService::write_fields(http::JsonWriter& w, const MemberRecord& m, bool detail) const {
  domain::Date today = ctx_.today();
  auto birth = domain::Date::parse(m.birth_date);
  auto full = m.full_date ? domain::Date::parse(*m.full_date) : std::nullopt;
  w.key("id").value(m.id);
  w.key("org_id").value(m.org_id);
  w.key("name").value(m.name);
  w.key("id_number").value(domain::mask_id_number(ctx_.cipher.decrypt(m.id_enc)));
  w.key("gender").value(m.gender);
  write_label(w.key("gender_label"), domain::genders(), m.gender);
  w.key("birth_date").value(m.birth_date);
  w.key("age").value(birth ? domain::completed_years(*birth, today) : 0);
  w.key("ethnicity").value(m.ethnicity);
  write_label(w.key("ethnicity_label"), domain::ethnicities(), m.ethnicity);
  w.key("education").value(m.education);
  write_label(w.key("education_label"), domain::educations(), m.education);
  w.key("category").value(m.category);
  write_label(w.key("category_label"), domain::member_categories(), m.category);
  w.key("status").value(m.status);
  write_label(w.key("status_label"), domain::member_statuses(), m.status);
  w.key("join_date").value(m.join_date);
  w.key("full_date").value(m.full_date);
  w.key("party_age").value(domain::party_age_years(m.category, full, today));
  w.key("mobile");
  m.mobile_enc ? w.value(domain::mask_phone(decrypt(m.mobile_enc))) : w.null();
  w.key("version").value(m.version);
  if (!detail) return;
  w.key("application_date").value(m.application_date);
  w.key("employment").value(m.employment);
  write_label(w.key("employment_label"), domain::employment_categories(), m.employment);
  w.key("position").value(m.position);
  w.key("landline");
  m.landline_enc ? w.value(domain::mask_phone(decrypt(m.landline_enc))) : w.null();
  w.key("has_address").value(m.address_enc.has_value());
  w.key("has_income_base").value(m.income_base_fen.has_value());
  w.key("created_batch_id").value(m.created_batch_id);
  w.key("created_at").value(m.created_at);
  w.key("updated_at").value(m.updated_at);
}

std::string MemberService::detail_json(const MemberRecord& m) const {
  http::JsonWriter w(2048);
  w.begin_object();
  write_fields(w, m, true);
  w.end_object();
  return std::move(w).take();
}

std::string MemberService::list(const MemberFilter& f, const http::Scope& scope, const http::PageRequest& page) {
  SortSpec sort = sort_spec(f.sort);
  return ctx_.db.read_value([&](db::Tx& tx) {
    ListQuery q = build_list_query(ctx_, tx, f, scope);
    const int64_t total = list_total(tx, q);
    const db::Rows rows = list_page(tx, std::move(q), f, page);
    return http::page_text(
        rows.size(), total, page.limit,
        [&](http::JsonWriter& w, size_t i) {
          w.begin_object();
          write_fields(w, repo::from_row(rows[i]), false);
          w.key("org_name").value(rows[i].text(25));
          w.end_object();
        },
        [&](size_t i) {
          return sort.text ? json::array{json::value(rows[i].text(sort.column)), rows[i].i64("id")}
                           : json::array{rows[i].i64("id")};
        });
  });
}

json::object MemberService::history(int64_t id, const http::Scope& scope, const http::PageRequest& page) {
  MemberRecord m = get(id, scope);
  return ctx_.db.read_value([&](db::Tx& tx) {
    auto [items, total] = read_history(tx, "member_history", "member_id", id, page);
    // Members created by a bulk import carry no per-row history; the batch stands for it, as the
    // oldest entry (id 0). It joins the page on which the real rows end (not only the first page),
    // so walking the pages always reaches it; a cursor [0] means it was already given.
    const bool real_rows_end = static_cast<int>(items.size()) <= page.limit;
    const bool import_given = page.after && page.after_int(0) == 0;
    if (m.created_batch_id && real_rows_end && !import_given)
      items.push_back(json::object{{"id", 0}, {"action", "import"}, {"effective_date", m.created_at.substr(0, 10)},
                                   {"before", nullptr}, {"after", nullptr},
                                   {"reason", "批量导入（批次 " + std::to_string(*m.created_batch_id) + "）"},
                                   {"recorded_at", m.created_at}, {"request_id", nullptr}});
    return http::page_body(std::move(items), total + (m.created_batch_id ? 1 : 0), page.limit,
                           [](const json::value& last) { return json::array{last.at("id")}; });
  });
}

// Organizations per statement: an export writes each row out (XLSX is slow) while its statement
// is open, so one statement over a whole province would run into the statement timeout.
constexpr size_t kExportOrgsPerStatement = 200;

void MemberService::for_each_in_subtree(db::Tx& tx, const std::string& org_path,
                                        const std::function<void(const MemberRecord&)>& fn) {
  std::vector<int64_t> orgs;
  tx.query_each("SELECT id FROM orgs WHERE path >= $1 AND path < $2 ORDER BY path", {org_path, path_upper(org_path)},
                [&](const db::Row& r) { orgs.push_back(r.i64(0)); });
  for (size_t begin = 0; begin < orgs.size(); begin += kExportOrgsPerStatement) {
    db::Params ids;
    std::string in;
    for (size_t i = begin; i < std::min(orgs.size(), begin + kExportOrgsPerStatement); ++i) {
      ids.emplace_back(orgs[i]);
      in += (in.empty() ? "" : ", ") + db::last_placeholder(ids);
    }
    tx.query_each(std::string("SELECT ") + repo::kColumns + " FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.org_id IN (" +
                      in + ") ORDER BY o.path, m.id",
                  ids, [&](const db::Row& r) { fn(repo::from_row(r)); });
  }
}

}  // namespace lianxin::modules::member
