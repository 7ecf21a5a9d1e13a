-- AlterTable
ALTER TABLE "CaseEvent" ADD COLUMN     "position" BIGINT,
ADD COLUMN     "snapshot" JSONB;

-- CreateIndex
CREATE UNIQUE INDEX "CaseEvent_position_key" ON "CaseEvent"("position");

-- Commit order. Ids come from a sequence at INSERT, so two transactions can commit out of id order
-- and "everything after id N" misses the one that committed later with a smaller id. Positions are
-- taken at COMMIT instead: a deferred constraint trigger runs just before the commit and takes a
-- transaction-scoped advisory lock, held until the commit is visible. The next writer takes its
-- positions only after that, so whoever has seen position P committed can see every position below
-- P that will ever commit. (Only the end of event-writing transactions is serialized.)
CREATE SEQUENCE "CaseEvent_position_seq" AS BIGINT;

WITH ordered AS (SELECT "id", row_number() OVER (ORDER BY "id") AS n FROM "CaseEvent")
UPDATE "CaseEvent" e SET "position" = ordered.n FROM ordered WHERE e."id" = ordered."id";

SELECT setval('"CaseEvent_position_seq"', (SELECT COALESCE(max("position"), 0) + 1 FROM "CaseEvent"), false);

CREATE FUNCTION "case_event_position_at_commit"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- 7427 ('CE' in ASCII): the one lock that orders event commits
  PERFORM pg_advisory_xact_lock(7427);
  UPDATE "CaseEvent" SET "position" = nextval('"CaseEvent_position_seq"') WHERE "id" = NEW."id";
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER "CaseEvent_position_at_commit"
  AFTER INSERT ON "CaseEvent"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "case_event_position_at_commit"();
