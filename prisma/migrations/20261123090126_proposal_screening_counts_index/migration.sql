-- DropIndex
DROP INDEX "Proposal_callId_state_idx";

-- CreateIndex
CREATE INDEX "Proposal_callId_state_submittedAt_organisationId_idx" ON "Proposal"("callId", "state", "submittedAt", "organisationId");
