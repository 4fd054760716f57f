import { createServer, request, type Server } from 'node:http';

export interface Target {
  host: string;
  port: number;
}

export interface RoundRobinProxy {
  origin: string;
  /** Requests forwarded to each target, in target order. */
  counts: number[];
  close(): Promise<void>;
}

/**
 * A minimal load balancer: each incoming HTTP request goes to the next target in turn
 * (no stickiness), with its method, path, headers (Host included) and body unchanged.
 * Connections to targets are not kept alive, so consecutive requests really alternate.
 */
export async function startRoundRobinProxy(
  listen: Target,
  targets: readonly Target[],
): Promise<RoundRobinProxy> {
  const counts = targets.map(() => 0);
  let next = 0;
  const server: Server = createServer((req, res) => {
    const index = next;
    next = (next + 1) % targets.length;
    const target = targets[index] as Target;
    counts[index] = (counts[index] ?? 0) + 1;
    const upstream = request(
      {
        host: target.host,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, connection: 'close' },
        agent: false,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.rawHeaders);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, resolve);
  });
  return {
    origin: `http://${listen.host}:${listen.port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
