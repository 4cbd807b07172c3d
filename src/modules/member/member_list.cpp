// Member reads: the filtered, keyset-paginated list; history; JSON (masked); subtree iteration.
#include <boost/json.hpp>

#include "domain/enums.hpp"
#include "domain/id_number.hpp"
#include "http/errors.hpp"
#include "modules/common/history.hpp"
#include "modules/common/json_util.hpp"
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


json::value labelled(std::span<const domain::EnumValue> values, const std::optional<std::string>& code) {
  if (!code) return nullptr;
  auto e = domain::find_enum(values, *code);
  return json::value(e ? std::string(e->label) : *code);
}

}  // namespace

json::object MemberService::to_json(const MemberRecord& m, bool detail, json::storage_ptr sp) const {
  domain::Date today = ctx_.today();
  auto birth = domain::Date::parse(m.birth_date);
  auto full = m.full_date ? domain::Date::parse(*m.full_date) : std::nullopt;
  // Room for the detail fields too, so that adding them never rehashes the object.
  json::object j(
      {
          {"id", m.id},
          {"org_id", m.org_id},
          {"name", m.name},
          {"id_number", domain::mask_id_number(ctx_.cipher.decrypt(m.id_enc))},
          {"gender", m.gender},
          {"gender_label", labelled(domain::genders(), m.gender)},
          {"birth_date", m.birth_date},
          {"age", birth ? domain::completed_years(*birth, today) : 0},
          {"ethnicity", opt_json(m.ethnicity)},
          {"ethnicity_label", labelled(domain::ethnicities(), m.ethnicity)},
          {"education", opt_json(m.education)},
          {"education_label", labelled(domain::educations(), m.education)},
          {"category", m.category},
          {"category_label", labelled(domain::member_categories(), m.category)},
          {"status", m.status},
          {"status_label", labelled(domain::member_statuses(), m.status)},
          {"join_date", m.join_date},
          {"full_date", opt_json(m.full_date)},
          {"party_age", domain::party_age_years(m.category, full, today)},
          {"mobile", m.mobile_enc ? json::value(domain::mask_phone(decrypt(m.mobile_enc))) : json::value(nullptr)},
          {"version", m.version},
      },
      32, std::move(sp));
  if (detail) {
    j["application_date"] = opt_json(m.application_date);
    j["employment"] = opt_json(m.employment);
    j["employment_label"] = labelled(domain::employment_categories(), m.employment);
    j["position"] = opt_json(m.position);
    j["landline"] = m.landline_enc ? json::value(domain::mask_phone(decrypt(m.landline_enc))) : json::value(nullptr);
    j["has_address"] = m.address_enc.has_value();
    j["has_income_base"] = m.income_base_fen.has_value();
    j["created_batch_id"] = opt_json(m.created_batch_id);
    j["created_at"] = m.created_at;
    j["updated_at"] = m.updated_at;
  }
  return j;
}

json::object MemberService::list(const MemberFilter& f, const http::Scope& scope, const http::PageRequest& page,
                                 json::storage_ptr sp) {
  SortSpec sort = sort_spec(f.sort);
  return ctx_.db.read_value([&](db::Tx& tx) {
    ListQuery q = build_list_query(ctx_, tx, f, scope);
    int64_t total = list_total(tx, q);
    json::array items(sp);
    for (const auto& r : list_page(tx, std::move(q), f, page)) {
      json::object j = to_json(repo::from_row(r), false, sp);
      j["org_name"] = r.text(25);
      items.push_back(std::move(j));
    }
    return http::page_body(std::move(items), total, page.limit, [sort](const json::value& last) {
      return sort.text ? json::array{last.at(sort.column), last.at("id")} : json::array{last.at("id")};
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
