-- CreateEnum
CREATE TYPE "RegionLevel" AS ENUM ('PROVINCE', 'CITY', 'COUNTY', 'TOWN', 'VILLAGE');

-- CreateEnum
CREATE TYPE "GridMemberRole" AS ENUM ('LEADER', 'MEMBER');

-- CreateEnum
CREATE TYPE "OrganizationType" AS ENUM ('VILLAGE_COMMITTEE', 'TOWN_COMMITTEE', 'MEDICAL_COMMITTEE', 'LABOR_COMMITTEE', 'PROPERTY_COMMITTEE', 'INDUSTRY_COMMITTEE', 'JUDICIAL_OFFICE', 'RESOLUTION_CENTER', 'LAW_FIRM');

-- CreateEnum
CREATE TYPE "MediatorType" AS ENUM ('FULL_TIME', 'PART_TIME', 'LAWYER', 'JUDICIAL_OFFICER', 'LEGAL_SERVICE_WORKER', 'RESPECTED_ELDER', 'RELIGIOUS_FIGURE');

-- CreateEnum
CREATE TYPE "CaseCategory" AS ENUM ('MARRIAGE_FAMILY', 'NEIGHBORHOOD', 'PROPERTY_MANAGEMENT', 'LABOR_WAGES', 'TORT_DAMAGES', 'CONSUMER', 'TOURISM', 'MEDICAL', 'CONTRACT', 'HOUSING_LEASE', 'DEBT', 'LAND_GRASSLAND', 'OTHER');

-- CreateEnum
CREATE TYPE "CaseSource" AS ENUM ('GRID_SCREENING', 'WALK_IN', 'HOTLINE', 'ONLINE', 'PETITION_REFERRAL', 'POLICE_REFERRAL', 'COURT_REFERRAL', 'OTHER');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('REPORTED', 'ACCEPTED', 'REJECTED', 'ASSIGNED', 'IN_MEDIATION', 'RESOLVED', 'FAILED', 'CLOSED', 'WITHDRAWN', 'TRANSFERRED');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "FailureGuidance" AS ENUM ('LITIGATION', 'ARBITRATION', 'OTHER_CHANNEL');

-- CreateEnum
CREATE TYPE "PartyRole" AS ENUM ('APPLICANT', 'RESPONDENT', 'THIRD_PARTY');

-- CreateEnum
CREATE TYPE "PartyKind" AS ENUM ('PERSON', 'ORGANIZATION');

-- CreateEnum
CREATE TYPE "SessionMode" AS ENUM ('IN_PERSON', 'VIDEO', 'PHONE', 'TEXT');

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('SCHEDULED', 'HELD', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SessionOutcome" AS ENUM ('AGREED', 'PARTIAL', 'NO_AGREEMENT', 'ADJOURNED');

-- CreateEnum
CREATE TYPE "AgreementForm" AS ENUM ('ORAL', 'WRITTEN');

-- CreateEnum
CREATE TYPE "FulfillmentStatus" AS ENUM ('PENDING', 'PARTIAL', 'FULFILLED', 'BREACHED');

-- CreateEnum
CREATE TYPE "FollowUpMethod" AS ENUM ('VISIT', 'PHONE', 'OTHER');

-- CreateEnum
CREATE TYPE "FollowUpStatus" AS ENUM ('SCHEDULED', 'DONE', 'MISSED');

-- CreateEnum
CREATE TYPE "CaseEventType" AS ENUM ('REPORTED', 'ACCEPTED', 'REJECTED', 'ASSIGNED', 'MEDIATION_STARTED', 'SESSION_SCHEDULED', 'SESSION_RESCHEDULED', 'SESSION_CANCELLED', 'SESSION_HELD', 'AGREEMENT_RECORDED', 'FULFILLMENT_UPDATED', 'FAILED', 'WITHDRAWN', 'TRANSFERRED', 'FOLLOW_UP_SCHEDULED', 'FOLLOW_UP_COMPLETED', 'CLOSED', 'RISK_CHANGED', 'ESCALATED', 'DEADLINE_DUE_SOON', 'DEADLINE_OVERDUE', 'UPDATED');

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('POPULATION', 'WELFARE', 'PUBLIC_REQUEST', 'DISPUTE');

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('ADMIN', 'SUPERVISOR', 'MEDIATOR', 'GRID_WORKER');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'IN_FLIGHT', 'DELIVERED', 'DEAD');

