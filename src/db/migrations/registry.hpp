// The list of migrations, one file each (NNNN_name.cpp), registered in registry.cpp in order.
// Never edit an applied migration: add the next one.
#pragma once

#include "db/migrations.hpp"

namespace lianxin::db::migrations {

extern const Migration m0001_core;
extern const Migration m0002_auth;
extern const Migration m0003_org_member_counts;
extern const Migration m0004_recruit;
extern const Migration m0005_transfer;
extern const Migration m0006_member_status;
extern const Migration m0007_transfer_letters;
extern const Migration m0008_mobile_members;
extern const Migration m0009_recruit_attachments;
extern const Migration m0010_dues;
extern const Migration m0011_orglife;
extern const Migration m0012_transfer_hops;
extern const Migration m0013_dues_reports;
extern const Migration m0014_orglife_compliance;

}  // namespace lianxin::db::migrations
