import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContractReceiver } from '../contract-suite.js';

/** A local HTTP receiver for contract and dispatcher tests: records `idempotency-key` headers. */
export async function startHttpReceiver(): Promise<ContractReceiver & { url: string; bodies: unknown[] }> {
  const keys: string[] = [];
  const bodies: unknown[] = [];
  let failures: number[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      const status = failures.shift();
      if (status) {
        res.writeHead(status).end('failing as told');
        return;
      }
      if (req.url === '/health') {
        res.writeHead(200).end('ok');
        return;
      }
      keys.push(String(req.headers['idempotency-key'] ?? ''));
      bodies.push(text ? JSON.parse(text) : null);
      res.writeHead(200, { 'content-type': 'application/json', 'x-message-id': `m${keys.length}` }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    bodies,
    config: { url: `${url}/hook` },
    receivedKeys: () => [...keys],
    failNext(status) {
      failures = [...failures, status];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
