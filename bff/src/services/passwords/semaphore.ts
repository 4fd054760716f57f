/** Thrown by a bounded Semaphore when its queue is full: the caller should answer "busy". */
export class QueueFull extends Error {
  constructor() {
    super('too many callers waiting');
  }
}

/**
 * Caps how many callers run at once; the rest wait in FIFO order, at most `maxWaiting` of
 * them (each waiter holds its request in memory, so an unbounded queue is unbounded memory).
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly max: number,
    readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.maxWaiting) throw new QueueFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter, so `active` never over-counts.
      if (next) next();
      else this.active--;
    }
  }
}
