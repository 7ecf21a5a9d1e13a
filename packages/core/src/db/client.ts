import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

/** Either the client or an open transaction: queries that work in both take this. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** Prisma's error code for a unique constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/**
 * Escapes LIKE wildcards for Prisma's `contains`/`startsWith`, which pass the text to LIKE as is:
 * a search for "%" must find a percent sign, not everything.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
