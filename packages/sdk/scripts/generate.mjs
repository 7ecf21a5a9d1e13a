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
const labelsTarget = join(root, 'src', 'labels.ts');
const schemaFile = join(root, '..', 'api', 'schema.graphql');
const require = createRequire(import.meta.url);

/**
 * The Chinese label of every enum value, from the schema's descriptions (which the platform takes
 * from its glossary), so apps show the platform's own words without keeping a copy.
 */
export function generateLabels() {
  // graphql.web reads documents, not schemas: graphql-js (its peer) parses the SDL.
  const { parse } = createRequire(require.resolve('@0no-co/graphql.web'))('graphql');
  const document = parse(readFileSync(schemaFile, 'utf8'));
  const enums = document.definitions
    .filter((definition) => definition.kind === 'EnumTypeDefinition')
    .map((definition) => ({
      name: definition.name.value,
      term: definition.description?.value ?? null,
      values: (definition.values ?? []).map((value) => [value.name.value, value.description?.value ?? null]),
    }))
    .filter((definition) => definition.values.some(([, description]) => description))
    .sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    '// Generated from packages/api/schema.graphql by scripts/generate.mjs: do not edit.',
    '',
    "/** The Chinese label of every value of the API's domain enums (the schema's descriptions). */",
    'export const labels = {',
  ];
  for (const definition of enums) {
    if (definition.term) lines.push(`  /** ${definition.term} */`);
    lines.push(`  ${definition.name}: {`);
    for (const [value, description] of definition.values) {
      if (description) lines.push(`    ${value}: ${JSON.stringify(description)},`);
    }
    lines.push('  },');
  }
  lines.push('} as const;', '', 'export type LabelledEnum = keyof typeof labels;', '');
  return lines.join('\n');
}

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
  const labels = generateLabels();
  let currentLabels = '';
  try {
    currentLabels = readFileSync(labelsTarget, 'utf8');
  } catch {}
  if (process.argv.includes('--check')) {
    if (currentLabels !== labels) {
      console.error('packages/sdk/src/labels.ts is stale: run `pnpm --filter @mediation/sdk generate`');
      process.exit(1);
    }
  } else if (currentLabels !== labels) {
    writeFileSync(labelsTarget, labels);
    console.log('wrote src/labels.ts');
  }
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
