// Builds dist/: compiled ESM + .d.ts (tsc), the generated schema types tsc does not copy
// (gql.tada issue #424), and the persisted-operations manifest of the ready operations.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildManifest } from './manifest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

rmSync(dist, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
  {
    stdio: 'inherit',
  },
);
copyFileSync(join(root, 'src', 'graphql-env.d.ts'), join(dist, 'graphql-env.d.ts'));

const sdk = await import(pathToFileURL(join(dist, 'index.js')).href);
const manifest = `${JSON.stringify(await buildManifest(sdk), null, 2)}\n`;
writeFileSync(join(dist, 'persisted-operations.json'), manifest);
// The committed copy: what a server operator reads (and CI compares) without building.
const committed = join(root, 'persisted-operations.json');
let previous = '';
try {
  previous = readFileSync(committed, 'utf8');
} catch {}
if (previous !== manifest) writeFileSync(committed, manifest);
