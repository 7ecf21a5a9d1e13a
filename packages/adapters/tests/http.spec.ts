import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterDeliveryError } from '../src/contract.js';
import { describeFailure } from '../src/runtime/dispatcher.js';
import { postJson } from '../src/runtime/http.js';

let url: string;
const server = createServer((_request, response) => {
  // A partner that echoes what it was sent when it refuses it.
  response
    .writeHead(422, { 'content-type': 'application/json' })
    .end(
      '{"error":"opinion rejected","echo":"联系电话13912345678，身份证11010519491231002X","sig":"whsec_AAAABBBBCCCCDDDD"}',
    );
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feedback`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('postJson', () => {
  it('refuses for good on a 4xx and keeps the answer with personal data and secrets masked', async () => {
    const failure = await postJson(url, '{}', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AdapterDeliveryError);
    expect((failure as AdapterDeliveryError).retryable).toBe(false);
    // What the dispatcher logs and stores as the delivery's lastError.
    const recorded = describeFailure(failure);
    expect(recorded).toContain('answered 422');
    expect(recorded).toContain('opinion rejected');
    expect(recorded).toContain('139****5678');
    expect(recorded).not.toMatch(/13912345678|11010519491231002X|AAAABBBBCCCCDDDD/);
  });
});
