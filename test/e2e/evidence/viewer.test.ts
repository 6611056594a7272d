import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { isRoot, linkPair, Netns } from '../../lab/host/netns';
import { launchChromium } from '../support/browser';
import { REPO, serve, type Served } from '../support/serve';

/** The step's evidence list is a <details> that stays open across steps: open it, never toggle it. */
const openEvidenceList = (page: Page) =>
  page
    .locator('details', { has: page.locator('summary', { hasText: /^Evidence files/ }) })
    .evaluate((d) => ((d as HTMLDetailsElement).open = true));

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(REPO, 'docs', `${name}.png`) });

/**
 * Evidence in the browser binding: every raw output opens in the viewer (line numbers, cited
 * lines highlighted, captures decoded), from a step and from a finding; the PDF and the whole
 * bundle download from the loopback server. Real renderer, real backend in a namespace whose
 * ppp0 is a veth.
 */
describe.skipIf(!isRoot())('evidence viewer and downloads in the browser', () => {
  let local: Netns;
  let remote: Netns;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const audits = mkdtempSync(path.join(tmpdir(), 'pa-viewer-audits-'));
  const refused: string[] = [];
  const downloads = mkdtempSync(path.join(tmpdir(), 'pa-viewer-downloads-'));

  beforeAll(async () => {
    local = Netns.create('pa-ev-l');
    remote = Netns.create('pa-ev-r');
    linkPair(local, remote);
    served = await serve(local.name, ['--audits', audits]);
    browser = await launchChromium(local.name);
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    page.on('response', (r) => void (r.status() >= 400 && refused.push(`${r.status()} ${r.url()}`)));
    await page.goto(served.url);
    await page.getByLabel('Site').fill('Lakeside water treatment');
    await page.getByLabel('Tunnel interface').selectOption('ppp0');
    await page.getByLabel('Carrier interface').selectOption('ppp0');
    await page.getByLabel('Remote tunnel address').fill('10.77.0.2');
    await page.getByRole('button', { name: 'Start audit' }).click();
    for (const step of ['identify-interfaces', 'capture']) {
      await page.locator(`.step-item[data-step="${step}"]`).click();
      if (step === 'capture') await page.getByLabel('Window (s)').fill('5');
      await page.getByRole('button', { name: /^(Run|Re-run)$/ }).click();
      await page.locator(`section[data-step="${step}"]:not([data-status="running"]):not([data-status="pending"])`).waitFor({ timeout: 90_000 });
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    local?.destroy();
    remote?.destroy();
  });

  it('loads without a refused request, with a real favicon', async () => {
    const icon = await page.evaluate(async () => {
      const r = await fetch(new URL('favicon.svg', document.baseURI));
      return { status: r.status, type: r.headers.get('content-type') };
    });
    expect(icon).toEqual({ status: 200, type: 'image/svg+xml' });
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('./favicon.svg');
    expect(refused).toEqual([]);
  });

  it('opens a step’s raw output with line numbers, and a capture as its decoded summary', async () => {
    await page.locator('.step-item[data-step="identify-interfaces"]').click();
    await openEvidenceList(page);
    await page.locator('button[data-evidence="outputs/0001-ip.addr.stdout"]').click();
    const viewer = page.getByRole('dialog', { name: /Evidence outputs\/0001-ip\.addr\.stdout/ });
    await viewer.waitFor();
    await expect.poll(() => viewer.locator('.evidence-line').count()).toBeGreaterThan(0);
    expect(await viewer.locator('.evidence-line').first().getAttribute('data-line')).toBe('1');
    expect(await viewer.getByTestId('evidence-body').textContent()).toContain('"ifname":"ppp0"');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    await page.locator('.step-item[data-step="capture"]').click();
    await openEvidenceList(page);
    await page.locator('button[data-evidence^="captures/"]').click();
    const capture = page.getByRole('dialog', { name: /Evidence captures\// });
    await expect.poll(() => capture.getByTestId('evidence-body').getAttribute('data-kind')).toBe('pcap');
    expect(await capture.getByTestId('evidence-body').textContent()).toMatch(/PPTP control \(TCP 1723\)/);
    await capture.getByRole('button', { name: 'Close the evidence viewer' }).click();
  }, 60_000);

  it('opens a finding’s evidence with the cited line highlighted', async () => {
    await page.getByRole('tab', { name: /Findings/ }).click();
    const finding = page.locator('[data-finding="tunnel-kind-unknown"]');
    await finding.waitFor();
    await finding.locator('button[data-evidence]').first().click();
    const viewer = page.getByRole('dialog');
    await expect.poll(() => viewer.locator('.evidence-line[data-cited]').count()).toBeGreaterThan(0);
    expect(await viewer.textContent()).toMatch(/cited line.* highlighted · cited by “ppp0 is named like a PPP tunnel/);
    await shot(page, 'evidence-viewer');
    await page.keyboard.press('Escape');
  }, 30_000);

  it('lists every file of the bundle, each opening in the viewer', async () => {
    await page.getByTestId('evidence-files').locator('summary').click();
    const link = page.getByTestId('evidence-files').locator('button[data-evidence="commands.jsonl"]');
    await link.click();
    const viewer = page.getByRole('dialog', { name: 'Evidence commands.jsonl' });
    await expect.poll(() => viewer.locator('.evidence-line').count()).toBeGreaterThan(1);
    expect(await viewer.locator('.evidence-line').first().textContent()).toMatch(/^1\{"kind":"start"/);
    await page.keyboard.press('Escape');
  }, 30_000);

  it('downloads the (draft) report PDF and the bundle as a zip that verifies', async () => {
    await page.getByRole('button', { name: 'Export draft PDF (A4)' }).click();
    const pdfLink = page.getByTestId('download-pdf');
    await pdfLink.waitFor({ timeout: 90_000 });
    const [pdf] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
    expect(pdf.suggestedFilename()).toMatch(/-DRAFT-report-A4\.pdf$/);
    const pdfFile = path.join(downloads, pdf.suggestedFilename());
    await pdf.saveAs(pdfFile);
    expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('Lakeside water treatment');
    expect(text).toContain('DRAFT — audit not finished');

    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-bundle').click()]);
    expect(zip.suggestedFilename()).toMatch(/\.zip$/);
    const zipFile = path.join(downloads, zip.suggestedFilename());
    await zip.saveAs(zipFile);
    expect(execFileSync('unzip', ['-t', zipFile], { encoding: 'utf8' })).toContain('No errors detected');
    const out = path.join(downloads, 'unpacked');
    execFileSync('unzip', ['-q', zipFile, '-d', out]);
    const bundle = path.join(out, zip.suggestedFilename().replace(/\.zip$/, ''));
    execFileSync(process.execPath, [path.join(REPO, 'dist/cli.cjs'), 'verify', bundle], { stdio: 'pipe' });
  }, 120_000);
});
