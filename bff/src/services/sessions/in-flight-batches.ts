import DataLoader from 'dataloader';

export interface InFlightBatchOptions {
  /** Batches running at once; a load made while all are busy waits in the next batch. */
  inFlight: number;
  /** Keys in one batch at most; a full batch waits for a slot of its own. */
  maxBatchSize: number;
}

/**
 * A DataLoader (no cache) that runs at most `inFlight` batches at once. A batch is gathered
 * until the event loop has read what the sockets hold (it runs on `setImmediate`), or, when
 * every slot is busy, until a slot frees. Light load: a batch of one, a few microseconds
 * later. Heavy load: one statement answers every request that queued behind the running
 * ones, instead of each request waiting for a pool connection and a round trip of its own.
 */
export function inFlightBatches<K, V>(
  load: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>,
  options: InFlightBatchOptions,
): DataLoader<K, V> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return new DataLoader<K, V>(
    async (keys) => {
      try {
        return await load(keys);
      } finally {
        // The slot passes straight to the oldest waiting batch.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
    {
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
