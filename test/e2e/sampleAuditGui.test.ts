import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import type { FindingsReport } from '../../shared/findings/types';
import { SAMPLE_AUDIT_FOLDER, SAMPLE_AUDIT_LABEL } from '../../shared/model/sampleAudit';
import { launchChromium } from './support/browser';
import { REPO, serve, type Served } from './support/serve';

/**
 * A newcomer's first launch, in the real renderer (headless Chromium) against the real
 * `pptp-auditor serve` on an empty audits folder: the first screen offers the sample audit, which
 * opens read-only with its steps, findings and evidence, labelled as a sample everywhere.
 */
const SAMPLE = path.join(REPO, SAMPLE_AUDIT_FOLDER);
const report = JSON.parse(readFileSync(path.join(SAMPLE, 'findings.json'), 'utf8')) as FindingsReport;

describe('the sample audit in the GUI', () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'pa-sample-empty-'));
  const used = mkdtempSync(path.join(tmpdir(), 'pa-sample-used-'));
  let servedEmpty: Served;
  let servedUsed: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // An audits folder that already holds an audit: a copy of the sample, as any bundle would be.
    cpSync(SAMPLE, path.join(used, 'earlier'), { recursive: true });
    [servedEmpty, servedUsed] = await Promise.all([serve(undefined, ['--audits', empty]), serve(undefined, ['--audits', used])]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([servedEmpty?.stop(), servedUsed?.stop()]);
    rmSync(empty, { recursive: true, force: true });
    rmSync(used, { recursive: true, force: true });
  });

  it('first launch offers the sample; it opens read-only with steps, findings and evidence', async () => {
    await page.goto(servedEmpty.url);
    const offer = page.getByTestId('sample-offer');
    await offer.waitFor();
    expect(await offer.textContent()).toContain(SAMPLE_AUDIT_LABEL);
    await page.screenshot({ path: path.join(REPO, 'docs', 'sample-offer.png') });
    await offer.getByRole('button', { name: 'Open the sample audit' }).click();

    const sample = page.getByTestId('sample-audit');
    await sample.waitFor();
    const text = (await sample.textContent())!;
    expect(text).toContain(SAMPLE_AUDIT_LABEL);
    await expect.poll(() => sample.locator('[data-step]').count()).toBe(6);
    expect(await sample.locator('[data-step] .verdict').allTextContents()).not.toContain('pending');
    for (const f of report.findings) expect(text).toContain(f.title);
    const cleartext = sample.locator('[data-finding="data-unencrypted"]');
    expect(await cleartext.getByRole('list', { name: /Evidence/ }).textContent()).toMatch(/captures\/capture-.*\.pcap #\d+.*cleartext/);
    // Read-only: nothing on it runs, finishes or exports.
    expect(await sample.getByRole('button').allTextContents()).toEqual(['Close the sample']);
    await page.screenshot({ path: path.join(REPO, 'docs', 'sample-audit.png'), fullPage: true });
  });

  it('the history offers it too, and does not list it as an audit', async () => {
    await page.getByRole('tab', { name: 'Earlier audits' }).click();
    await page.getByTestId('sample-offer').waitFor();
    expect(await page.locator('tr[data-audit]').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Earlier audits' }).textContent()).toContain('No audit in the audits folder yet.');
  });

  it('is not pushed on a workstation that already has audits, but stays in the history', async () => {
    await page.goto(servedUsed.url);
    await page.getByRole('button', { name: 'Start audit' }).waitFor();
    expect(await page.getByTestId('sample-offer').count()).toBe(0);
    await page.getByRole('tab', { name: 'Earlier audits' }).click();
    await expect.poll(() => page.locator('tr[data-audit]').count()).toBe(1);
    await page.getByTestId('sample-offer').getByRole('button', { name: 'Open the sample audit' }).click();
    await page.getByTestId('sample-audit').waitFor();
  });
});
