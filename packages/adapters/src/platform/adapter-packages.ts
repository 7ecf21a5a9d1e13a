import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CaseEventType } from '@mediation/core';
import { AdapterDefinitionError, AdapterError, type AnyAdapter, defineAdapter } from '../contract.js';

/** An adapter package named in the config cannot be used: the start stops, naming it. */
export class AdapterPackageError extends AdapterError {
  override name = 'AdapterPackageError';
  readonly code = 'ADAPTER_PACKAGE';
  constructor(
    readonly packageName: string,
    problem: string,
    options: { cause?: unknown } = {},
  ) {
    super(`adapter package ${packageName}: ${problem}`, options);
  }
}

/**
 * Loads third-party adapters named in the config's `adapterPackages` (package names or paths),
 * each checked against the same contract as the built-ins (`defineAdapter`'s checks plus the
 * shape of every hook), so a package that breaks the contract stops the start with its name.
 *
 * A package exports its adapter (or a list of them) as `default`, `adapter` or `adapters`.
 *
 * @throws AdapterPackageError naming the package and what is wrong
 */
export async function loadAdapterPackages(
  names: readonly string[],
  options: { baseDir?: string } = {},
): Promise<AnyAdapter[]> {
  const resolveFrom = createRequire(join(options.baseDir ?? process.cwd(), 'package.json'));
  const loaded: AnyAdapter[] = [];
  for (const name of names) {
    let file: string;
    try {
      file = resolveFrom.resolve(name);
    } catch (error) {
      throw new AdapterPackageError(name, 'cannot be found (install it, or give its path)', { cause: error });
    }
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw new AdapterPackageError(name, `failed to load: ${(error as Error).message}`, { cause: error });
    }
    const exported = module.default ?? module.adapters ?? module.adapter;
    const candidates = Array.isArray(exported) ? exported : [exported];
    if (exported === undefined || candidates.length === 0) {
      throw new AdapterPackageError(
        name,
        'exports no adapter (export it as default, `adapter` or `adapters`)',
      );
    }
    for (const candidate of candidates) loaded.push(checkAdapter(name, candidate));
  }
  return loaded;
}

/** The contract, checked on a value that did not necessarily come from `defineAdapter`. */
export function checkAdapter(packageName: string, candidate: unknown): AnyAdapter {
  const fail = (problem: string): never => {
    throw new AdapterPackageError(packageName, problem);
  };
  if (!candidate || typeof candidate !== 'object') return fail('its export is not an adapter definition');
  const adapter = candidate as Record<string, unknown>;
  const id = typeof adapter.id === 'string' ? adapter.id : fail('the adapter has no string `id`');
  const where = `adapter ${id}`;
  if (typeof adapter.kind !== 'string' || !adapter.kind) fail(`${where}: \`kind\` must be a string`);
  if (typeof adapter.displayName !== 'string' || !adapter.displayName)
    fail(`${where}: \`displayName\` must be a string`);
  const config = adapter.config as { safeParse?: unknown; shape?: unknown } | undefined;
  if (!config || typeof config.safeParse !== 'function' || typeof config.shape !== 'object')
    fail(`${where}: \`config\` must be a zod object schema`);
  if (!Array.isArray(adapter.secrets) || adapter.secrets.some((s) => typeof s !== 'string'))
    fail(`${where}: \`secrets\` must be a list of config field names`);
  const outbound = adapter.outbound as Record<string, unknown> | undefined;
  if (outbound !== undefined) {
    const known = new Set<unknown>(Object.values(CaseEventType));
    if (!Array.isArray(outbound.events))
      fail(`${where}: \`outbound.events\` must be a list of case event types`);
    const unknown = (outbound.events as unknown[]).filter((event) => !known.has(event));
    if (unknown.length)
      fail(`${where}: outbound.events has no such case event type ${unknown.map(String).join(', ')}`);
    if (typeof outbound.deliver !== 'function') fail(`${where}: \`outbound.deliver\` must be a function`);
    if (outbound.accepts !== undefined && typeof outbound.accepts !== 'function')
      fail(`${where}: \`outbound.accepts\` must be a function`);
  }
  const inbound = adapter.inbound as Record<string, unknown> | undefined;
  if (inbound !== undefined) {
    if (typeof inbound.signingSecrets !== 'function')
      fail(`${where}: \`inbound.signingSecrets\` must be a function`);
    if (typeof inbound.parse !== 'function') fail(`${where}: \`inbound.parse\` must be a function`);
    const body = inbound.body as { safeParse?: unknown } | undefined;
    if (!body || typeof body.safeParse !== 'function')
      fail(`${where}: \`inbound.body\` must be a zod schema`);
  }
  if (adapter.health !== undefined && typeof adapter.health !== 'function')
    fail(`${where}: \`health\` must be a function`);
  try {
    // The checks every built-in passes at import: id shape, secrets are config fields, reserved names, a direction.
    return defineAdapter(candidate as AnyAdapter);
  } catch (error) {
    if (error instanceof AdapterDefinitionError) throw new AdapterPackageError(packageName, error.message);
    throw error;
  }
}
