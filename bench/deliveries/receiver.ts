/**
 * The "fast local receiver" of the deliveries benchmark: a partner system that takes every POST,
 * records the `Idempotency-Key` and when it first arrived, and answers 200 at once. It runs in its
 * own process so its work does not share the dispatcher's event loop.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FromReceiver, ToReceiver } from './protocol.js';

const wallClock = () => performance.timeOrigin + performance.now();
const send = (message: FromReceiver) => process.send!(message);

let receipts = new Map<string, number>();
let calls = 0;
let duplicates = 0;
let expected = Number.POSITIVE_INFINITY;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const at = wallClock();
    calls++;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') {
      response.writeHead(400).end('Idempotency-Key required');
      return;
    }
    if (receipts.has(key)) duplicates++;
    else {
      receipts.set(key, at);
      if (receipts.size === expected) send({ type: 'reached', at });
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
server.keepAliveTimeout = 60_000;

process.on('message', (message: ToReceiver) => {
  if (message.type === 'reset') {
    receipts = new Map();
    calls = 0;
    duplicates = 0;
    expected = message.expect;
  } else if (message.type === 'collect') {
    send({ type: 'collected', receipts: [...receipts], calls, duplicates });
  } else {
    server.close();
    process.exit(0);
  }
});

server.listen(0, '127.0.0.1', () => {
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
