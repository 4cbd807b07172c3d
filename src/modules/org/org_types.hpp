// Organization records as the org module exposes them to routes and to other modules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lianxin::modules::org {

// Raw input for create / update / import; absent (nullopt) means "not given". Field names are the
// JSON keys and the FieldError::field values.
struct OrgDraft {
  std::optional<std::string> code;              // unique: [A-Za-z0-9_.-]{1,32}
  std::optional<std::string> name;              // 1..100 characters
  std::optional<std::string> kind;              // enums.hpp org_kinds (code or Chinese label)
  std::optional<int64_t> parent_id;             // absent: a root (only when creating)
  std::optional<std::string> parent_code;       // alternative to parent_id (imports)
  std::optional<std::string> host_unit;         // 所在单位
  std::optional<std::string> region_code;       // 6..12 digits (GB/T 2260 and below)
  std::optional<std::string> category;          // 组织类别 code 1..9 (org.category_codes, LOCAL)
  std::optional<std::string> established_date;  // YYYY-MM-DD, not in the future
  std::optional<std::string> contact_name;
  std::optional<std::string> contact_phone;     // mobile or landline
  std::optional<bool> village_or_community;     // 5-year terms (R-O10)
  std::optional<bool> can_approve_probationary; // default: committees that are not villages
  std::optional<bool> can_transfer_directly;    // R-T10 pre-2019 direct node (县级及以上组织部 ...); default false
};

struct OrgRecord {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string kind;
  std::optional<int64_t> parent_id;
  std::string path;  // "/1/5/23/"
  int depth = 0;     // 0 for a root
  std::optional<std::string> host_unit, region_code, category, established_date, contact_name, contact_phone;
  bool village_or_community = false;
  bool can_approve_probationary = false;
  bool can_transfer_directly = false;  // migration 12
  std::optional<std::string> dissolved_date, dissolve_reason;
  int64_t version = 1;
  std::optional<int64_t> created_batch_id;
  std::string created_at, updated_at;

  bool dissolved() const { return dissolved_date.has_value(); }
};

struct TermRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string elected_date;
  int term_years = 0;
  std::string due_date;
  bool has_committee = false;
  std::optional<std::string> secretary;
  std::optional<std::string> members_json;  // JSON array of {name, role}
  std::optional<std::string> approval_ref;
  std::string recorded_at;
};

}  // namespace lianxin::modules::org
