// Migration 14: an index for organisational-life compliance (modules/life/compliance*).
//
// The roll-up counts held meetings per (organization, type) from meeting_types and needs, per
// meeting, only state, quorate, review_state, held_recorded_at and defects. In the meetings row
// those columns come after minutes / resolutions, which in real records run to thousands of
// characters: on SQLite every lookup would then walk the row's overflow pages. This covering index
// keeps the few columns together (SQLite reads it instead of the row; PostgreSQL keeps long text
// out of line anyway, the index costs it little). defects is the short JSON list of record_defects.
#include "db/migrations/registry.hpp"

namespace lianxin::db::migrations {

const Migration m0014_orglife_compliance{14, "org life: covering index for compliance counts", R"SQL(
CREATE INDEX meetings_compliance ON meetings(id, state, quorate, review_state, held_recorded_at, defects);
)SQL"};

}  // namespace lianxin::db::migrations
