// A hashing thread of the password pool (see hasher.ts). Plain JavaScript so it loads in a
// worker thread without the TypeScript loader (tsx in the service, vitest's in tests).
import { hashSync, verifySync } from '@node-rs/argon2';

/** One task: `{ op: 'hash', password, options }` or `{ op: 'verify', stored, password }`. */
export default function run(task) {
  if (task.op === 'hash') return hashSync(task.password, task.options);
  try {
    return verifySync(task.stored, task.password);
  } catch {
    return false;
  }
}
