import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  IllegalTransitionError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
} from '@mediation/core';
import { builder } from './builder.js';

/** Expected failures, returned as members of a mutation's result union. */
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure. `code` is stable; `message` is for people.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
});

const FieldIssueRef = builder.simpleObject('FieldIssue', {
  description: 'One invalid input field.',
  fields: (t) => ({
    path: t.string({ description: 'Dotted path of the field in the input, e.g. "parties.0.phone".' }),
    message: t.string(),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was rejected; nothing was changed.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    issues: t.field({ type: [FieldIssueRef], resolve: (error) => error.issues }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'A referenced record does not exist (or is outside your jurisdiction).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({
    entity: t.exposeString('entity'),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The change clashes with existing data (a code already in use, or a stale version).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'You may not do this.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenError,
});

builder.objectType(IllegalTransitionError, {
  name: 'IllegalTransitionError',
  description:
    "The case lifecycle does not allow this command in the case's current status; nothing was changed.",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof IllegalTransitionError,
  fields: (t) => ({
    command: t.exposeString('command'),
    status: t.exposeString('status', { description: 'The status the case (or session, follow-up) is in.' }),
  }),
});

builder.objectType(StaleVersionError, {
  name: 'StaleVersionError',
  description: 'Someone changed the case after you read it (optimistic concurrency); reload and try again.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof StaleVersionError,
  fields: (t) => ({
    expectedVersion: t.exposeInt('expectedVersion'),
    actualVersion: t.exposeInt('actualVersion'),
  }),
});

/** The error members every domain mutation can return. */
export const mutationErrors = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/** Case workflow commands can also meet the lifecycle table and a stale version. */
export const caseCommandErrors = [...mutationErrors, IllegalTransitionError, StaleVersionError];
