import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './region.js';
import './grid.js';
import './organization.js';
import './mediator.js';
import './case.js';
import './case-workflow.js';
import './assignment.js';
import './party.js';
import './mediation-session.js';
import './agreement.js';
import './follow-up.js';
import './case-event.js';
import './user.js';
import './privacy.js';
import './calendar.js';
import './subscriptions.js';
import './adapters.js';
import './screening.js';
import './statistics.js';

builder.queryType({});
builder.mutationType({});

export const schema = lexicographicSortSchema(builder.toSchema());
export type { Context } from './builder.js';
