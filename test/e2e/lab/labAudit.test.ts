import { execFileSync, spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
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
 * Audits of REAL PPTP tunnels (pptpd/pptp/pppd, MS-CHAPv2, MPPE) inside the User-Mode-Linux
 * guest, in the client namespace, at the moment each scenario is characteristic of: first the
 * headless CLI, then the GUI — the real backend and the real renderer in Chromium, both in the
 * guest, driven through the six steps. Bundles land on the host, where they are verified,
 * printed, and opened in the GUI again.
 */
/** Per scenario: every inner list needs one of its rules to fire; `never` must not fire. */
const EXPECT: Record<string, { fires: string[][]; never: string[] }> = {
  healthy: { fires: [['pptp-in-use']], never: ['data-unencrypted', 'gre-blockage', 'mppe-negotiation-failed', 'loss-high'] },
  cleartext: { fires: [['pptp-in-use'], ['data-unencrypted']], never: ['gre-blockage', 'weak-mppe'] },
  'gre-blocked': { fires: [['pptp-in-use'], ['gre-blockage']], never: ['data-unencrypted'] },
  'mppe-refused': { fires: [['pptp-in-use'], ['mppe-negotiation-failed']], never: ['data-unencrypted'] },
  // Every 7th GRE data packet is dropped each way (a counter, not chance: see lossy.sh), so
  // the 40-50 echo requests of the latency step always lose over 5 %.
  lossy: { fires: [['pptp-in-use'], ['loss-high']], never: ['data-unencrypted', 'gre-blockage'] },
  'mtu-mismatch': { fires: [['pptp-in-use'], ['tunnel-fragmentation', 'mtu-fragmentation']], never: ['data-unencrypted', 'gre-blockage'] },
};

function expectFindings(name: string, rules: string[], how: string): void {
  const expected = EXPECT[name]!;
  for (const anyOf of expected.fires) {
    expect(anyOf.some((r) => rules.includes(r)), `${how} ${name} should fire one of ${anyOf.join(', ')}; fired ${rules.join(', ')}`).toBe(true);
  }
  for (const rule of expected.never) expect(rules, `${how} ${name} must not fire ${rule}`).not.toContain(rule);
}

interface AuditSummary {
  dir: string;
  risk: string;
  findings: Array<{ ruleId: string; title: string }>;
  problems: string[];
}

const canRun = process.getuid?.() === 0 && missingLabTools().length === 0;
const DRIVER = path.join(REPO, '.tmp', 'gui-audit-driver.mjs');

function auditCommand(name: string) {
  return {
    ns: 'client' as const,
    argv: [process.execPath, CLI, 'audit', '--iface', 'ppp0', '--carrier', 'cl0', '--remote', LAB_ADDRESSES.serverTunnel,
      '--site', `Lab ${name}`, '--auditor', 'lab', '--out', '{out}/audit', '--duration', '10', '--ping-count', '50', '--no-pdf', '--json'],
    out: 'audit-summary.json',
    timeoutSec: 300,
  };
}

/**
 * What the guest runs, by content: the lab caches results by the commands' text, so the
 * driver's argv carries a hash of the driver, the CLI and the renderer's pages (the driver
 * ignores it); a rebuilt product means new runs, never yesterday's results.
 */
let buildStamp = '';
function stampOfBuild(): string {
  const h = createHash('sha256');
  for (const file of [DRIVER, CLI, path.join(REPO, 'dist/cli-main.cjs'), path.join(REPO, 'dist/renderer/index.html'), path.join(REPO, 'dist/renderer/report.html')]) h.update(readFileSync(file));
  return h.digest('hex').slice(0, 16);
}

/** The same audit through the GUI, driven in Chromium inside the guest (see guiAuditDriver.ts). */
function guiAuditCommand(name: string) {
  return {
    ns: 'client' as const,
    argv: [process.execPath, DRIVER, '{out}', CLI, name, `build=${buildStamp}`],
    out: 'gui-driver.out',
    timeoutSec: 1200,
  };
}

interface GuiResult {
  steps: Record<string, string | null>;
  findings: string[];
  risk: string | null;
  error?: string;
}

describe.skipIf(!canRun)('audit inside the PPTP lab (real tunnel in User-Mode Linux)', () => {
  const runs = new Map<string, { s: ScenarioArtefacts; summary: AuditSummary; gui: GuiResult }>();
  const audits = mkdtempSync(path.join(tmpdir(), 'pa-lab-audits-'));

  beforeAll(async () => {
    // The GUI driver runs in the guest with the host's Node and node_modules (through hostfs).
    await build({
      entryPoints: [path.join(__dirname, 'guiAuditDriver.ts')],
      outfile: DRIVER,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
    });
    buildStamp = stampOfBuild();
    const names = Object.keys(EXPECT);
    const queue = [...names];
    // Two guests at a time: the machine has two cores.
    await Promise.all(
      [0, 1].map(async () => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
          const s = await scenario(name, { guestCommands: [auditCommand(name), guiAuditCommand(name)] });
          const text = s.read('audit-summary.json');
          const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
          const gui = JSON.parse(s.read('gui-result.json') || '{"steps":{},"findings":[],"risk":null,"error":"no gui-result.json"}') as GuiResult;
          runs.set(name, { s, summary: JSON.parse(json || '{}') as AuditSummary, gui });
          cpSync(s.path('audit'), path.join(audits, name), { recursive: true });
        }
      }),
    );
  }, 2_700_000);

  for (const name of Object.keys(EXPECT)) {
    it(`${name}: the GUI audit (Chromium in the guest) walks the six steps and yields the findings it should`, () => {
      const gui = runs.get(name)?.gui;
      expect(gui?.error, runs.get(name)?.s.read('gui-driver.log')).toBeUndefined();
      expect(Object.keys(gui!.steps)).toHaveLength(6);
      expectFindings(name, gui!.findings, 'GUI');
      expect(gui!.risk).toBe('critical');
    });

    it(`${name}: the headless audit yields the findings it should and none it should not`, () => {
      const run = runs.get(name);
      expect(run, `no audit for ${name}`).toBeDefined();
      expectFindings(name, run!.summary.findings.map((f) => f.ruleId), 'CLI');
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
      // The GUI's own findings screen, inside the guest, for the README.
      cpSync(runs.get('cleartext')!.s.path('gui-findings.png'), path.join(REPO, 'docs', 'lab-gui-findings-cleartext.png'));
      for (const [name, expected] of Object.entries(EXPECT)) {
        const row = page.locator('tr[data-audit]').filter({ hasText: `Lab ${name}` });
        await row.getByRole('button', { name: 'Open' }).click();
        const saved = page.getByTestId('saved-audit');
        await saved.filter({ hasText: `Lab ${name}` }).waitFor();
        const titles = runs.get(name)!.summary.findings.filter((f) => expected.fires.flat().includes(f.ruleId)).map((f) => f.title);
        for (const title of titles) expect(await saved.textContent()).toContain(title);
        if (name === 'cleartext') await page.screenshot({ path: path.join(REPO, 'docs', 'lab-cleartext-gui.png'), fullPage: true });
      }
    }, 120_000);
  });
});
