import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { scenario, type ScenarioArtefacts } from '../../lab/lab';
import { missingLabTools } from '../../lab/boot';
import { LAB_ADDRESSES } from '../../lab/scenarios';
import { launchChromium } from '../support/browser';
import { CLI, REPO, serve, type Served } from '../support/serve';

/**
 * The headless audit run by our own CLI inside the User-Mode-Linux guest, in the client
 * namespace, against a REAL PPTP tunnel (pptpd/pptp/pppd, MS-CHAPv2, MPPE) at the moment each
 * scenario is characteristic of; the bundles land on the host, where they are verified,
 * printed, and opened in the real GUI.
 */
const EXPECT: Record<string, { fires: string[]; never: string[] }> = {
  healthy: { fires: ['pptp-in-use'], never: ['data-unencrypted', 'gre-blockage', 'mppe-negotiation-failed', 'loss-high'] },
  cleartext: { fires: ['pptp-in-use', 'data-unencrypted'], never: ['gre-blockage', 'weak-mppe'] },
  'gre-blocked': { fires: ['pptp-in-use', 'gre-blockage'], never: ['data-unencrypted'] },
  'mppe-refused': { fires: ['pptp-in-use', 'mppe-negotiation-failed'], never: ['data-unencrypted'] },
  lossy: { fires: ['pptp-in-use', 'loss-high'], never: ['data-unencrypted', 'gre-blockage'] },
  'mtu-mismatch': { fires: ['pptp-in-use', 'mtu-fragmentation'], never: ['data-unencrypted', 'gre-blockage'] },
};

interface AuditSummary {
  dir: string;
  risk: string;
  findings: Array<{ ruleId: string; title: string }>;
  problems: string[];
}

const canRun = process.getuid?.() === 0 && missingLabTools().length === 0;

function auditCommand(name: string) {
  return {
    ns: 'client' as const,
    argv: [process.execPath, CLI, 'audit', '--iface', 'ppp0', '--carrier', 'cl0', '--remote', LAB_ADDRESSES.serverTunnel,
      '--site', `Lab ${name}`, '--auditor', 'lab', '--out', '{out}/audit', '--duration', '6', '--ping-count', '15', '--no-pdf', '--json'],
    out: 'audit-summary.json',
    timeoutSec: 240,
  };
}

describe.skipIf(!canRun)('audit inside the PPTP lab (real tunnel in User-Mode Linux)', () => {
  const runs = new Map<string, { s: ScenarioArtefacts; summary: AuditSummary }>();
  const audits = mkdtempSync(path.join(tmpdir(), 'pa-lab-audits-'));

  beforeAll(async () => {
    const names = Object.keys(EXPECT);
    const queue = [...names];
    // Two guests at a time: the machine has two cores.
    await Promise.all(
      [0, 1].map(async () => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
          const s = await scenario(name, { guestCommands: [auditCommand(name)] });
          const text = s.read('audit-summary.json');
          const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
          runs.set(name, { s, summary: JSON.parse(json) as AuditSummary });
          cpSync(s.path('audit'), path.join(audits, name), { recursive: true });
        }
      }),
    );
  }, 1_500_000);

  for (const [name, expected] of Object.entries(EXPECT)) {
    it(`${name}: the audit yields the findings it should and none it should not`, () => {
      const run = runs.get(name);
      expect(run, `no audit for ${name}`).toBeDefined();
      const rules = run!.summary.findings.map((f) => f.ruleId);
      for (const rule of expected.fires) expect(rules, `${name} should fire ${rule}`).toContain(rule);
      for (const rule of expected.never) expect(rules, `${name} must not fire ${rule}`).not.toContain(rule);
      const bundle = run!.s.path('audit');
      const verify = spawnSync(process.execPath, [CLI, 'verify', bundle], { encoding: 'utf8' });
      expect(verify.status, verify.stdout).toBe(0);
      expect(existsSync(path.join(bundle, 'captures'))).toBe(true);
    });
  }

  it('prints the cleartext audit with its critical finding', () => {
    const out = path.join(audits, 'cleartext.pdf');
    const r = spawnSync(process.execPath, [CLI, 'report', path.join(audits, 'cleartext'), '--out', out], { encoding: 'utf8', timeout: 90_000 });
    expect(r.status, r.stderr).toBe(0);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Lab cleartext');
    expect(text).toMatch(/not encrypted|cleartext/i);
    execFileSync('pdftoppm', ['-r', '70', '-png', '-f', '2', '-l', '2', out, path.join(REPO, 'docs', 'lab-cleartext-report')]);
  }, 120_000);

  describe('opened in the GUI', () => {
    let served: Served;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      served = await serve(undefined, ['--audits', audits]);
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
      await page.goto(served.url);
    });

    afterAll(async () => {
      await browser?.close();
      await served?.stop();
    });

    it('lists every lab audit and shows each one with its findings', async () => {
      await page.getByRole('tab', { name: 'Earlier audits' }).click();
      await expect.poll(() => page.locator('tr[data-audit]').count()).toBe(Object.keys(EXPECT).length);
      for (const [name, expected] of Object.entries(EXPECT)) {
        const row = page.locator('tr[data-audit]').filter({ hasText: `Lab ${name}` });
        await row.getByRole('button', { name: 'Open' }).click();
        const saved = page.getByTestId('saved-audit');
        await saved.filter({ hasText: `Lab ${name}` }).waitFor();
        const titles = runs.get(name)!.summary.findings.filter((f) => expected.fires.includes(f.ruleId)).map((f) => f.title);
        for (const title of titles) expect(await saved.textContent()).toContain(title);
        if (name === 'cleartext') await page.screenshot({ path: path.join(REPO, 'docs', 'lab-cleartext-gui.png'), fullPage: true });
      }
    }, 120_000);
  });
});
