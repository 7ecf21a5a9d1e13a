// Generates the Prisma client and the Pothos types offline.
// Prisma's CLI only checks that a schema engine binary exists before generating; generation itself
// runs in WebAssembly, so any existing executable satisfies it (see ENVIRONMENT.md).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const coreDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(coreDir, 'package.json'));
const prismaCli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');

const result = spawnSync(
  process.execPath,
  [prismaCli, 'generate', '--schema', 'prisma/schema.prisma', '--no-hints'],
  {
    cwd: coreDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      // the prisma-pothos-types generator is a bin of @pothos/plugin-prisma
      PATH: `${join(coreDir, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  },
);
process.exit(result.status ?? 1);
