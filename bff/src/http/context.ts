import type { Db } from '@portico/db';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

/** Everything the app needs from outside, injected so tests swap the edges only. */
export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  clock: () => Date;
}

export interface AdminPrincipal {
  accountId: string;
  apiKeyId: string;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    admin: AdminPrincipal;
  };
};
