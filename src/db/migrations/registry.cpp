#include "db/migrations/registry.hpp"

namespace lianxin::db {

const std::vector<Migration>& all_migrations() {
  static const std::vector<Migration> list = {
      migrations::m0001_core,
      migrations::m0002_auth,
      migrations::m0003_org_member_counts,
      migrations::m0004_recruit,
      migrations::m0005_transfer,
      migrations::m0006_member_status,
      migrations::m0007_transfer_letters,
      migrations::m0008_mobile_members,
      migrations::m0009_recruit_attachments,
      migrations::m0010_dues,
      migrations::m0011_orglife,
      migrations::m0012_transfer_hops,
      migrations::m0013_dues_reports,
      migrations::m0014_orglife_compliance,
  };
  return list;
}

}  // namespace lianxin::db
