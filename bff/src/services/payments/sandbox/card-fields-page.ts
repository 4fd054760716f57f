/** Serializes a value into an inline script without letting it close the script element. */
const inlineJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The sandbox's card fields: a page on the gateway's own origin, framed by the portal.
 * The card number never leaves this origin; the parent gets a token via postMessage sent
 * to its exact origin.
 */
export function cardFieldsPage(opts: { parentOrigin: string; nonce: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Card details</title>
<style nonce="${opts.nonce}">
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; padding: 4px; color: #1a1a1a; }
  label { display: block; margin: 0 0 8px; font-weight: 500; }
  input { display: block; width: 100%; box-sizing: border-box; padding: 8px; margin-top: 4px;
          font: inherit; border: 1px solid #8a8a8a; border-radius: 4px; }
  .row { display: flex; gap: 8px; } .row label { flex: 1; }
  button { padding: 8px 16px; font: inherit; cursor: pointer; }
  [role="alert"] { color: #b00020; min-height: 1.4em; }
  .badge { font-size: 12px; color: #555; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
</head>
<body>
<main>
<h1 class="sr-only">Card details</h1>
<form id="card" novalidate>
  <p class="badge">Sandbox gateway: test cards only</p>
  <label>Card number<input id="number" name="number" inputmode="numeric" autocomplete="cc-number" maxlength="23" required></label>
  <div class="row">
    <label>Expiry (MM/YY)<input id="expiry" name="expiry" inputmode="numeric" autocomplete="cc-exp" maxlength="7" placeholder="MM/YY" required></label>
    <label>CVC<input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" maxlength="4" required></label>
  </div>
  <p id="error" role="alert"></p>
  <button type="submit" id="tokenize">Save card</button>
</form>
</main>
<script nonce="${opts.nonce}">
(() => {
  const parentOrigin = ${inlineJson(opts.parentOrigin)};
  const form = document.getElementById('card');
  const error = document.getElementById('error');
  const button = document.getElementById('tokenize');
  const send = (data) => window.parent.postMessage(data, parentOrigin);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const [mm, yy] = document.getElementById('expiry').value.split('/').map((s) => s.trim());
    const body = {
      number: document.getElementById('number').value,
      exp_month: Number(mm),
      exp_year: Number(yy),
      cvc: document.getElementById('cvc').value,
    };
    button.disabled = true;
    try {
      const res = await fetch('/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const data = await res.json();
      if (!res.ok) {
        error.textContent = data.error.message;
        send({ type: 'portico:card-error', field: data.error.field, message: data.error.message });
        return;
      }
      form.reset();
      send({ type: 'portico:card-token', token: data.token, brand: data.brand, last4: data.last4 });
    } catch {
      error.textContent = 'The card could not be checked. Try again.';
    } finally {
      button.disabled = false;
    }
  });
})();
</script>
</body>
</html>`;
}
