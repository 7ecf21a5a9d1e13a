import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import type { Logger } from '@mediation/core';
import { describe, expect, it } from 'vitest';
import { AdapterConfigError, AdapterDisabledError, UnknownAdapterError } from '../src/contract.js';
import { adapterLogger, createAdapterRegistry } from '../src/registry.js';
import { examplePartnerAdapter as exampleAdapter } from './support/example-partner.adapter.js';

// pino is the core's logger; load the same copy to write into a test stream.
const pino = createRequire(import.meta.resolve('@mediation/core'))('pino') as (stream: Writable) => Logger;

const secret = `whsec_${Buffer.from('registry-spec-secret-of-32-bytes-or-more').toString('base64')}`;
const valid = {
  enabled: true,
  url: 'https://partner.example.org/hook',
  signingSecret: secret,
  webhookSecrets: [secret],
};

describe('adapter registry', () => {
  it('throws typed errors for unknown and disabled adapters, never null', () => {
    const registry = createAdapterRegistry([exampleAdapter]);
    expect(() => registry.get('nope')).toThrow(UnknownAdapterError);
    expect(() => registry.require('example')).toThrow(AdapterDisabledError);
    expect(registry.enabled()).toEqual([]);
  });

  it('reports every config problem at once, naming the adapter and the field', () => {
    const error = (() => {
      try {
        createAdapterRegistry([exampleAdapter], {
          example: { enabled: true, url: 'ftp://x', delivery: { maxAttempts: 0 } },
          nope: { enabled: true },
        });
      } catch (e) {
        return e as AdapterConfigError;
      }
    })();
    expect(error).toBeInstanceOf(AdapterConfigError);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^adapters\.example\.delivery\.maxAttempts: /),
        expect.stringMatching(/^adapters\.nope: no such adapter/),
      ]),
    );
  });

  it('refuses a misspelt setting of an enabled adapter, naming the known ones', () => {
    let error: AdapterConfigError | undefined;
    try {
      createAdapterRegistry([exampleAdapter], { example: { ...valid, URL: 'https://x.example.org' } });
    } catch (caught) {
      error = caught as AdapterConfigError;
    }
    expect(error?.problems).toEqual([
      expect.stringMatching(/^adapters\.example\.URL: unknown setting; known: .*\burl\b/),
    ]);
  });

  it('applies delivery overrides over the adapter defaults', () => {
    const registry = createAdapterRegistry([exampleAdapter], {
      example: { ...valid, delivery: { concurrency: 9 } },
    });
    expect(registry.require('example').limits).toMatchObject({
      concurrency: 9,
      maxAttempts: 6,
      timeoutMs: 5_000,
    });
  });

  it('redacts declared secrets in the public config and in adapter logs', () => {
    const registry = createAdapterRegistry([exampleAdapter], { example: valid });
    expect(registry.publicConfig('example')).toMatchObject({
      signingSecret: '[redacted]',
      webhookSecrets: '[redacted]',
    });
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = adapterLogger(pino(sink), registry.require('example'));
    log.info({ config: registry.require('example').config }, 'config logged by mistake');
    log.info({ signingSecret: secret }, 'a secret logged by mistake');
    expect(lines.join('')).not.toContain(secret.slice(6, 30));
    expect(lines.join('')).toContain('[redacted]');
  });

  it('masks credentials written into URLs and phone numbers in the public config', () => {
    const registry = createAdapterRegistry([exampleAdapter], {
      example: { ...valid, url: 'https://bridge:hunter2@partner.example.org/hook?apikey=SECRETKEY123&v=2' },
    });
    const shown = JSON.stringify(registry.publicConfig('example'));
    expect(shown).not.toMatch(/hunter2|bridge|SECRETKEY123/);
    expect(registry.publicConfig('example')?.url).toBe(
      'https://[redacted]:[redacted]@partner.example.org/hook?apikey=[redacted]&v=[redacted]',
    );
    // The adapter itself still gets the real URL.
    expect(registry.require('example').config.url).toContain('hunter2');
  });
});
