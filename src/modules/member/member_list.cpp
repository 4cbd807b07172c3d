// Member reads: the filtered, keyset-paginated list; history; JSON (masked); subtree iteration.
#include <boost/json.hpp>

#include "domain/enums.hpp"
#include "domain/id_number.hpp"
#include "http/errors.hpp"
#include "modules/common/json_util.hpp"
#include "modules/common/status_sql.hpp"
#include "modules/common/tree_path.hpp"
#include "modules/member/member_codec.hpp"
#include "modules/member/member_repo.hpp"
#include "modules/member/member_service.hpp"
#include "modules/org/org_service.hpp"
#include "modules/org/org_stats.hpp"
#include "util/csv.hpp"

namespace lianxin::modules::member {

namespace json = boost::json;

namespace {

std::string ph(const db::Params& p) { return "$" + std::to_string(p.size()); }

// A cursor decodes to any JSON array of scalars; only the key shape this list issues is accepted,
// anything else is the same 400 as an undecodable cursor (never a 500 from a type mismatch).
http::ApiError bad_cursor() { return http::bad_request("invalid_cursor", "分页游标无效，请从第一页重新查询", "after"); }

std::string cursor_text(const http::PageRequest& page, size_t i) {
  const json::array& key = *page.after;
  if (i >= key.size() || !key[i].is_string()) throw bad_cursor();
  return std::string(key[i].get_string());
}

int64_t cursor_int(const http::PageRequest& page, size_t i) {
  const json::array& key = *page.after;
  if (i >= key.size() || !key[i].is_int64()) throw bad_cursor();
  return key[i].get_int64();
}

json::value labelled(std::span<const domain::EnumValue> values, const std::optional<std::string>& code) {
  if (!code) return nullptr;
  auto e = domain::find_enum(values, *code);
  return json::value(e ? std::string(e->label) : *code);
}

// One enumerated filter: resolves a code or label, or answers 400 naming the parameter.
void enum_filter(std::string& where, db::Params& params, const char* column, const char* param,
                 std::span<const domain::EnumValue> values, const std::optional<std::string>& v) {
  if (!v) return;
  auto e = domain::find_enum(values, *v);
  if (!e) throw http::bad_request("bad_parameter", std::string("参数 ") + param + " 的取值无效", param);
  params.emplace_back(std::string(e->code));
  where += std::string(" AND m.") + column + " = " + ph(params);
}

struct SortSpec {
  const char* column;  // m.<column>
  bool text;           // keyset value is text (else the id alone)
};

SortSpec sort_spec(const std::string& sort) {
  if (sort == "id") return {"id", false};
  if (sort == "name") return {"name", true};
  if (sort == "join_date") return {"join_date", true};
  if (sort == "birth_date") return {"birth_date", true};
  throw http::bad_request("bad_parameter", "sort 只能是 id、name、join_date 或 birth_date", "sort");
}

}  // namespace

json::object MemberService::to_json(const MemberRecord& m, bool detail) const {
  domain::Date today = ctx_.today();
  auto birth = domain::Date::parse(m.birth_date);
  auto full = m.full_date ? domain::Date::parse(*m.full_date) : std::nullopt;
  json::object j{
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
  };
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

json::object MemberService::list(const MemberFilter& f, const http::Scope& scope, const http::PageRequest& page) {
  SortSpec sort = sort_spec(f.sort);
  domain::Date today = ctx_.today();
  return ctx_.db.read_value([&](db::Tx& tx) {
    db::Params params;
    std::string where = "1 = 1";
    std::optional<org::OrgRecord> root;
    if (f.org_id) {
      org::OrgService orgs(ctx_);
      root = orgs.find(tx, *f.org_id);
      if (!root || !scope.contains_path(root->path)) throw http::not_found("组织");
      params.emplace_back(root->path);
      params.emplace_back(path_upper(root->path));
      where += " AND o.path >= $1 AND o.path < $2";
    } else if (!scope.everything) {
      std::string any;
      for (const auto& sp : scope.paths) {
        params.emplace_back(sp);
        params.emplace_back(path_upper(sp));
        any += std::string(any.empty() ? "" : " OR ") + "(o.path >= $" + std::to_string(params.size() - 1) +
               " AND o.path < " + ph(params) + ")";
      }
      where += " AND (" + (any.empty() ? std::string("1 = 0") : any) + ")";
    }
    bool only_scope = true;
    if (f.status) {
      only_scope = false;
      enum_filter(where, params, "status", "status", domain::member_statuses(), f.status);
    } else if (!f.all_statuses) {
      where += " AND m.status IN " + current_statuses_sql();
    } else {
      only_scope = false;
    }
    if (f.category || f.gender || f.education || f.ethnicity || f.name_prefix || f.age_min || f.age_max)
      only_scope = false;
    enum_filter(where, params, "category", "category", domain::member_categories(), f.category);
    enum_filter(where, params, "gender", "gender", domain::genders(), f.gender);
    enum_filter(where, params, "education", "education", domain::educations(), f.education);
    enum_filter(where, params, "ethnicity", "ethnicity", domain::ethnicities(), f.ethnicity);
    if (f.age_min) {  // at least age_min years old today: born on or before today - age_min years
      params.emplace_back(domain::add_years(today, -*f.age_min).iso());
      where += " AND m.birth_date <= " + ph(params);
    }
    if (f.age_max) {  // at most age_max: born after today - (age_max + 1) years
      params.emplace_back(domain::add_years(today, -(*f.age_max + 1)).iso());
      where += " AND m.birth_date > " + ph(params);
    }
    if (f.name_prefix) {
      params.emplace_back(static_cast<int64_t>(util::utf8_length(*f.name_prefix)));
      params.emplace_back(*f.name_prefix);
      where += " AND substr(m.name, 1, $" + std::to_string(params.size() - 1) + ") = " + ph(params);
    }
    const std::string from = " FROM members m JOIN orgs o ON o.id = m.org_id WHERE ";
    int64_t total;
    if (only_scope && root && org::holds_rollups(root->kind)) {
      auto s = org::read_stats(tx, root->id, root->kind);
      total = s.count("members") ? s["members"] : 0;  // the rollup: O(1) at any subtree size
    } else {
      total = tx.query_int("SELECT count(*)" + from + where, params);
    }
    const char* cmp = f.descending ? "<" : ">";
    if (page.after) {
      if (sort.text) {
        params.emplace_back(cursor_text(page, 0));
        params.emplace_back(cursor_int(page, 1));
        std::string a = "$" + std::to_string(params.size() - 1), b = ph(params);
        where += std::string(" AND (m.") + sort.column + " " + cmp + " " + a + " OR (m." + sort.column + " = " + a +
                 " AND m.id " + cmp + " " + b + "))";
      } else {
        params.emplace_back(cursor_int(page, 0));
        where += std::string(" AND m.id ") + cmp + " " + ph(params);
      }
    }
    const char* dir = f.descending ? " DESC" : "";
    std::string order = sort.text ? std::string("m.") + sort.column + dir + ", m.id" + dir : std::string("m.id") + dir;
    params.emplace_back(page.limit + 1);
    auto rows = tx.query(std::string("SELECT ") + repo::kColumns + ", o.name" + from + where + " ORDER BY " + order +
                             " LIMIT " + ph(params),
                         params);
    json::array items;
    for (const auto& r : rows) {
      json::object j = to_json(repo::from_row(r), false);
      j["org_name"] = r.text(25);
      items.push_back(std::move(j));
    }
    const char* key = sort.column;
    bool text = sort.text;
    return http::page_body(std::move(items), total, page.limit, [key, text](const json::value& last) {
      return text ? json::array{last.at(key), last.at("id")} : json::array{last.at("id")};
    });
  });
}

json::object MemberService::history(int64_t id, const http::Scope& scope, const http::PageRequest& page) {
  MemberRecord m = get(id, scope);
  return ctx_.db.read_value([&](db::Tx& tx) {
    db::Params params{id};
    int64_t total = tx.query_int("SELECT count(*) FROM member_history WHERE member_id = $1", params);
    std::string where = "member_id = $1";
    if (page.after) {
      params.emplace_back(cursor_int(page, 0));
      where += " AND id < $2";
    }
    params.emplace_back(page.limit + 1);
    auto rows = tx.query("SELECT id, action, effective_date, before_json, after_json, reason, recorded_at, request_id "
                         "FROM member_history WHERE " + where + " ORDER BY id DESC LIMIT " + ph(params),
                         params);
    json::array items;
    for (const auto& r : rows)
      items.push_back(json::object{{"id", r.i64(0)}, {"action", r.text(1)}, {"effective_date", r.text(2)},
                                   {"before", parse_stored_json(r.opt_text(3))},
                                   {"after", parse_stored_json(r.opt_text(4))}, {"reason", opt_json(r.opt_text(5))},
                                   {"recorded_at", r.text(6)}, {"request_id", opt_json(r.opt_text(7))}});
    // Members created by a bulk import carry no per-row history; the batch stands for it, as the
    // oldest entry (id 0). It joins the page on which the real rows end (not only the first page),
    // so walking the pages always reaches it; a cursor [0] means it was already given.
    const bool real_rows_end = static_cast<int>(items.size()) <= page.limit;
    const bool import_given = page.after && cursor_int(page, 0) == 0;
    if (m.created_batch_id && real_rows_end && !import_given)
      items.push_back(json::object{{"id", 0}, {"action", "import"}, {"effective_date", m.created_at.substr(0, 10)},
                                   {"before", nullptr}, {"after", nullptr},
                                   {"reason", "批量导入（批次 " + std::to_string(*m.created_batch_id) + "）"},
                                   {"recorded_at", m.created_at}, {"request_id", nullptr}});
    return http::page_body(std::move(items), total + (m.created_batch_id ? 1 : 0), page.limit,
                           [](const json::value& last) { return json::array{last.at("id")}; });
  });
}

void MemberService::for_each_in_subtree(db::Tx& tx, const std::string& org_path,
                                        const std::function<void(const MemberRecord&)>& fn) {
  tx.query_each(std::string("SELECT ") + repo::kColumns +
                    " FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.path >= $1 AND o.path < $2 ORDER BY m.id",
                {org_path, path_upper(org_path)}, [&](const db::Row& r) { fn(repo::from_row(r)); });
}

}  // namespace lianxin::modules::member
