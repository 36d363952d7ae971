-- CreateIndex
CREATE INDEX "Proposal_callId_submittedAt_reference_idx" ON "Proposal"("callId", "submittedAt", "reference");
