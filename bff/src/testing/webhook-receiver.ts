import type { ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { HostResolver, ResolvedAddress } from '../services/webhooks/egress.js';
import { type RecordedRequest, startStub } from './http-stub.js';

/**
 * A real webhook receiver on loopback. `answer` decides the status of each request (200 by
 * default); every request is recorded, and `verify` checks one with the standardwebhooks
 * package, independently of our signing code.
 */
export async function startReceiver() {
  let answer: (req: RecordedRequest, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 200;
    res.end('ok');
  };
  const stub = await startStub((req, res) => answer(req, res));
  return {
    ...stub,
    answerWith(fn: typeof answer) {
      answer = fn;
    },
    status(code: number, headers: Record<string, string> = {}) {
      answer = (_req, res) => {
        res.writeHead(code, headers);
        res.end();
      };
    },
    verify(req: RecordedRequest, secret: string): unknown {
      return new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
    },
  };
}

/** A resolver over a table: the network edge replaced for address-policy tests. */
export function tableResolver(table: Record<string, string[]>, calls: string[] = []): HostResolver {
  return async (hostname) => {
    calls.push(hostname);
    const list = table[hostname];
    if (!list) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return list.map(
      (address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }),
    );
  };
}
