import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The chain Pothos → schema.graphql → SDK types stays in sync: the committed introspection types
 * match schema.graphql (schema-file.spec.ts checks schema.graphql against the code), and gql-tada's
 * document checker passes on the SDK's documents and catches an unknown field in an app's.
 */
const root = join(import.meta.dirname, '..', '..');
const sdkRoot = join(root, 'packages', 'sdk');
const require = createRequire(join(sdkRoot, 'package.json'));
const gqlTada = join(dirname(require.resolve('gql.tada/package.json')), 'bin', 'cli.js');

const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });

describe('SDK in sync with schema.graphql', () => {
  it('has fresh generated introspection types (else: pnpm --filter @mediation/sdk generate)', () => {
    const result = run([join(sdkRoot, 'scripts', 'generate.mjs'), '--check']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  it("passes gql-tada's document check on every ready operation", () => {
    const result = run([gqlTada, 'check', '--tsconfig', join(sdkRoot, 'tsconfig.json')]);
    expect(`${result.stdout}${result.stderr}`).toContain('No problems found');
    expect(result.status).toBe(0);
  }, 180_000);

  it("catches an unknown field in an app's document, which plain tsc does not", () => {
    const fixture = join(root, 'tests', 'sdk', 'fixtures', 'unknown-field', 'tsconfig.json');
    const result = run([gqlTada, 'check', '--tsconfig', fixture]);
    expect(result.stdout).toContain('Cannot query field "numbr" on type "Case"');
    expect(result.status).not.toBe(0);
  }, 180_000);
});
