-- CreateIndex
CREATE INDEX "Evaluation_callId_stage_updatedAt_version_idx" ON "Evaluation"("callId", "stage", "updatedAt", "version");

-- CreateIndex
CREATE INDEX "Proposal_callId_updatedAt_version_idx" ON "Proposal"("callId", "updatedAt", "version");
