import { type BffProcess, freePort, startBff } from './processes.js';
import { type RoundRobinProxy, startRoundRobinProxy } from './round-robin-proxy.js';

export type TopologyKind = 'one BFF' | 'two BFFs behind round-robin';

export interface Topology {
  kind: TopologyKind;
  /** Where the shopper's browser goes: the BFF itself, or the load balancer. */
  origin: string;
  /** Requests each BFF instance took (round-robin only). */
  counts(): number[];
  stop(): Promise<void>;
}

/**
 * The BFF as a shopper reaches it. Round-robin: two real BFF processes on one database,
 * both on the same port of their own loopback address (127.0.0.2, 127.0.0.3), behind a
 * proxy on 127.0.0.1 that alternates requests; the sandbox gateway's card-fields port is
 * balanced the same way. Both instances thus see the storefront origin they serve.
 */
export async function startTopology(
  kind: TopologyKind,
  env: Record<string, string>,
): Promise<Topology> {
  if (kind === 'one BFF') {
    const bff = await startBff(env);
    return { kind, origin: bff.origin, counts: () => [], stop: () => bff.stop() };
  }
  const port = await freePort();
  const gatewayPort = await freePort();
  const hosts = ['127.0.0.2', '127.0.0.3'];
  const bffs: BffProcess[] = [];
  const proxies: RoundRobinProxy[] = [];
  const stop = async () => {
    for (const p of proxies) await p.close();
    for (const b of bffs) await b.stop();
  };
  try {
    // One after the other: the first seeds the demo, the second finds it there.
    for (const host of hosts) {
      bffs.push(
        await startBff({
          ...env,
          HOST: host,
          PORT: String(port),
          GATEWAY_PORT: String(gatewayPort),
        }),
      );
    }
    for (const p of [port, gatewayPort]) {
      proxies.push(
        await startRoundRobinProxy(
          { host: '127.0.0.1', port: p },
          hosts.map((host) => ({ host, port: p })),
        ),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    kind,
    origin: (proxies[0] as RoundRobinProxy).origin,
    counts: () => [...(proxies[0] as RoundRobinProxy).counts],
    stop,
  };
}
