#include "modules/demo/demo_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "domain/enums.hpp"
#include "domain/org_rules.hpp"

namespace lianxin::modules::demo {

namespace {

std::string two_digits(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

std::string nth(int n, const char* what) { return "第" + chinese_number(n) + what; }

constexpr Weighted<Sector> kUnitSectors[] = {
    {Sector::government, 25}, {Sector::institution, 35}, {Sector::enterprise, 40}};
// 党总支 per unit 党委: mean ≈ 1.1 (scale.md: 1.08 per 基层党委).
constexpr Weighted<int> kGeneralBranches[] = {{0, 25}, {1, 45}, {2, 22}, {3, 8}};

}  // namespace

DemoBuilder::DemoBuilder(ModuleContext& ctx, const DemoOptions& opts)
    : ctx_(ctx),
      orgs_(ctx),
      members_(ctx),
      meta_{"demo", 0, "local"},
      today_(ctx.today()),
      rng_(opts.seed),
      people_(today_),
      plan_(plan_demo(opts.members)) {
  cities_.resize(plan_.cities.size());
  pending_.reserve(kMembersPerStep + 1000);
}

bool DemoBuilder::step(db::Tx& tx) {
  while (pending_.size() < kMembersPerStep && !done()) advance(tx);
  flush(tx);
  return !done();
}

void DemoBuilder::advance(db::Tx& tx) {
  if (!county_open_) {
    open_county(tx);
  } else if (remaining() <= 0) {
    ++county_;
    county_open_ = false;
  } else {
    const int index = ++basic_index_;
    // Every fifth 基层党委 is a 乡镇/街道 with village branches (20%), the rest are units.
    if (index % 5 == 1)
      add_town(tx, index);
    else
      add_unit(tx, index);
  }
}

const org::OrgRecord* DemoBuilder::county_parent(db::Tx& tx, const CountyPlan& c) {
  if (!plan_.province) return nullptr;
  if (!province_) {
    province_ = add_org(tx, {nullptr, plan_.province_code, "中共" + place_name(rng_) + "省委员会", "committee", false,
                             std::nullopt, plan_.province_code + "0000"});
    result_.root_org_id = province_->id;
  }
  auto& city = cities_[static_cast<size_t>(c.city)];
  if (!city) {
    const std::string code = plan_.cities[static_cast<size_t>(c.city)];
    city = add_org(
        tx, {&*province_, code, "中共" + place_name(rng_) + "市委员会", "committee", false, std::nullopt, code + "00"});
  }
  return &*city;
}

void DemoBuilder::open_county(db::Tx& tx) {
  const CountyPlan& c = plan_.counties[county_];
  const org::OrgRecord* parent = county_parent(tx, c);
  county_name_ = place_name(rng_) + "县";
  county_rec_ = add_org(
      tx, {parent, c.address_code, "中共" + county_name_ + "委员会", "committee", false, std::nullopt, c.address_code});
  if (!parent) result_.root_org_id = county_rec_->id;
  people_.start_county(c.address_code, county_name_);
  county_members_ = 0;
  basic_index_ = 0;
  county_open_ = true;
  add_direct_branches(tx);
}

// 10–50 branches directly under a county committee (scale.md §3), the first a 联合党支部 of
// small private firms, and another joint branch every eighth.
void DemoBuilder::add_direct_branches(db::Tx& tx) {
  const int64_t n = std::clamp<int64_t>(plan_.counties[county_].target / 1400, 2, 50);
  for (int k = 1; k <= n && remaining() > 0; ++k) {
    const std::string code = county_rec_->code + "-D" + two_digits(k);
    if (k == 1 || k % 8 == 0) {
      add_branch(tx, *county_rec_, code, county_name_ + "非公有制企业" + nth(k / 8 + 1, "联合党支部"), "joint_branch",
                 false, Sector::mixed);
    } else {
      add_branch(tx, *county_rec_, code, small_unit_name(rng_, county_name_) + "党支部", "branch", false,
                 Sector::government);
    }
  }
}

void DemoBuilder::add_town(db::Tx& tx, int index) {
  const bool street = rng_.chance(0.25);
  const std::string place = place_name(rng_);
  const std::string code = county_rec_->code + "-B" + std::to_string(index);
  const org::OrgRecord town = add_org(
      tx, {&*county_rec_, code, "中共" + place + (street ? "街道委员会" : "镇委员会"), "basic_committee", false,
           place + (street ? "街道办事处" : "镇人民政府"), county_rec_->code + std::to_string(100 + index % 900)});
  maybe_term(town, false, 0);
  const char* village_word = street ? "社区" : "村";
  if (rng_.chance(0.3)) {  // a large village organized as a 党总支 with its own branches
    add_general_branch(tx, town, code + "-Z1", place_name(rng_) + village_word + "党总支", true, Sector::village,
                       static_cast<int>(rng_.between(3, 5)));
  }
  const int villages = static_cast<int>(rng_.between(15, 40));
  for (int v = 1; v <= villages && remaining() > 0; ++v) {
    add_branch(tx, town, code + "-" + two_digits(v), place_name(rng_) + village_word + "党支部", "branch", true,
               Sector::village);
  }
  if (remaining() > 0) {
    add_branch(tx, town, code + "-J1", place + (street ? "街道机关党支部" : "镇机关党支部"), "branch", false,
               Sector::government);
  }
}

void DemoBuilder::add_unit(db::Tx& tx, int index) {
  const Sector sector = pick_weighted(rng_, std::span<const Weighted<Sector>>(kUnitSectors));
  const std::string unit = unit_name(rng_, sector, county_name_);
  const std::string code = county_rec_->code + "-B" + std::to_string(index);
  const org::OrgRecord committee =
      add_org(tx, {&*county_rec_, code, "中共" + unit + "委员会", "basic_committee", false, unit, std::nullopt});
  maybe_term(committee, false, 0);
  int generals = pick_weighted(rng_, std::span<const Weighted<int>>(kGeneralBranches));
  if (index == 2) generals = std::max(generals, 1);  // every demo shows at least one 党总支
  int under_generals = 0;
  for (int g = 1; g <= generals && remaining() > 0; ++g) {
    const int branches = static_cast<int>(rng_.between(3, 11));
    add_general_branch(tx, committee, code + "-Z" + std::to_string(g), unit + nth(g, "党总支"), false, sector,
                       branches);
    under_generals += branches;
  }
  // About 15 branches per 基层党委 subtree in all (scale.md §3).
  const int direct = std::max(2, static_cast<int>(rng_.between(12, 18)) - under_generals);
  for (int k = 1; k <= direct && remaining() > 0; ++k) {
    add_branch(tx, committee, code + "-" + two_digits(k), unit + nth(k, "党支部"), "branch", false, sector);
  }
}

void DemoBuilder::add_general_branch(db::Tx& tx, const org::OrgRecord& parent, const std::string& code,
                                     const std::string& name, bool village, Sector sector, int branches) {
  const org::OrgRecord general =
      add_org(tx, {&parent, code, name, "general_branch", village, std::nullopt, std::nullopt});
  maybe_term(general, village, 0);
  for (int k = 1; k <= branches && remaining() > 0; ++k) {
    add_branch(tx, general, code + "-" + two_digits(k), nth(k, "党支部"), "branch", village, sector);
  }
}

// Branch sizes: lognormal with median 18 and mean 22 (sigma² = 2·ln(22/18)), so ~5% exceed 50.
int64_t DemoBuilder::branch_size() {
  static const double kSigma = std::sqrt(2.0 * std::log(22.0 / 18.0));
  return std::clamp<int64_t>(std::llround(rng_.lognormal(std::log(18.0), kSigma)), 3, 200);
}

void DemoBuilder::add_branch(db::Tx& tx, const org::OrgRecord& parent, const std::string& code, const std::string& name,
                             const std::string& kind, bool village, Sector sector) {
  // The county's last branch takes what is left of its target (but never fewer than 3).
  const int64_t size = std::max<int64_t>(3, std::min(branch_size(), remaining()));
  const org::OrgRecord branch = add_org(tx, {&parent, code, name, kind, village, std::nullopt, std::nullopt});
  int64_t full = 0;
  for (int64_t k = 0; k < size; ++k) {
    domain::MemberFields m = people_.make(rng_, sector, k < 3);
    full += m.category == "full";
    pending_.push_back({branch.id, branch.path, std::move(m)});
  }
  county_members_ += size;
  // 党小组 for branches of 10 or more: about one per 10 members.
  if (size >= 10) {
    const int groups = static_cast<int>(std::lround(static_cast<double>(size) / 10.0));
    for (int g = 1; g <= groups; ++g) {
      add_org(tx, {&branch, code + "-G" + std::to_string(g), nth(g, "党小组"), "party_group", village, std::nullopt,
                   std::nullopt});
    }
  }
  maybe_term(branch, village, full);
}

org::OrgRecord DemoBuilder::add_org(db::Tx& tx, const OrgSpec& spec) {
  org::OrgDraft d;
  d.code = spec.code;
  d.name = spec.name;
  d.kind = spec.kind;
  if (spec.parent) d.parent_id = spec.parent->id;
  d.village_or_community = spec.village;
  // 省委 / 市委 / 县委 (the only "committee" kind in the demo): their 组织部 are the pre-2019 direct
  // transfer nodes (R-T10), so a 基层党委 made without approval power routes 逐级 through them.
  if (spec.kind == "committee") d.can_transfer_directly = true;
  d.host_unit = spec.host_unit;
  d.region_code = spec.region_code;
  d.established_date = domain::add_days(today_, -rng_.between(2 * 365, 40 * 365)).iso();
  ++result_.orgs;
  return orgs_.create_in(tx, d, meta_, std::nullopt);
}

// Most committees have a recorded term; elected dates spread over the whole term and a bit
// beyond, so some terms are due within the reminder window and some are overdue.
void DemoBuilder::maybe_term(const org::OrgRecord& o, bool village, int64_t full_members) {
  const auto years = domain::default_term_years(o.kind, village, ctx_.org_rules);
  if (!years || !rng_.chance(0.9)) return;
  const int months_ago = static_cast<int>(rng_.between(0, *years * 12 + 8));
  const domain::Date elected = domain::add_days(domain::add_months(today_, -months_ago), -rng_.between(0, 27));
  const domain::TermDates term = domain::compute_term(elected, *years, ctx_.org_rules);
  const bool branch = domain::org_kind_is_branch(o.kind);
  const bool committee = !branch || (full_members >= 7 && rng_.chance(0.9));
  terms_.push_back({o.id, elected.iso(), *years, term.due.iso(), committee ? 1 : 0,
                    person_name(rng_, rng_.chance(0.75)), nullptr, nullptr, now_timestamp()});
}

// Terms go straight into org_terms: OrgService::add_term opens its own transaction, which would
// mean one commit per organization (~1M at 10M members). See the report of this issue.
void DemoBuilder::flush(db::Tx& tx) {
  if (!pending_.empty()) {
    members_.bulk_create(tx, pending_, std::nullopt);
    result_.members += static_cast<int64_t>(pending_.size());
    pending_.clear();
  }
  if (!terms_.empty()) {
    tx.bulk_insert("org_terms",
                   {"org_id", "elected_date", "term_years", "due_date", "has_committee", "secretary", "members_json",
                    "approval_ref", "recorded_at"},
                   terms_);
    result_.terms += static_cast<int64_t>(terms_.size());
    terms_.clear();
  }
}

}  // namespace lianxin::modules::demo
