// Modules write PostgreSQL-style placeholders ($1, $2, ...); SQLite wants ?1, ?2 (same numbering,
// so "$1" used twice binds the same value twice on both engines).
#pragma once

#include <string>
#include <string_view>

namespace lianxin::db::sqlite {

// Rewrites $N outside string literals, quoted identifiers and comments. Text inside those is
// copied unchanged, so '$1' stays a literal.
std::string rewrite_placeholders(std::string_view sql);

}  // namespace lianxin::db::sqlite
