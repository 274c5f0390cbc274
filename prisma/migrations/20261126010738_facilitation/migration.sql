-- CreateTable
CREATE TABLE "Answer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "editHash" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "highlighted" BOOLEAN NOT NULL DEFAULT false,
    "at" DATETIME NOT NULL,
    CONSTRAINT "Answer_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Answer_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PromptTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "options" TEXT,
    "phase" TEXT NOT NULL,
    "technique" TEXT,
    "breakthrough" TEXT,
    "note" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PromptTemplate_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Facilitator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SessionTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "deck" TEXT NOT NULL,
    "palette" TEXT NOT NULL,
    "confidentialityNote" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SessionTemplate_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Facilitator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CoFacilitator" (
    "sessionId" TEXT NOT NULL,
    "facilitatorId" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("sessionId", "facilitatorId"),
    CONSTRAINT "CoFacilitator_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CoFacilitator_facilitatorId_fkey" FOREIGN KEY ("facilitatorId") REFERENCES "Facilitator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Invite" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "Invite_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Prompt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "technique" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "options" TEXT,
    "revealed" BOOLEAN NOT NULL DEFAULT false,
    "pushedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    CONSTRAINT "Prompt_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Prompt" ("body", "closedAt", "id", "kind", "pushedAt", "sessionId", "technique", "title") SELECT "body", "closedAt", "id", "kind", "pushedAt", "sessionId", "technique", "title" FROM "Prompt";
DROP TABLE "Prompt";
ALTER TABLE "new_Prompt" RENAME TO "Prompt";
CREATE INDEX "Prompt_sessionId_pushedAt_idx" ON "Prompt"("sessionId", "pushedAt");
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "joinCode" TEXT,
    "palette" TEXT NOT NULL,
    "deck" TEXT NOT NULL DEFAULT '[]',
    "confidentialityNote" TEXT,
    "checklist" TEXT NOT NULL DEFAULT '[]',
    "displayShows" TEXT NOT NULL DEFAULT 'prompt',
    "displayKeyHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    CONSTRAINT "Session_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Facilitator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("createdAt", "endedAt", "id", "joinCode", "ownerId", "palette", "startedAt", "status", "title") SELECT "createdAt", "endedAt", "id", "joinCode", "ownerId", "palette", "startedAt", "status", "title" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE UNIQUE INDEX "Session_joinCode_key" ON "Session"("joinCode");
CREATE UNIQUE INDEX "Session_displayKeyHash_key" ON "Session"("displayKeyHash");
CREATE INDEX "Session_ownerId_createdAt_idx" ON "Session"("ownerId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

-- Prompts pushed before there were kinds were all cards to read.
UPDATE "Prompt" SET "kind" = 'script' WHERE "kind" IN ('technique', 'text');
