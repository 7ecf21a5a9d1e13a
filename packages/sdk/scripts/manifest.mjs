// The persisted-operations manifest of the SDK's ready operations: sha256 of each document's text
// (as the client sends it) → the text. Imported from the compiled dist, so it is exactly what ships.
import { createHash } from 'node:crypto';

export async function buildManifest(sdk) {
  const manifest = {};
  for (const [name, value] of Object.entries(sdk).sort(([a], [b]) => a.localeCompare(b))) {
    if (!/(Query|Mutation|Subscription)$/.test(name) || value?.kind !== 'Document') continue;
    const text = sdk.documentText(value);
    manifest[createHash('sha256').update(text).digest('hex')] = text;
  }
  return manifest;
}
