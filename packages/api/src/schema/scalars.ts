import { GraphQLError, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { builder } from './builder.js';

/** Instants this domain can hold: years 1900–2199 (anything else is a mistake, and PostgreSQL's range is narrower than JavaScript's). */
function inRange(value: Date): Date {
  const year = value.getUTCFullYear();
  if (year < 1900 || year > 2199) {
    throw new GraphQLError('DateTime must be between the years 1900 and 2199', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

builder.scalarType('DateTime', {
  description: DateTimeResolver.description ?? 'An ISO 8601 instant, e.g. 2026-11-23T02:00:00Z.',
  serialize: (value) => DateTimeResolver.serialize(value) as Date,
  parseValue: (value) => inRange(DateTimeResolver.parseValue(value) as Date),
  parseLiteral: (ast, variables) => inRange(DateTimeResolver.parseLiteral(ast, variables) as Date),
});

const decimalPattern = /^\d{1,12}(\.\d{1,2})?$/;

function parseDecimal(value: unknown): string {
  if (typeof value === 'string' && decimalPattern.test(value.trim())) return value.trim();
  if (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    decimalPattern.test(String(value))
  ) {
    return String(value);
  }
  throw new GraphQLError('Decimal must be a non-negative amount with at most 2 decimals, e.g. "12000.50"', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

builder.scalarType('Decimal', {
  description: 'A non-negative amount in yuan (元) with two decimals, as a string so no precision is lost.',
  serialize: (value) => (typeof value === 'string' ? value : value.toFixed(2)),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.FLOAT || ast.kind === Kind.INT)
      return parseDecimal(ast.value);
    throw new GraphQLError('Decimal must be a string such as "12000.50"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
});
