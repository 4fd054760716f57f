import autocannon from 'autocannon';

export interface LoadResult {
  requests_per_sec: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non_2xx: number;
}

/** A bounded load run against a local URL (loopback only), autocannon as the generator. */
export async function load(opts: {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Headers per connection, in turn (one shopper session per connection, say). */
  connectionHeaders?: Array<Record<string, string>>;
}): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(opts.url)) {
    throw new Error(`benchmarks only target loopback: ${opts.url}`);
  }
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    headers: opts.headers ?? {},
    ...(opts.connectionHeaders
      ? { setupClient: perConnection(opts.headers ?? {}, opts.connectionHeaders) }
      : {}),
  });
  return {
    requests_per_sec: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non_2xx: result.non2xx,
  };
}

/** autocannon's setupClient: the n-th connection sends `each[n % length]` over `common`. */
function perConnection(
  common: Record<string, string>,
  each: Array<Record<string, string>>,
): (client: { setHeaders(headers: Record<string, string>): void }) => void {
  let next = 0;
  return (client) => {
    client.setHeaders({ ...common, ...each[next++ % each.length] });
  };
}
