import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright';
import { CHROMIUM_FLAGS } from '../../../electron/report/printPdfHeadless';

export const CHROMIUM = process.env.PPTP_CHROMIUM ?? '/usr/bin/chromium';

// The same flags the product's report printer uses (no network, no first-run, no sandbox as root).
const FLAGS = CHROMIUM_FLAGS;

/**
 * Debian's Chromium driven by Playwright (no browser download is possible here). With `netns`,
 * Chromium runs inside that network namespace, so it reaches a backend listening on the
 * namespace's own loopback and nothing else.
 */
export async function launchChromium(netns?: string): Promise<Browser> {
  let executablePath = CHROMIUM;
  if (netns) {
    const dir = mkdtempSync(path.join(tmpdir(), 'pa-chromium-'));
    executablePath = path.join(dir, 'chromium-in-netns');
    writeFileSync(executablePath, `#!/bin/sh\nexec ip netns exec ${netns} ${CHROMIUM} "$@"\n`);
    chmodSync(executablePath, 0o755);
  }
  return chromium.launch({ executablePath, args: FLAGS, headless: true });
}
