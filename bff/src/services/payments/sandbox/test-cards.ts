/**
 * The sandbox gateway's documented test numbers (see bff/README.md). Any other
 * Luhn-valid number of a known brand succeeds.
 */
export const SANDBOX_BEHAVIOURS = [
  'succeed',
  'generic_decline',
  'insufficient_funds',
  'expired_card',
  'incorrect_cvc',
  'processing_error',
] as const;
export type SandboxBehaviour = (typeof SANDBOX_BEHAVIOURS)[number];

export const SANDBOX_TEST_CARDS: Readonly<Record<string, SandboxBehaviour>> = {
  '4242424242424242': 'succeed',
  '5555555555554444': 'succeed',
  '378282246310005': 'succeed',
  '6011111111111117': 'succeed',
  '4000000000000002': 'generic_decline',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
  '4000000000000127': 'incorrect_cvc',
  '4000000000000119': 'processing_error',
};

export const DECLINE_MESSAGES: Readonly<Record<Exclude<SandboxBehaviour, 'succeed'>, string>> = {
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  processing_error: 'An error occurred while processing your card. Try again.',
};

export function behaviourOf(number: string): SandboxBehaviour {
  return SANDBOX_TEST_CARDS[number] ?? 'succeed';
}
