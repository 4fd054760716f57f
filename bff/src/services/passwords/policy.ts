import { readFileSync } from 'node:fs';
import { PASSWORD_MAX, PASSWORD_MIN } from '@portico/shared';

/** The ~10k most common passwords (lower-cased), shipped with the app; loaded once. */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean),
  );
  return common;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

/** Length only, no composition rules, never trimmed (ASVS); plus the common-password list. */
export function passwordProblem(password: string): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'too_short';
  if (length > PASSWORD_MAX) return 'too_long';
  if (commonPasswords().has(password.toLowerCase())) return 'too_common';
  return undefined;
}
