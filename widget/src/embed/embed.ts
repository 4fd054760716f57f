import { embed } from './embed-core.js';

// document.currentScript is only set while this classic script first runs.
const script = document.currentScript as HTMLScriptElement | null;
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => embed(script), { once: true });
} else {
  embed(script);
}
