-- AlterTable
ALTER TABLE "Prompt" ADD COLUMN     "options" TEXT,
ADD COLUMN     "revealed" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "checklist" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "confidentialityNote" TEXT,
ADD COLUMN     "deck" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "displayKeyHash" TEXT,
ADD COLUMN     "displayShows" TEXT NOT NULL DEFAULT 'prompt';

-- CreateTable
CREATE TABLE "Answer" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "editHash" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "highlighted" BOOLEAN NOT NULL DEFAULT false,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Answer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PromptTemplate" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "options" TEXT,
    "phase" TEXT NOT NULL,
    "technique" TEXT,
    "breakthrough" TEXT,
    "note" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PromptTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionTemplate" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "deck" TEXT NOT NULL,
    "palette" TEXT NOT NULL,
    "confidentialityNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SessionTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CoFacilitator" (
    "sessionId" TEXT NOT NULL,
    "facilitatorId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CoFacilitator_pkey" PRIMARY KEY ("sessionId","facilitatorId")
);

-- CreateTable
CREATE TABLE "Invite" (
    "tokenHash" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "Invite_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "Answer_sessionId_idx" ON "Answer"("sessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Answer_promptId_editHash_key" ON "Answer"("promptId", "editHash");

-- CreateIndex
CREATE INDEX "PromptTemplate_ownerId_updatedAt_idx" ON "PromptTemplate"("ownerId", "updatedAt");

-- CreateIndex
CREATE INDEX "SessionTemplate_ownerId_createdAt_idx" ON "SessionTemplate"("ownerId", "createdAt");

-- CreateIndex
CREATE INDEX "CoFacilitator_facilitatorId_idx" ON "CoFacilitator"("facilitatorId");

-- CreateIndex
CREATE INDEX "Invite_sessionId_idx" ON "Invite"("sessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Session_displayKeyHash_key" ON "Session"("displayKeyHash");

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromptTemplate" ADD CONSTRAINT "PromptTemplate_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Facilitator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionTemplate" ADD CONSTRAINT "SessionTemplate_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Facilitator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CoFacilitator" ADD CONSTRAINT "CoFacilitator_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CoFacilitator" ADD CONSTRAINT "CoFacilitator_facilitatorId_fkey" FOREIGN KEY ("facilitatorId") REFERENCES "Facilitator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Prompts pushed before there were kinds were all cards to read.
UPDATE "Prompt" SET "kind" = 'script' WHERE "kind" IN ('technique', 'text');
