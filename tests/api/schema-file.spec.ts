import { readFileSync } from 'node:fs';
import { printSchemaFile, schemaFilePath } from '@mediation/api';
import { describe, expect, it } from 'vitest';

describe('schema.graphql', () => {
  it('is the schema printed from the code (run `pnpm schema:print` after changing the API)', () => {
    expect(readFileSync(schemaFilePath, 'utf8')).toBe(printSchemaFile());
  });
});
