import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import { axeViolations } from './axe.js';
import { ARTIFACTS, screenshot } from './browser.js';

/**
 * Every screen a journey reaches: a screenshot under test-artifacts/<journey>/ and an
 * axe-core run inside the document that shows it (the portal frame, or the storefront
 * page for the inline embed). Any violation fails the step, named.
 */
export function screens(journey: string) {
  // Only this run's screens: a journey's folder starts empty.
  rmSync(join(ARTIFACTS, journey), { recursive: true, force: true });
  let n = 0;
  return async (page: Page, target: Page | Frame, step: string): Promise<void> => {
    n += 1;
    await screenshot(page, journey, `${String(n).padStart(2, '0')}-${step}`);
    const violations = await axeViolations(target);
    expect(violations, `axe on ${journey}/${step}`).toEqual([]);
  };
}

/** On failure, the screen as it was: test-artifacts/<journey>/failure-<n>.png. */
export function screenshotOnFailure(page: Page, journey: string): void {
  onTestFailed(async () => {
    await screenshot(page, journey, `failure-${Date.now()}`).catch(() => {});
  });
}
