/** What the gateway's card-fields page posts to us: a token, never a card number. */
export interface CardTokenMessage {
  type: 'portico:card-token';
  token: string;
  brand?: string;
  last4?: string;
}

/**
 * Accepts a message only from the exact gateway origin and from our own card-fields
 * iframe's window, with the expected shape (SECURITY item 17).
 */
export function readCardToken(
  event: MessageEvent,
  expectedOrigin: string,
  frame: HTMLIFrameElement | null | undefined,
): CardTokenMessage | null {
  if (!frame || event.origin !== expectedOrigin) return null;
  if (!frame.contentWindow || event.source !== frame.contentWindow) return null;
  const data = event.data as Partial<CardTokenMessage> | null;
  if (!data || typeof data !== 'object' || data.type !== 'portico:card-token') return null;
  if (typeof data.token !== 'string' || data.token.length < 4 || data.token.length > 200)
    return null;
  return {
    type: data.type,
    token: data.token,
    ...(typeof data.brand === 'string' ? { brand: data.brand } : {}),
    ...(typeof data.last4 === 'string' ? { last4: data.last4 } : {}),
  };
}

/** The card-fields page URL with our origin, and the origin its messages must come from. */
export function cardFieldsTarget(
  cardFieldsUrl: string,
  ownOrigin: string = location.origin,
): { src: string; origin: string } | null {
  try {
    const url = new URL(cardFieldsUrl, location.href);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    url.searchParams.set('origin', ownOrigin);
    return { src: url.href, origin: url.origin };
  } catch {
    return null;
  }
}
