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

/** `destination` lets tests read every line the app logs (the card-number scan does). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined };
  return destination ? pino(options, destination) : pino(options);
}
