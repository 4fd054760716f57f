import type { DbHandle } from '@portico/db';
import type { BffProcess } from '../../e2e/lib/processes.js';
import { benchDatabase } from './database.js';
import { seedCustomers } from './seed.js';
import { startBenchServer } from './server.js';
import { createWorld, type World } from './world.js';

export const SHARED_CUSTOMERS = 10_000;

/** What the scenarios share in one run: a 10,000-customer database and a server over it. */
export interface Shared {
  db: DbHandle & { url: string };
  world: World;
  server: BffProcess;
}

export class BenchEnv {
  #shared: Promise<Shared> | undefined;
  readonly #closers: Array<() => Promise<void>> = [];

  constructor(
    readonly databaseUrl: string,
    readonly log: (line: string) => void,
  ) {}

  /** Started on first use, stopped by `close()`. */
  shared(): Promise<Shared> {
    this.#shared ??= (async () => {
      this.log(`seeding ${SHARED_CUSTOMERS} customers…`);
      const db = await benchDatabase(this.databaseUrl);
      this.#closers.push(() => db.close());
      const world = await createWorld(db.db);
      await seedCustomers(db.db, world.accountId, SHARED_CUSTOMERS);
      const server = await startBenchServer(db.url);
      this.#closers.push(() => server.stop());
      return { db, world, server };
    })();
    return this.#shared;
  }

  /** Runs `close` when the run ends (last registered, first run). */
  onClose(close: () => Promise<void>): void {
    this.#closers.push(close);
  }

  async close(): Promise<void> {
    for (const close of this.#closers.reverse()) {
      await close().catch((err) => this.log(`cleanup failed: ${String(err)}`));
    }
  }
}
