import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './egress.js';

export interface PostOptions {
  url: URL;
  /** The checked address: the connection goes here, whatever DNS says by then. */
  target: ResolvedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Trusted CAs for https (tests); undefined trusts Node's bundled roots. */
  ca?: string[] | undefined;
}

export type PostOutcome = { statusCode: number } | { error: string };

/** A `lookup` that always answers the pinned address, in either callback shape. */
function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [target]);
    } else {
      callback(null, target.address, target.family);
    }
  };
}

/**
 * One POST, no redirect following (a 3xx is an answer like any other), answered or given up
 * within timeoutMs; the response body is read and dropped (at most 64 KiB).
 */
export function postOnce(options: PostOptions): Promise<PostOutcome> {
  const { url, target, headers, body, timeoutMs } = options;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Portico-Webhooks/1',
        },
        lookup: pinnedLookup(target),
        agent: false,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > 64 * 1024) res.destroy();
        });
        const done = () => finish({ statusCode: res.statusCode ?? 0 });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish({ error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish({ error: `connection failed (${err.code ?? err.message})` }),
    );
    req.end(body);
  });
}
