export { type App, createApp } from './app.js';
export { type Config, parseConfig } from './config.js';
export type { AppDeps } from './http/context.js';
