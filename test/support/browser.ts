/**
 * A real browser for page tests: Debian's chromium driven by playwright-core. With REQUIRE_BROWSER=1 or
 * REQUIRE_PROMETHEUS=1 (CI sets both) a missing chromium is a failure, never a skip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { findBinary, type BinarySpec } from '../../src/prometheus/binaries.js';

export const browserRequired = process.env.REQUIRE_BROWSER === '1' || process.env.REQUIRE_PROMETHEUS === '1';

const CHROMIUM: BinarySpec = { name: 'chromium', envVar: 'CHROMIUM_BIN', candidates: ['chromium', 'chromium-browser'] };

/** Chromium's path (CHROMIUM_BIN, else PATH); null means "skip", which CI forbids. */
export function chromiumForTest(): string | null {
  const found = findBinary(CHROMIUM);
  if (!found && browserRequired) {
    throw new Error('chromium is required (REQUIRE_BROWSER=1 or REQUIRE_PROMETHEUS=1) but not installed: run .ci/run or apt-get install chromium');
  }
  return found;
}

/** Headless chromium on a fresh profile; `close()` also removes the profile. */
export async function openBrowser(executablePath: string): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'lunar-sim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1600, height: 1000 },
    // Root in a container has no sandbox; the rest keeps a test browser from calling home or updating itself.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
