import { embed, readyToMount } from './embed-core.js';

// document.currentScript is only set while this classic script first runs.
const script = document.currentScript as HTMLScriptElement | null;
// The usual snippet follows its target: mount at once instead of after the whole page.
if (readyToMount(script)) {
  embed(script);
} else {
  document.addEventListener('DOMContentLoaded', () => embed(script), { once: true });
}
