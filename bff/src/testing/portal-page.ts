import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A widget build with only the portal page entry, for WIDGET_DIST_DIR. */
export function builtWidget(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-widget-'));
  writeFileSync(join(dir, 'portal-page.js'), 'export {};\n');
  return dir;
}

/** A response's Content-Security-Policy header as directive → values. */
export function cspDirectives(res: Response): Map<string, string[]> {
  const csp = res.headers.get('content-security-policy') ?? '';
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name as string, values];
    }),
  );
}
