import type { Logger } from 'pino';

export interface PollLoop {
  start(): void;
  /** Stops polling and waits for the round in flight. */
  stop(): Promise<void>;
}

/**
 * Runs `round` again and again: at once while it keeps finding work, every pollMs when idle.
 * A failing round is logged and retried at the next tick.
 */
export function pollLoop(
  round: () => Promise<number>,
  options: { pollMs: number; logger: Logger; name: string },
): PollLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;
  const loop = async () => {
    if (stopped) return;
    let handled = 0;
    try {
      running = round();
      handled = await running;
    } catch (err) {
      options.logger.warn(
        { err: err instanceof Error ? err.message : err },
        `${options.name} round failed`,
      );
    } finally {
      running = undefined;
    }
    if (!stopped) timer = setTimeout(loop, handled > 0 ? 0 : options.pollMs);
  };
  return {
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(loop, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}

/** Exponential backoff: baseMs, doubling per attempt, capped at maxMs. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
