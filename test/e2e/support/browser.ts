import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright';

export const CHROMIUM = process.env.PPTP_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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
