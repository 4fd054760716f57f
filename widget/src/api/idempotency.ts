/** A random key, ≥ 122 bits, printable ASCII as the API requires. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One idempotency key per user intent (e.g. "pay salvage X with card Y"): reused when the
 * same intent is retried after an unclear outcome, so a double click or a retry charges
 * once; forgotten once the outcome is settled.
 */
export class IntentKeys {
  readonly #keys = new Map<string, string>();

  keyFor(intent: string): string {
    let key = this.#keys.get(intent);
    if (!key) {
      key = newIdempotencyKey();
      this.#keys.set(intent, key);
    }
    return key;
  }

  settle(intent: string): void {
    this.#keys.delete(intent);
  }
}
