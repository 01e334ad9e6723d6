/**
 * Debian's Chromium (/usr/bin/chromium) driven by the playwright library. Where that file is
 * absent (the hosted macOS runner) Playwright's own Chromium is used instead, which the CI
 * workflow installs with `npx playwright install chromium`; PORTWARDEN_CHROMIUM overrides both.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';
import type { Browser, Page } from 'playwright';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The browser executable to drive; undefined means Playwright's downloaded Chromium. */
export function chromiumExecutable(
  env: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  if (env.PORTWARDEN_CHROMIUM) return env.PORTWARDEN_CHROMIUM;
  return exists(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
}

/** Collects console errors and uncaught page errors, so a test can assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Open a view by its navigation button. */
export async function openView(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: false }).first().click();
}
