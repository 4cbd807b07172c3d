#include "domain/org_hierarchy.hpp"

#include <gtest/gtest.h>

using lianxin::domain::check_org_placement;

TEST(OrgHierarchy, RootMayBeAnyKind) {
  EXPECT_FALSE(check_org_placement("", "branch"));
  EXPECT_FALSE(check_org_placement("", "committee"));
}

TEST(OrgHierarchy, PartyGroupOnlyInsideBranches) {
  EXPECT_FALSE(check_org_placement("branch", "party_group"));
  EXPECT_FALSE(check_org_placement("joint_branch", "party_group"));
  EXPECT_TRUE(check_org_placement("general_branch", "party_group"));
  EXPECT_TRUE(check_org_placement("basic_committee", "party_group"));
}

TEST(OrgHierarchy, BranchesUnderCommitteesOrGeneralBranches) {
  EXPECT_FALSE(check_org_placement("basic_committee", "branch"));
  EXPECT_FALSE(check_org_placement("general_branch", "joint_branch"));
  EXPECT_TRUE(check_org_placement("branch", "branch"));
  EXPECT_TRUE(check_org_placement("party_group", "branch"));
}

TEST(OrgHierarchy, CommitteesNotUnderGeneralBranches) {
  EXPECT_FALSE(check_org_placement("committee", "basic_committee"));
  EXPECT_FALSE(check_org_placement("basic_committee", "basic_committee"));  // village 党委 under a town 党委
  EXPECT_TRUE(check_org_placement("general_branch", "basic_committee"));
  EXPECT_TRUE(check_org_placement("general_branch", "general_branch"));
}
