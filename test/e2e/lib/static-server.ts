import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticPage {
  origin: string;
  close(): Promise<void>;
}

/** A one-page site on a loopback address: a storefront the portal does not know. */
export async function servePage(html: string, host = '127.0.0.1', port = 0): Promise<StaticPage> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
