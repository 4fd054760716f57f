import { type Logger, pino } from 'pino';

/** Paths never logged, whatever a caller passes in. */
const REDACT = [
  'password',
  '*.password',
  'code',
  '*.code',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'key',
  '*.key',
  'card_number',
  '*.card_number',
  'cvc',
  '*.cvc',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined });
}
