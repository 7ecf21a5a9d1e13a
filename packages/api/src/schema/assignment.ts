import { suggestMediators, ValidationError } from '@mediation/core';
import { builder } from './builder.js';
import { CaseRef } from './case.js';
import { databaseId } from './ids.js';
import { MediatorRef } from './mediator.js';

const SuggestionFactorEnum = builder.enumType('SuggestionFactorKind', {
  description: 'What the ranking weighs, in order.',
  values: {
    SERVES_GRID: { description: '服务该网格' },
    SERVES_REGION: { description: '所属组织覆盖纠纷发生地' },
    SPECIALTY: { description: '擅长该类纠纷' },
    LANGUAGE: { description: '语言相通' },
    CAPACITY: { description: '尚有空余' },
    WORKLOAD: { description: '在办案件数' },
  } as const,
});

const SuggestionFactor = builder.simpleObject('SuggestionFactor', {
  fields: (t) => ({
    factor: t.field({ type: SuggestionFactorEnum }),
    met: t.boolean(),
    detail: t.string({ description: 'In Chinese, for the supervisor.' }),
  }),
});

type Suggestion = Awaited<ReturnType<typeof suggestMediators>>[number];

const MediatorSuggestionRef = builder.objectRef<Suggestion>('MediatorSuggestion').implement({
  description: 'A mediator ranked for a case, with the reasons (推荐理由).',
  fields: (t) => ({
    rank: t.exposeInt('rank'),
    mediator: t.field({ type: MediatorRef, resolve: (s) => s.mediator }),
    servesGrid: t.exposeBoolean('servesGrid'),
    servesRegion: t.exposeBoolean('servesRegion'),
    specialtyMatch: t.exposeBoolean('specialtyMatch'),
    languageMatch: t.exposeBoolean('languageMatch', { nullable: true }),
    openCases: t.exposeInt('openCases'),
    freeCapacity: t.exposeInt('freeCapacity'),
    factors: t.field({ type: [SuggestionFactor], resolve: (s) => s.factors }),
    explanation: t.exposeString('explanation'),
  }),
});

builder.queryField('mediatorSuggestions', (t) =>
  t.field({
    type: [MediatorSuggestionRef],
    description:
      '推荐调解员: ranked by serving the grid or region, specialty, language, free capacity, then fewest open cases.',
    args: {
      caseId: t.arg.globalID({ for: CaseRef, required: true }),
      first: t.arg.int({ defaultValue: 10 }),
    },
    resolve: (_root, { caseId, first }, ctx) => {
      const limit = first ?? 10;
      if (limit < 1 || limit > 50) {
        throw new ValidationError([{ path: 'first', message: 'must be between 1 and 50' }]);
      }
      return suggestMediators(ctx.db.prisma, databaseId(caseId), { limit });
    },
  }),
);
