-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "assessorsPerProposal" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "blindReview" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "divergenceThresholdBp" INTEGER NOT NULL DEFAULT 3000,
ADD COLUMN     "maxIndirectCostBp" INTEGER NOT NULL DEFAULT 700,
ADD COLUMN     "shortlistBudgetMultipleBp" INTEGER NOT NULL DEFAULT 20000;

-- CreateTable
CREATE TABLE "CallNotice" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "textEn" TEXT NOT NULL,
    "textFr" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CallNotice_callId_createdAt_idx" ON "CallNotice"("callId", "createdAt");

-- AddForeignKey
ALTER TABLE "CallNotice" ADD CONSTRAINT "CallNotice_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;
