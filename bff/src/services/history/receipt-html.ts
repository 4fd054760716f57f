import { randomBytes } from 'node:crypto';
import { formatMinorUnits, type Locale } from '@portico/shared';
import type { ReceiptFacts } from './transactions.js';

const LABELS = {
  en: {
    title: 'Receipt',
    merchant: 'Merchant',
    portal: 'Account portal',
    date: 'Date',
    item: 'Paid for',
    amount: 'Amount paid',
    card: 'Card',
    cardValue: '{brand} ending in {last4}',
    id: 'Transaction ID',
    kind_renewal: 'renewal',
    kind_trial_expiration: 'end of trial',
    kind_salvage: 'failed payment, settled',
    kind_refund: 'refund',
    print: 'Use your browser’s Print command to print or save this receipt.',
  },
  es: {
    title: 'Recibo',
    merchant: 'Comercio',
    portal: 'Portal de cuenta',
    date: 'Fecha',
    item: 'Concepto',
    amount: 'Importe pagado',
    card: 'Tarjeta',
    cardValue: '{brand} terminada en {last4}',
    id: 'ID de transacción',
    kind_renewal: 'renovación',
    kind_trial_expiration: 'fin de la prueba',
    kind_salvage: 'pago fallido, saldado',
    kind_refund: 'reembolso',
    print: 'Use la función Imprimir del navegador para imprimir o guardar este recibo.',
  },
} as const satisfies Record<Locale, Record<string, string>>;

/** Every piece of text goes through here: merchant names and products are not ours. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * No script at all, no framing, nothing loaded from anywhere: the one inline style block
 * runs under its nonce. A receipt page needs nothing else.
 */
export function receiptCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    "img-src 'none'",
    "script-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:1.5rem;margin:0 0 .25rem}
.portal{color:#4b5563;margin:0 0 1.5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1.5rem;margin:0}
dt{font-weight:600}
dd{margin:0}
.amount{font-size:1.25rem;font-weight:700}
.hint{color:#4b5563;font-size:.875rem;margin-top:2rem}
@media print{.hint{display:none}body{margin:0}}
`;

/** A standalone, printable HTML receipt; the nonce is the one its CSP header names. */
export function renderReceipt(
  facts: ReceiptFacts,
  portal: { displayName: string; locale: Locale },
  nonce: string,
): string {
  const L = LABELS[portal.locale];
  const e = escapeHtml;
  const date = new Intl.DateTimeFormat(portal.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(facts.createdAt);
  const item = [facts.productName, `(${L[`kind_${facts.kind}`]})`].filter(Boolean).join(' ');
  const card =
    facts.cardBrand && facts.cardLast4
      ? L.cardValue.replace('{brand}', facts.cardBrand).replace('{last4}', facts.cardLast4)
      : '—';
  const rows: [string, string, string?][] = [
    [L.merchant, facts.merchantName],
    [L.date, `${date} UTC`],
    [L.item, item],
    [L.amount, formatMinorUnits(portal.locale, facts.amount, facts.currency), 'amount'],
    [L.card, card],
    [L.id, facts.transactionId],
  ];
  return `<!doctype html>
<html lang="${portal.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(L.title)} · ${e(portal.displayName)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
<h1>${e(L.title)}</h1>
<p class="portal">${e(L.portal)}: ${e(portal.displayName)}</p>
<dl>
${rows.map(([k, v, cls]) => `<dt>${e(k)}</dt><dd${cls ? ` class="${cls}"` : ''}>${e(v)}</dd>`).join('\n')}
</dl>
<p class="hint">${e(L.print)}</p>
</main>
</body>
</html>
`;
}

export const newNonce = () => randomBytes(16).toString('base64');