-- CreateTable
CREATE TABLE "Region" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(12) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "level" "RegionLevel" NOT NULL,
    "parentId" INTEGER,
    "path" VARCHAR(255) NOT NULL,
    "depth" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Region_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Grid" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "regionId" INTEGER NOT NULL,
    "households" INTEGER NOT NULL DEFAULT 0,
    "population" INTEGER NOT NULL DEFAULT 0,
    "description" VARCHAR(2000),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Grid_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GridMember" (
    "id" SERIAL NOT NULL,
    "gridId" INTEGER NOT NULL,
    "role" "GridMemberRole" NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "phone" VARCHAR(20),
    "userId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GridMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "type" "OrganizationType" NOT NULL,
    "regionId" INTEGER NOT NULL,
    "address" VARCHAR(200),
    "phone" VARCHAR(20),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mediator" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "type" "MediatorType" NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "phone" VARCHAR(20),
    "specialties" "CaseCategory"[],
    "languages" TEXT[],
    "capacity" INTEGER NOT NULL DEFAULT 10,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Mediator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediatorGrid" (
    "mediatorId" INTEGER NOT NULL,
    "gridId" INTEGER NOT NULL,

    CONSTRAINT "MediatorGrid_pkey" PRIMARY KEY ("mediatorId","gridId")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" SERIAL NOT NULL,
    "number" VARCHAR(32) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "facts" VARCHAR(10000) NOT NULL,
    "category" "CaseCategory" NOT NULL,
    "tags" TEXT[],
    "source" "CaseSource" NOT NULL,
    "externalSystem" VARCHAR(50),
    "externalRef" VARCHAR(100),
    "regionId" INTEGER NOT NULL,
    "gridId" INTEGER,
    "organizationId" INTEGER,
    "leadMediatorId" INTEGER,
    "amount" DECIMAL(14,2),
    "riskLevel" "RiskLevel" NOT NULL DEFAULT 'LOW',
    "greenChannel" BOOLEAN NOT NULL DEFAULT false,
    "status" "CaseStatus" NOT NULL DEFAULT 'REPORTED',
    "statusReason" VARCHAR(2000),
    "failureGuidance" "FailureGuidance",
    "reportedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptDeadline" TIMESTAMPTZ(3),
    "resolveDeadline" TIMESTAMPTZ(3),
    "followUpDeadline" TIMESTAMPTZ(3),
    "acceptedAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "escalatedAt" TIMESTAMPTZ(3),
    "reportedById" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseNumberSequence" (
    "prefix" VARCHAR(16) NOT NULL,
    "lastValue" INTEGER NOT NULL,

    CONSTRAINT "CaseNumberSequence_pkey" PRIMARY KEY ("prefix")
);

-- CreateTable
CREATE TABLE "CaseCoMediator" (
    "caseId" INTEGER NOT NULL,
    "mediatorId" INTEGER NOT NULL,
    "assignedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseCoMediator_pkey" PRIMARY KEY ("caseId","mediatorId")
);

