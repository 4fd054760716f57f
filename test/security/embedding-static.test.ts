import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every non-test TypeScript source under these folders, as [relative path, text]. */
function sources(...dirs: string[]): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'dist') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name) && !path.includes('/testing/')) {
        out.push([relative(ROOT, path), readFileSync(path, 'utf8')]);
      }
    }
  };
  for (const d of dirs) walk(join(ROOT, d));
  return out;
}

/**
 * Each file that listens for messages, and the functions its listener passes every event
 * through (in that file or the one named). Each must compare the exact origin and the
 * source window, itself or through a helper it calls with the event.
 */
const MESSAGE_LISTENERS: Record<string, { vettedBy: string[]; in: string }> = {
  'widget/src/components/cards/cards.component.ts': {
    vettedBy: ['readCardToken'],
    in: 'widget/src/components/cards/card-token.ts',
  },
  'widget/src/embed/embed-core.ts': {
    vettedBy: ['resizeHeight', 'hostEvent'],
    in: 'widget/src/embed/embed-core.ts',
  },
};

/** The text of `function name(` up to its closing brace at the start of a line. */
function functionBody(text: string, name: string): string {
  const start = text.indexOf(`function ${name}(`);
  if (start < 0) return '';
  const rest = text.slice(start);
  return rest.slice(0, rest.indexOf('\n}\n'));
}

/** Whether `name` checks origin and source, directly or through a helper given the event. */
function vetsEvents(text: string, name: string, depth = 0): boolean {
  const body = functionBody(text, name);
  if (/event\.origin !== \w+/.test(body) && /event\.source !== \w+\.contentWindow/.test(body)) {
    return true;
  }
  if (depth > 2) return false;
  const helpers = [...body.matchAll(/\b(\w+)\(event\b/g)].map((m) => m[1] as string);
  return helpers.some((h) => h !== name && vetsEvents(text, h, depth + 1));
}

/**
 * SECURITY 17 and 19, as a guard over the source: the behaviour is proved in the widget's
 * browser tests (embed.test.ts, cards.test.ts, core.test.ts); this keeps a new message
 * channel or HTML sink from slipping in unvetted.
 */
describe('SECURITY 17, 19: postMessage and HTML sinks in the widget and the card fields', () => {
  const files = sources('widget/src', 'bff/src');

  it('names an exact target origin on every postMessage, never "*"', () => {
    const calls = files.flatMap(([path, text]) =>
      [...text.matchAll(/\.postMessage\(([^;]*)\)/g)].map((m) => [path, m[1] as string] as const),
    );
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const [path, args] of calls) {
      const target = args.replace(/,\s*$/, '').split(',').at(-1)?.trim();
      expect(args.includes(','), `${path}: postMessage without a target origin`).toBe(true);
      expect(target, path).toMatch(/^[A-Za-z_$][\w$.]*$/);
      expect(target, path).not.toMatch(/['"`]\*['"`]/);
    }
  });

  it('checks the exact origin and the source window in every message listener', () => {
    const listening = files
      .filter(([, text]) => /addEventListener\(\s*['"]message['"]/.test(text))
      .map(([path]) => path)
      .sort();
    expect(listening, 'a new message listener must be listed and vetted').toEqual(
      Object.keys(MESSAGE_LISTENERS).sort(),
    );
    for (const [path, { vettedBy, in: file }] of Object.entries(MESSAGE_LISTENERS)) {
      const listener = files.find(([p]) => p === path)?.[1] ?? '';
      const vetting = files.find(([p]) => p === file)?.[1] ?? '';
      for (const name of vettedBy) {
        expect(listener, `${path} passes events through ${name}`).toContain(`${name}(event`);
        expect(vetsEvents(vetting, name), `${name} checks the exact origin and source`).toBe(true);
      }
    }
  });

  it('has no raw HTML sink in the widget, so message data and shopper text render as text', () => {
    const sinks =
      /\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|unsafeHTML|\bsrcdoc\b|new Function\(|\beval\(/;
    const offenders = sources('widget/src')
      .filter(([, text]) => sinks.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
