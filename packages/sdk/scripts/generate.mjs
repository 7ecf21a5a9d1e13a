// Regenerates src/graphql-env.d.ts (gql.tada's introspection types) from packages/api/schema.graphql.
// `--check` writes nothing and fails when the committed file is stale.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'src', 'graphql-env.d.ts');
const require = createRequire(import.meta.url);

export function generateIntrospectionTypes() {
  const dir = mkdtempSync(join(tmpdir(), 'mediation-sdk-'));
  try {
    const output = join(dir, 'graphql-env.d.ts');
    const cli = join(dirname(require.resolve('gql.tada/package.json')), 'bin', 'cli.js');
    execFileSync(
      process.execPath,
      [cli, 'generate-output', '--tsconfig', join(root, 'tsconfig.json'), '--output', output],
      {
        cwd: root,
        stdio: 'pipe',
      },
    );
    // gql.tada appends a global `setupSchema` augmentation: an app with its own gql.tada setup would
    // clash with it, and the SDK passes its introspection to initGraphQLTada explicitly instead.
    const text = readFileSync(output, 'utf8');
    const augmentation = text.indexOf("import * as gqlTada from 'gql.tada';");
    return `${(augmentation >= 0 ? text.slice(0, augmentation) : text).trimEnd()}\n`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const generated = generateIntrospectionTypes();
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (process.argv.includes('--check')) {
    if (current !== generated) {
      console.error(
        'packages/sdk/src/graphql-env.d.ts is stale: run `pnpm --filter @mediation/sdk generate`',
      );
      process.exit(1);
    }
  } else if (current !== generated) {
    writeFileSync(target, generated);
    console.log('wrote src/graphql-env.d.ts');
  }
}