-- CreateTable
CREATE TABLE "Party" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "role" "PartyRole" NOT NULL,
    "kind" "PartyKind" NOT NULL DEFAULT 'PERSON',
    "name" VARCHAR(100) NOT NULL,
    "idNumber" VARCHAR(18),
    "phone" VARCHAR(20),
    "address" VARCHAR(200),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Party_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediationSession" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "mediatorId" INTEGER,
    "mode" "SessionMode" NOT NULL,
    "status" "SessionStatus" NOT NULL DEFAULT 'SCHEDULED',
    "scheduledAt" TIMESTAMPTZ(3) NOT NULL,
    "location" VARCHAR(200),
    "link" VARCHAR(500),
    "heldAt" TIMESTAMPTZ(3),
    "outcome" "SessionOutcome",
    "minutes" VARCHAR(20000),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MediationSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agreement" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "form" "AgreementForm" NOT NULL,
    "terms" VARCHAR(20000) NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL,
    "amount" DECIMAL(14,2),
    "judicialConfirmationRequested" BOOLEAN NOT NULL DEFAULT false,
    "fulfillmentStatus" "FulfillmentStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Agreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "method" "FollowUpMethod" NOT NULL,
    "status" "FollowUpStatus" NOT NULL DEFAULT 'SCHEDULED',
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),
    "agreementKept" BOOLEAN,
    "notes" VARCHAR(5000),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "type" "CaseEventType" NOT NULL,
    "fromStatus" "CaseStatus",
    "toStatus" "CaseStatus",
    "reason" VARCHAR(2000),
    "data" JSONB NOT NULL DEFAULT '{}',
    "actorId" INTEGER,
    "actorLabel" VARCHAR(100),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" SERIAL NOT NULL,
    "gridId" INTEGER NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "content" VARCHAR(10000) NOT NULL,
    "caseId" INTEGER,
    "recordedById" INTEGER,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Screening" (
    "id" SERIAL NOT NULL,
    "gridId" INTEGER NOT NULL,
    "reporterId" INTEGER,
    "screenedOn" DATE NOT NULL,
    "householdsVisited" INTEGER NOT NULL DEFAULT 0,
    "disputesFound" INTEGER NOT NULL DEFAULT 0,
    "zeroReport" BOOLEAN NOT NULL DEFAULT false,
    "campaign" VARCHAR(100),
    "notes" VARCHAR(5000),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Screening_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "username" VARCHAR(50) NOT NULL,
    "displayName" VARCHAR(50) NOT NULL,
    "role" "UserRole" NOT NULL,
    "regionId" INTEGER,
    "mediatorId" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "hash" VARCHAR(128) NOT NULL,
    "scopes" TEXT[],
    "regionId" INTEGER,
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "createdById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "adapterId" VARCHAR(50) NOT NULL,
    "deliveryKey" VARCHAR(64) NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" VARCHAR(100),
    "lockedUntil" TIMESTAMPTZ(3),
    "lastError" VARCHAR(2000),
    "deliveredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Region_code_key" ON "Region"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Region_path_key" ON "Region"("path");

-- CreateIndex
CREATE INDEX "Region_parentId_idx" ON "Region"("parentId");

-- CreateIndex
CREATE INDEX "Region_level_idx" ON "Region"("level");

-- CreateIndex
CREATE UNIQUE INDEX "Grid_code_key" ON "Grid"("code");

-- CreateIndex
CREATE INDEX "Grid_regionId_idx" ON "Grid"("regionId");

-- CreateIndex
CREATE INDEX "GridMember_gridId_idx" ON "GridMember"("gridId");

-- CreateIndex
CREATE INDEX "GridMember_userId_idx" ON "GridMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_code_key" ON "Organization"("code");

-- CreateIndex
CREATE INDEX "Organization_regionId_idx" ON "Organization"("regionId");

-- CreateIndex
CREATE INDEX "Organization_type_idx" ON "Organization"("type");

-- CreateIndex
CREATE UNIQUE INDEX "Mediator_code_key" ON "Mediator"("code");

-- CreateIndex
CREATE INDEX "Mediator_organizationId_idx" ON "Mediator"("organizationId");

-- CreateIndex
CREATE INDEX "Mediator_active_idx" ON "Mediator"("active");

-- CreateIndex
CREATE INDEX "MediatorGrid_gridId_idx" ON "MediatorGrid"("gridId");

-- CreateIndex
CREATE UNIQUE INDEX "Case_number_key" ON "Case"("number");

-- CreateIndex
CREATE INDEX "Case_regionId_idx" ON "Case"("regionId");

-- CreateIndex
CREATE INDEX "Case_gridId_idx" ON "Case"("gridId");

-- CreateIndex
CREATE INDEX "Case_organizationId_idx" ON "Case"("organizationId");

-- CreateIndex
CREATE INDEX "Case_leadMediatorId_idx" ON "Case"("leadMediatorId");

-- CreateIndex
CREATE INDEX "Case_reportedById_idx" ON "Case"("reportedById");

-- CreateIndex
CREATE INDEX "Case_status_idx" ON "Case"("status");

-- CreateIndex
CREATE INDEX "Case_category_idx" ON "Case"("category");

-- CreateIndex
CREATE INDEX "Case_source_idx" ON "Case"("source");

-- CreateIndex
CREATE INDEX "Case_riskLevel_idx" ON "Case"("riskLevel");

-- CreateIndex
CREATE INDEX "Case_createdAt_idx" ON "Case"("createdAt");

