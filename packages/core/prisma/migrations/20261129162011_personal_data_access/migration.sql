-- CreateTable
CREATE TABLE "PersonalDataAccess" (
    "id" SERIAL NOT NULL,
    "partyId" INTEGER NOT NULL,
    "caseId" INTEGER NOT NULL,
    "fields" TEXT[],
    "reason" VARCHAR(500) NOT NULL,
    "userId" INTEGER,
    "apiKeyId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonalDataAccess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PersonalDataAccess_partyId_idx" ON "PersonalDataAccess"("partyId");

-- CreateIndex
CREATE INDEX "PersonalDataAccess_caseId_idx" ON "PersonalDataAccess"("caseId");

-- CreateIndex
CREATE INDEX "PersonalDataAccess_userId_idx" ON "PersonalDataAccess"("userId");

-- CreateIndex
CREATE INDEX "PersonalDataAccess_apiKeyId_idx" ON "PersonalDataAccess"("apiKeyId");

-- CreateIndex
CREATE INDEX "PersonalDataAccess_createdAt_idx" ON "PersonalDataAccess"("createdAt");

-- AddForeignKey
ALTER TABLE "PersonalDataAccess" ADD CONSTRAINT "PersonalDataAccess_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "Party"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonalDataAccess" ADD CONSTRAINT "PersonalDataAccess_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonalDataAccess" ADD CONSTRAINT "PersonalDataAccess_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;
