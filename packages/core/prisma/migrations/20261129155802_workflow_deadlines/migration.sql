-- CreateEnum
CREATE TYPE "CalendarDayKind" AS ENUM ('HOLIDAY', 'WORKDAY');

-- CreateEnum
CREATE TYPE "DeadlineKind" AS ENUM ('ACCEPT', 'RESOLVE', 'FOLLOW_UP');

-- CreateEnum
CREATE TYPE "DeadlineStage" AS ENUM ('DUE_SOON', 'OVERDUE');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "language" VARCHAR(20);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" DATE NOT NULL,
    "kind" "CalendarDayKind" NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "DeadlineAlert" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "kind" "DeadlineKind" NOT NULL,
    "stage" "DeadlineStage" NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeadlineAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeadlineAlert_createdAt_idx" ON "DeadlineAlert"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeadlineAlert_caseId_kind_stage_deadline_key" ON "DeadlineAlert"("caseId", "kind", "stage", "deadline");

-- AddForeignKey
ALTER TABLE "DeadlineAlert" ADD CONSTRAINT "DeadlineAlert_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