-- CreateIndex
CREATE INDEX "Case_reportedAt_idx" ON "Case"("reportedAt");

-- CreateIndex
CREATE INDEX "Case_resolveDeadline_idx" ON "Case"("resolveDeadline");

-- CreateIndex
CREATE INDEX "Case_acceptDeadline_idx" ON "Case"("acceptDeadline");

-- CreateIndex
CREATE UNIQUE INDEX "Case_externalSystem_externalRef_key" ON "Case"("externalSystem", "externalRef");

-- CreateIndex
CREATE INDEX "CaseCoMediator_mediatorId_idx" ON "CaseCoMediator"("mediatorId");

-- CreateIndex
CREATE INDEX "Party_caseId_idx" ON "Party"("caseId");

-- CreateIndex
CREATE INDEX "MediationSession_caseId_idx" ON "MediationSession"("caseId");

-- CreateIndex
CREATE INDEX "MediationSession_mediatorId_idx" ON "MediationSession"("mediatorId");

-- CreateIndex
CREATE INDEX "MediationSession_scheduledAt_idx" ON "MediationSession"("scheduledAt");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_caseId_key" ON "Agreement"("caseId");

-- CreateIndex
CREATE INDEX "FollowUp_caseId_idx" ON "FollowUp"("caseId");

-- CreateIndex
CREATE INDEX "FollowUp_dueAt_idx" ON "FollowUp"("dueAt");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_id_idx" ON "CaseEvent"("caseId", "id");

-- CreateIndex
CREATE INDEX "CaseEvent_type_idx" ON "CaseEvent"("type");

-- CreateIndex
CREATE INDEX "CaseEvent_createdAt_idx" ON "CaseEvent"("createdAt");

-- CreateIndex
CREATE INDEX "CaseEvent_actorId_idx" ON "CaseEvent"("actorId");

-- CreateIndex
CREATE INDEX "LedgerEntry_gridId_kind_idx" ON "LedgerEntry"("gridId", "kind");

-- CreateIndex
CREATE INDEX "LedgerEntry_caseId_idx" ON "LedgerEntry"("caseId");

-- CreateIndex
CREATE INDEX "LedgerEntry_recordedById_idx" ON "LedgerEntry"("recordedById");

-- CreateIndex
CREATE INDEX "Screening_gridId_screenedOn_idx" ON "Screening"("gridId", "screenedOn");

-- CreateIndex
CREATE INDEX "Screening_reporterId_idx" ON "Screening"("reporterId");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "User_mediatorId_key" ON "User"("mediatorId");

-- CreateIndex
CREATE INDEX "User_regionId_idx" ON "User"("regionId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "ApiKey_regionId_idx" ON "ApiKey"("regionId");

-- CreateIndex
CREATE INDEX "ApiKey_createdById_idx" ON "ApiKey"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_deliveryKey_key" ON "OutboxMessage"("deliveryKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_adapterId_status_idx" ON "OutboxMessage"("adapterId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_eventId_adapterId_key" ON "OutboxMessage"("eventId", "adapterId");

-- AddForeignKey
ALTER TABLE "Region" ADD CONSTRAINT "Region_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grid" ADD CONSTRAINT "Grid_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GridMember" ADD CONSTRAINT "GridMember_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Grid"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GridMember" ADD CONSTRAINT "GridMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mediator" ADD CONSTRAINT "Mediator_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediatorGrid" ADD CONSTRAINT "MediatorGrid_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediatorGrid" ADD CONSTRAINT "MediatorGrid_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Grid"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Grid"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_leadMediatorId_fkey" FOREIGN KEY ("leadMediatorId") REFERENCES "Mediator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_reportedById_fkey" FOREIGN KEY ("reportedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseCoMediator" ADD CONSTRAINT "CaseCoMediator_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseCoMediator" ADD CONSTRAINT "CaseCoMediator_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Party" ADD CONSTRAINT "Party_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediationSession" ADD CONSTRAINT "MediationSession_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediationSession" ADD CONSTRAINT "MediationSession_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Grid"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Screening" ADD CONSTRAINT "Screening_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Grid"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Screening" ADD CONSTRAINT "Screening_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_mediatorId_fkey" FOREIGN KEY ("mediatorId") REFERENCES "Mediator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "CaseEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
