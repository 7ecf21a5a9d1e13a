import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  NotFoundError,
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

/** The error members every domain mutation can return. */
export const mutationErrors = [ValidationError, NotFoundError, ConflictError, ForbiddenError];
