import DataLoader from 'dataloader';

export interface InFlightBatchOptions {
  /** Batches running at once; a load made while all are busy waits in the next batch. */
  inFlight: number;
  /** Keys in one batch at most; a full batch waits for a slot of its own. */
  maxBatchSize: number;
  /**
   * A batch not answered this long after it started fails each of its loads with
   * `timedOut()` and gives its slot up, so a statement that never returns cannot hold every
   * later load waiting.
   */
  timeoutMs: number;
  timedOut: () => Error;
}

/**
 * A DataLoader (no cache) that runs at most `inFlight` batches at once. A batch is gathered
 * until the event loop has read what the sockets hold (it runs on `setImmediate`), or, when
 * every slot is busy, until a slot frees. Light load: a batch of one, a few microseconds
 * later. Heavy load: one statement answers every request that queued behind the running
 * ones, instead of each request waiting for a pool connection and a round trip of its own.
 * A load made after a batch started always waits for a later one.
 */
export function inFlightBatches<K, V>(
  load: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>,
  options: InFlightBatchOptions,
): DataLoader<K, V> {
  let running = 0;
  const waiting: Array<() => void> = [];
  const withDeadline = (answer: Promise<ArrayLike<V | Error>>) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(options.timedOut()), options.timeoutMs);
    });
    return Promise.race([answer, deadline]).finally(() => clearTimeout(timer));
  };
  return new DataLoader<K, V>(
    async (keys) => {
      try {
        return await withDeadline(load(keys));
      } finally {
        // The slot passes straight to the oldest waiting batch.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
    {
      // Must stay off: a batch of cache hits alone is never handed to the function above,
      // so its slot would never come back.
      cache: false,
      maxBatchSize: options.maxBatchSize,
      batchScheduleFn: (dispatch) => {
        if (running < options.inFlight) {
          running++;
          setImmediate(dispatch);
        } else {
          waiting.push(dispatch);
        }
      },
    },
  );
}
