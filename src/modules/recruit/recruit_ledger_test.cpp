// The ledger's stage of a case and the attachment type check (pure functions).
#include <gtest/gtest.h>

#include "modules/recruit/recruit_attachments.hpp"
#include "modules/recruit/recruit_ledger.hpp"

namespace lianxin::modules::recruit {

TEST(RecruitLedger, StageFromStateAndLastStepInOrder) {
  EXPECT_EQ(ledger_stage("in_progress", 1), LedgerStage::kApplicant);
  EXPECT_EQ(ledger_stage("in_progress", 2), LedgerStage::kApplicant);
  EXPECT_EQ(ledger_stage("in_progress", 3), LedgerStage::kActivist);
  EXPECT_EQ(ledger_stage("in_progress", 6), LedgerStage::kActivist);
  EXPECT_EQ(ledger_stage("in_progress", 7), LedgerStage::kTarget);
  EXPECT_EQ(ledger_stage("in_progress", 16), LedgerStage::kTarget);  // approval (17) not yet given
  EXPECT_EQ(ledger_stage("in_progress", 17), LedgerStage::kProbationary);
  EXPECT_EQ(ledger_stage("in_progress", 23), LedgerStage::kProbationary);
  EXPECT_EQ(ledger_stage("in_progress", 24), LedgerStage::kFull);
  EXPECT_EQ(ledger_stage("completed", 25), LedgerStage::kFull);
  EXPECT_EQ(ledger_stage("rejected", 16), LedgerStage::kEnded);
  EXPECT_EQ(ledger_stage("cancelled", 23), LedgerStage::kEnded);
  EXPECT_STREQ(ledger_stage_label(LedgerStage::kTarget), "发展对象");
}

TEST(RecruitAttachments, TypeFromMagicBytes) {
  EXPECT_EQ(FileStore::sniff_type("%PDF-1.7\n..."), "application/pdf");
  EXPECT_EQ(FileStore::sniff_type(std::string("\xFF\xD8\xFF\xE0", 4)), "image/jpeg");
  EXPECT_EQ(FileStore::sniff_type(std::string("\x89PNG\r\n\x1a\n\0\0", 10)), "image/png");
  EXPECT_EQ(FileStore::sniff_type("GIF89a"), "");
  EXPECT_EQ(FileStore::sniff_type("%PD"), "");
  EXPECT_EQ(FileStore::sniff_type(std::string("\x89PNG", 4)), "");
  EXPECT_EQ(FileStore::sniff_type(""), "");
}

}  // namespace lianxin::modules::recruit
