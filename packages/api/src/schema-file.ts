import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { schema } from './schema/index.js';

/** The committed SDL the SDK is generated from; a test fails when it is stale. */
export const schemaFilePath = fileURLToPath(new URL('../schema.graphql', import.meta.url));

export function printSchemaFile(): string {
  return `# Printed from the code by \`pnpm schema:print\`. Do not edit by hand.\n\n${printSchema(schema)}\n`;
}
