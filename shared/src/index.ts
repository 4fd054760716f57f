export * from './cards.js';
export * from './errors.js';
export * from './money.js';
export * from './permissions.js';
export * from './schemas/admin.js';
export * from './schemas/common.js';
export * from './schemas/shopper.js';
export * from './schemas/webhooks.js';
