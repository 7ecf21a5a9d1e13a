/*
 * Type tests, compiled by `pnpm typecheck` and never run (running them would register fields on the
 * schema builder). A lifecycle mutation's GraphQL input is declared once and must fit the core
 * command's own input; a field of the wrong type or name does not compile.
 */
import { caseMutation } from '../../src/schema/case-workflow.js';

export function typeTestsOfCaseMutationInputs(): void {
  // As declared: fits `workflow.reject`.
  caseMutation(
    'reject',
    'rejectCaseTypeTest',
    '',
    'RejectCaseTypeTestInput',
    (t) => ({ version: t.int({ required: true }), reason: t.string({ required: true }) }),
    (workflow, actor, id, input) => workflow.reject(actor, id, input),
  );

  // RejectCaseInput changed to { version: String, because: Boolean }: the command no longer takes it.
  caseMutation(
    'reject',
    'rejectCaseTypeTest2',
    '',
    'RejectCaseTypeTest2Input',
    (t) => ({ version: t.string({ required: true }), because: t.boolean() }),
    // @ts-expect-error version is a string and reason is missing
    (workflow, actor, id, input) => workflow.reject(actor, id, input),
  );

  // A wrong enum for a field the command validates with zod.
  caseMutation(
    'changeRisk',
    'changeRiskTypeTest',
    '',
    'ChangeRiskTypeTestInput',
    (t) => ({
      version: t.int({ required: true }),
      riskLevel: t.string({ required: true }),
      reason: t.string({ required: true }),
    }),
    // @ts-expect-error riskLevel must be a RiskLevel, not any string
    (workflow, actor, id, input) => workflow.changeRisk(actor, id, input),
  );
}
