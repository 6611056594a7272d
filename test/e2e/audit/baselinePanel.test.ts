import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { iperf, isRoot, linkPair, Netns, shape } from '../../lab/host/netns';
import { EXPORTER, PROMETHEUS, startPromStack, type PromStack } from '../../integration/fleet/prometheusLab';
import { launchChromium } from '../support/browser';
import { REPO, serve, type Served } from '../support/serve';
import { parseLongTermBaseline } from '../../../shared/baseline/longTermSchema';

const custodyOf = (dir: string) =>
  readFileSync(path.join(dir, 'custody.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; detail: string });

/**
 * The long-term baseline from the GUI: Debian's node_exporter and Prometheus (1 s scrape) in
 * the namespace whose ppp0 is a shaped veth, `serve` and headless Chromium beside them. An
 * auditor imports the tunnel's history into the open audit from the Findings & report page;
 * the bundle holds it as supplied evidence and the draft report prints it.
 */
describe.skipIf(!isRoot())('the long-term baseline panel in the GUI', () => {
  let local: Netns;
  let remote: Netns;
  let prom: PromStack;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const audits = mkdtempSync(path.join(tmpdir(), 'pa-baseline-gui-'));
  let dir = '';

  beforeAll(async () => {
    local = Netns.create('pa-bl-l');
    remote = Netns.create('pa-bl-r');
    linkPair(local, remote);
    shape(local, 'ppp0', 20_000);
    prom = await startPromStack(local);
    served = await serve(local.name, ['--audits', audits]);
    browser = await launchChromium(local.name);
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(served.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    prom?.stop();
    local?.destroy();
    remote?.destroy();
    rmSync(audits, { recursive: true, force: true });
  });

  it('imports the tunnel\'s history into the open audit, keeps it as supplied evidence, and the draft report prints it', async () => {
    // Traffic through ppp0 while Prometheus scrapes, so the baseline has rates to measure.
    const traffic = iperf(remote, local, '10.77.0.2', 4);
    await page.getByLabel('Tunnel interface').selectOption('ppp0');
    await page.getByLabel('Carrier interface').selectOption('ppp0');
    await page.getByLabel('Site').fill('Riverside pumping station');
    await expect.poll(() => page.getByLabel('Remote tunnel address').inputValue()).toBe('10.77.0.2');
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.getByRole('navigation', { name: 'Checklist' }).waitFor();
    dir = (await page.locator('.checklist .muted.small').textContent())!.split('10.77.0.2').pop()!.trim();
    await page.getByRole('tab', { name: /Findings/ }).click();
    const panel = page.getByTestId('baseline-panel');
    // The audit's tunnel is the default device.
    expect(await panel.getByLabel('Device').inputValue()).toBe('ppp0');

    // Bad values are said beside their fields, in the auditor's words.
    await panel.getByLabel('Prometheus URL').fill('127.0.0.1:9090');
    await panel.getByLabel('Range').fill('a month');
    await panel.getByRole('button', { name: 'Import' }).click();
    const fieldError = (label: string) => panel.locator('label', { has: page.getByLabel(label) }).locator('.field-error');
    await fieldError('Prometheus URL').waitFor();
    expect(await fieldError('Prometheus URL').textContent()).toBe('Prometheus URL must be an http:// or https:// URL such as https://prom.example:9090/.');
    expect(await fieldError('Instance').textContent()).toBe('Instance is required.');
    expect(await fieldError('Range').textContent()).toBe('Range must be a duration such as 30d, 12h or 1h30m, of at least two steps and at most 5,000,000.');
    await panel.screenshot({ path: path.join(REPO, 'docs', 'baseline-panel-form.png') });

    // Prometheus' refusal is one plain line at the panel.
    await panel.getByLabel('Prometheus URL').fill(PROMETHEUS);
    await panel.getByLabel('Instance').fill('gw-unknown:9100');
    await panel.getByLabel('Range').fill('2m');
    await panel.getByLabel(/^Step\b/).fill('1s');
    await panel.getByRole('button', { name: 'Import' }).click();
    await panel.getByTestId('baseline-error').waitFor({ timeout: 30_000 });
    expect(await panel.getByTestId('baseline-error').textContent()).toBe(
      `Prometheus at ${PROMETHEUS} has no node_network_receive_bytes_total for instance "gw-unknown:9100", device "ppp0" in the range: check Instance (as on Prometheus' targets page) and Device`,
    );
    expect(await panel.locator('.field-error').count()).toBe(0);

    await traffic;
    await panel.getByLabel('Instance').fill(EXPORTER);
    await panel.getByRole('button', { name: 'Import' }).click();
    await panel.getByTestId('baseline-summary').waitFor({ timeout: 60_000 });
    expect(await panel.getByTestId('baseline-error').count()).toBe(0);
    expect(await panel.getByTestId('baseline-p95').textContent()).toMatch(/\d.*bit\/s/);
    expect(await panel.getByTestId('baseline-recreations').textContent()).toBe('0');
    await page.screenshot({ path: path.join(REPO, 'docs', 'baseline-panel.png'), fullPage: true });

    // In the bundle as `audit --baseline-file` puts it: the file, hashed in the manifest, its origin in custody.
    const file = path.join(dir, 'outputs', 'long-term-baseline.json');
    expect(existsSync(file)).toBe(true);
    const parsed = parseLongTermBaseline(readFileSync(file, 'utf8'));
    expect(parsed.ok && parsed.baseline.source).toMatchObject({ prometheus: PROMETHEUS, instance: EXPORTER, device: 'ppp0', stepSeconds: 1 });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
    expect(manifest.files.map((f) => f.path)).toContain('outputs/long-term-baseline.json');
    expect(custodyOf(dir).filter((c) => c.event === 'supplied')).toEqual([
      expect.objectContaining({ detail: `long-term baseline imported from Prometheus in the GUI: ppp0 on ${EXPORTER} from Prometheus ${PROMETHEUS}` }),
    ]);

    await page.getByRole('button', { name: 'Export draft PDF (A4)' }).click();
    await page.locator('[data-testid="pdf-path"][data-draft="true"]').waitFor({ timeout: 60_000 });
    const draft = (await page.getByTestId('pdf-path').locator('code').textContent())!;
    const text = execFileSync('pdftotext', [draft, '-'], { encoding: 'utf8' });
    expect(text).toContain('Long-term baseline');
    expect(text).toContain(EXPORTER);
    // A reloaded page shows the summary, and no second import is offered.
    await page.reload();
    await page.getByRole('tab', { name: /Findings/ }).click();
    await page.getByTestId('baseline-summary').waitFor();
    expect(await page.getByTestId('baseline-panel').getByRole('button', { name: 'Import' }).count()).toBe(0);
  }, 120_000);
});
