-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "excludeSameCountryAssessors" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "countryCode" TEXT;

-- CreateTable
CREATE TABLE "ImpartialityDeclaration" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "textVersion" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ipAddress" TEXT,

    CONSTRAINT "ImpartialityDeclaration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "assessorId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'ASSESSOR',
    "assignmentReason" TEXT NOT NULL DEFAULT '',
    "assignedById" TEXT,
    "scores" JSONB NOT NULL DEFAULT '{}',
    "total" INTEGER,
    "returnReason" TEXT,
    "conflictReason" TEXT,
    "state" TEXT NOT NULL DEFAULT 'assigned',
    "machineVersion" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Moderation" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "resolution" TEXT,
    "consensusTotal" INTEGER,
    "note" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" TEXT,

    CONSTRAINT "Moderation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AwardDecision" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "ranking" JSONB NOT NULL,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AwardDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Grant" (
    "id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "totalEligibleCostsCents" INTEGER NOT NULL,
    "eligibleCostsShareBp" INTEGER NOT NULL,
    "startDate" TIMESTAMP(3) NOT NULL,
    "endDate" TIMESTAMP(3) NOT NULL,
    "reportingPeriodMonths" INTEGER NOT NULL DEFAULT 12,
    "finalReportMonths" INTEGER NOT NULL DEFAULT 3,
    "budget" JSONB NOT NULL DEFAULT '[]',
    "logframe" JSONB NOT NULL DEFAULT '{}',
    "signedContractDocumentId" TEXT,
    "signedAt" TIMESTAMP(3),
    "state" TEXT NOT NULL DEFAULT 'contracting',
    "machineVersion" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Grant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tranche" (
    "id" TEXT NOT NULL,
    "grantId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "plannedAmountCents" INTEGER NOT NULL,
    "dependsOn" TEXT NOT NULL,
    "reportId" TEXT,
    "dueAmountCents" INTEGER,
    "dueExplanation" TEXT,
    "releasedAt" TIMESTAMP(3),
    "paidAmountCents" INTEGER,
    "paidAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tranche_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL,
    "grantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "dueDate" TIMESTAMP(3) NOT NULL,
    "narrative" JSONB NOT NULL DEFAULT '{}',
    "indicators" JSONB NOT NULL DEFAULT '{}',
    "financial" JSONB NOT NULL DEFAULT '{}',
    "reviewComments" JSONB NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'draft',
    "machineVersion" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "approvedAt" TIMESTAMP(3),
    "reminderSentAt" TIMESTAMP(3),
    "overdueNotifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportDocument" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "headingCode" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ImpartialityDeclaration_callId_userId_key" ON "ImpartialityDeclaration"("callId", "userId");

-- CreateIndex
CREATE INDEX "Evaluation_assessorId_state_idx" ON "Evaluation"("assessorId", "state");

-- CreateIndex
CREATE INDEX "Evaluation_callId_stage_idx" ON "Evaluation"("callId", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_proposalId_stage_assessorId_key" ON "Evaluation"("proposalId", "stage", "assessorId");

-- CreateIndex
CREATE INDEX "Moderation_callId_stage_idx" ON "Moderation"("callId", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "Moderation_proposalId_stage_key" ON "Moderation"("proposalId", "stage");

-- CreateIndex
CREATE INDEX "AwardDecision_callId_stage_idx" ON "AwardDecision"("callId", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "Grant_reference_key" ON "Grant"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Grant_proposalId_key" ON "Grant"("proposalId");

-- CreateIndex
CREATE INDEX "Grant_state_idx" ON "Grant"("state");

-- CreateIndex
CREATE INDEX "Grant_organisationId_idx" ON "Grant"("organisationId");

-- CreateIndex
CREATE INDEX "Grant_callId_idx" ON "Grant"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "Tranche_grantId_number_key" ON "Tranche"("grantId", "number");

-- CreateIndex
CREATE INDEX "Report_dueDate_state_idx" ON "Report"("dueDate", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Report_grantId_kind_number_key" ON "Report"("grantId", "kind", "number");

-- CreateIndex
CREATE INDEX "ReportDocument_reportId_idx" ON "ReportDocument"("reportId");

-- AddForeignKey
ALTER TABLE "ImpartialityDeclaration" ADD CONSTRAINT "ImpartialityDeclaration_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImpartialityDeclaration" ADD CONSTRAINT "ImpartialityDeclaration_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_assessorId_fkey" FOREIGN KEY ("assessorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Moderation" ADD CONSTRAINT "Moderation_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Moderation" ADD CONSTRAINT "Moderation_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardDecision" ADD CONSTRAINT "AwardDecision_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tranche" ADD CONSTRAINT "Tranche_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "Grant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "Grant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportDocument" ADD CONSTRAINT "ReportDocument_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportDocument" ADD CONSTRAINT "ReportDocument_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
