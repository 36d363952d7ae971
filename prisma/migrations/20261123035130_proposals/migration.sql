-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "previousVersionId" TEXT,
ADD COLUMN     "rejectionReason" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'ready';

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "adminCheck" JSONB,
ADD COLUMN     "lastEditedById" TEXT;

-- CreateTable
CREATE TABLE "ProposalPartner" (
    "id" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "organisationId" TEXT,
    "invitedEmail" TEXT,
    "name" TEXT NOT NULL,
    "countryCode" TEXT NOT NULL,
    "typeCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProposalPartner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProposalSubmission" (
    "id" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "documents" JSONB NOT NULL DEFAULT '[]',
    "submittedById" TEXT,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProposalSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProposalDocument" (
    "id" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "requirementCode" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProposalDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProposalPartner_proposalId_idx" ON "ProposalPartner"("proposalId");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalSubmission_proposalId_stage_key" ON "ProposalSubmission"("proposalId", "stage");

-- CreateIndex
CREATE INDEX "ProposalDocument_proposalId_idx" ON "ProposalDocument"("proposalId");

-- AddForeignKey
ALTER TABLE "ProposalPartner" ADD CONSTRAINT "ProposalPartner_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalPartner" ADD CONSTRAINT "ProposalPartner_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalSubmission" ADD CONSTRAINT "ProposalSubmission_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalDocument" ADD CONSTRAINT "ProposalDocument_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalDocument" ADD CONSTRAINT "ProposalDocument_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
