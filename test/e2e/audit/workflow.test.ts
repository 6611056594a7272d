import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { iperf, isRoot, linkPair, Netns, shape } from '../../lab/host/netns';
import { launchChromium } from '../support/browser';
import { CLI, REPO, serve, type Served } from '../support/serve';

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(REPO, 'docs', `workflow-${name}.png`), fullPage: true });
const custodyOf = (dir: string) =>
  readFileSync(path.join(dir, 'custody.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; detail: string });
const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { state: string; files: Array<{ path: string; sha256: string }> };

/**
 * The auditor's day through the real GUI (headless Chromium, the real backend and collectors in
 * a namespace whose ppp0 is a shaped veth): bad values said at the fields, steps with their
 * progress, one cancelled, a reload mid-step, a draft, Finish and sign, then an app restart
 * with an open audit resumed and abandoned.
 */
describe.skipIf(!isRoot())('the auditor workflow in the GUI', () => {
  let local: Netns;
  let remote: Netns;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const audits = mkdtempSync(path.join(tmpdir(), 'pa-workflow-audits-'));
  let firstDir = '';

  const step = (id: string) => page.locator(`section[data-step="${id}"]`);
  const runTo = async (id: string, settle = true) => {
    await page.locator(`.step-item[data-step="${id}"]`).click();
    await page.getByRole('button', { name: /^(Run|Re-run)$/ }).click();
    if (settle) await page.locator(`section[data-step="${id}"]:not([data-status="running"]):not([data-status="pending"])`).waitFor({ timeout: 60_000 });
  };

  beforeAll(async () => {
    local = Netns.create('pa-wf-l');
    remote = Netns.create('pa-wf-r');
    linkPair(local, remote);
    shape(local, 'ppp0', 20_000);
    served = await serve(local.name, ['--audits', audits]);
    browser = await launchChromium(local.name);
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    local?.destroy();
    remote?.destroy();
  });

  it('says what is wrong beside each field, in plain words, and marks the required ones', async () => {
    await page.getByLabel('Tunnel interface').selectOption('ppp0');
    await page.getByLabel('Carrier interface').selectOption('ppp0');
    await expect.poll(() => page.getByLabel('Remote tunnel address').inputValue()).toBe('10.77.0.2');
    await page.getByLabel('Remote tunnel address').fill('10.77.0');
    await page.getByLabel('Link capacity').fill('-3');
    await page.getByRole('button', { name: 'Start audit' }).click();
    const messages = page.locator('.field-error');
    await expect.poll(() => messages.count()).toBe(3);
    const site = page.locator('label', { has: page.getByLabel('Site') });
    expect(await site.locator('.field-error').textContent()).toBe('Site is required.');
    expect(await page.locator('label', { has: page.getByLabel('Remote tunnel address') }).locator('.field-error').textContent()).toBe(
      'Remote tunnel address must be an IPv4 address such as 192.168.77.2, or an IPv6 address.',
    );
    expect(await page.locator('label', { has: page.getByLabel('Link capacity') }).locator('.field-error').textContent()).toBe(
      'Link capacity must be greater than 0 Mbit/s.',
    );
    // Nothing a developer would say, and every required field is marked.
    expect(await page.locator('form').textContent()).not.toMatch(/identity\.site|Too small|expected string/);
    expect(await page.locator('form [aria-required="true"]').count()).toBe(4);
    await shot(page, 'form-errors');

    await page.getByLabel('Site').fill('Lakeside water treatment');
    await page.getByLabel('Auditor').fill('J. Field');
    await page.getByLabel('Remote tunnel address').fill('10.77.0.2');
    await page.getByLabel('Link capacity').fill('');
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.getByRole('navigation', { name: 'Checklist' }).waitFor();
    firstDir = (await page.locator('.checklist .muted.small').textContent())!.split('10.77.0.2').pop()!.trim();
    expect(existsSync(firstDir)).toBe(true);
  });

  it('keeps a step\'s error on that step, shows progress with live counts, and cancels keeping what was gathered', async () => {
    await runTo('identify-interfaces');
    // A bad window is said beside the field of step 3 and blocks nothing else.
    await page.locator('.step-item[data-step="throughput"]').click();
    await page.getByLabel('Window (s)').fill('0');
    await page.getByRole('button', { name: /^Run$/ }).click();
    expect(await step('throughput').locator('.field-error').textContent()).toBe('Window must be at least 5 seconds.');
    await page.locator('.step-item[data-step="kernel-modules"]').click();
    expect(await page.locator('.field-error, [role="alert"]').count()).toBe(0);
    await runTo('kernel-modules');
    expect(await step('kernel-modules').getAttribute('data-status')).toBe('done');

    // Step 3 with traffic: countdown and samples counted while it runs.
    const traffic = iperf(remote, local, '10.77.0.2', 10);
    await page.locator('.step-item[data-step="throughput"]').click();
    await page.getByLabel('Window (s)').fill('6');
    await page.getByRole('button', { name: /^Run$/ }).click();
    await expect.poll(() => page.getByTestId('live-counts').textContent(), { timeout: 10_000 }).toMatch(/[1-9]\d* samples/);
    expect(await page.getByTestId('countdown').textContent()).toMatch(/\d+ s left of 6 s/);
    expect(await step('throughput').getByTestId('step-verdict').textContent()).toBe('running');
    expect(await page.locator('.step-item[data-step="throughput"] .verdict').textContent()).toBe('running');
    await shot(page, 'progress');
    await step('throughput').and(page.locator('[data-status="done"]')).waitFor({ timeout: 30_000 });

    await traffic;
    // Step 4 captures PPTP's control port and GRE only: TCP traffic to port 1723, 1 Mbit/s.
    const server = remote.spawn(['iperf3', '-s', '-1', '-p', '1723', '-B', '10.77.0.2'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 400));
    const client = local.spawn(['iperf3', '-c', '10.77.0.2', '-p', '1723', '-t', '30', '-b', '1M'], { stdio: 'ignore' });
    // Step 4: packets and bytes counted from the growing pcap, then cancelled.
    await page.locator('.step-item[data-step="capture"]').click();
    await page.getByLabel('Window (s)').fill('60');
    await page.getByRole('button', { name: /^Run$/ }).click();
    await expect.poll(() => page.getByTestId('live-counts').textContent(), { timeout: 20_000 }).toMatch(/[1-9][\d,]* packets · [\d.]+ (B|KiB|MiB) captured/);
    await shot(page, 'capture-progress');
    await step('capture').getByRole('button', { name: 'Cancel' }).click();
    await page.locator('section[data-step="capture"]:not([data-status="running"])').waitFor({ timeout: 20_000 });
    client.kill('SIGKILL');
    server.kill('SIGKILL');
    await page.getByTestId('step-cancelled').waitFor();
    expect(await page.getByTestId('step-output').textContent()).toMatch(/Cancelled after \d+ s of 60 s: what was gathered until then is kept/);
    // A cancelled partial run never passes.
    expect(await step('capture').getByTestId('step-verdict').textContent()).not.toBe('pass');
    await shot(page, 'cancelled');
    const checklist = JSON.parse(readFileSync(path.join(firstDir, 'checklist.json'), 'utf8'));
    const run = checklist.steps.capture.runs.at(-1);
    expect(run.cancelled).toBe(true);
    expect(run.evidence.some((f: string) => f.startsWith('captures/'))).toBe(true);
  }, 120_000);

  it('re-attaches to the running step after a reload', async () => {
    await page.locator('.step-item[data-step="latency"]').click();
    await page.getByLabel('Echo requests').fill('30');
    await page.getByRole('button', { name: /^(Run|Re-run)$/ }).click();
    await page.getByTestId('step-progress').waitFor();
    await page.reload();
    // The backend kept running the step; the page follows it to the end.
    await page.getByRole('navigation', { name: 'Checklist' }).waitFor();
    await step('latency').getByTestId('step-progress').waitFor({ timeout: 5_000 });
    expect(await step('latency').getByTestId('step-verdict').textContent()).toBe('running');
    await shot(page, 'reload-reattached');
    await page.locator('section[data-step="latency"][data-status="done"]').waitFor({ timeout: 40_000 });
    expect(await step('capture').count()).toBe(0);
  }, 60_000);

  it('exports a DRAFT while the audit is open: watermark on every page, custody records it, nothing sealed', async () => {
    await page.getByRole('tab', { name: /Findings/ }).click();
    await page.getByRole('button', { name: 'Export draft PDF (A4)' }).click();
    await page.getByTestId('audit-busy').waitFor();
    expect(await page.getByRole('button', { name: 'Finish and sign…' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Export draft PDF (A4)' }).isDisabled()).toBe(true);
    await shot(page, 'export-progress');
    await page.locator('[data-testid="pdf-path"][data-draft="true"]').waitFor({ timeout: 60_000 });
    const draft = (await page.getByTestId('pdf-path').locator('code').textContent())!;
    const pages = execFileSync('pdftotext', [draft, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(3);
    for (const text of pages) expect(text).toContain('DRAFT — audit not finished');
    expect(manifestOf(firstDir).state).toBe('open');
    const draftRecord = custodyOf(firstDir).find((c) => c.event === 'draft-exported');
    expect(draftRecord?.detail).toContain(createHash('sha256').update(readFileSync(draft)).digest('hex'));
    // Still open: a step can run again.
    await page.getByRole('tab', { name: 'Guided audit' }).click();
    expect(await page.getByRole('button', { name: 'Re-run' }).isDisabled()).toBe(false);
  }, 90_000);

  it('finishes and signs after a confirmation: the final PDF is inside the bundle, hashed, and verify says INTACT', async () => {
    await page.getByRole('button', { name: 'Finish and sign…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Finish and sign' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/sealed for good/);
    await shot(page, 'finish-confirm');
    await dialog.getByRole('button', { name: 'Sign and seal' }).click();
    await page.getByTestId('audit-signed').first().waitFor({ timeout: 60_000 });
    const final = (await page.getByTestId('pdf-path').first().locator('code').textContent())!;
    expect(final).toBe(path.join(firstDir, 'report', 'report-A4.pdf'));
    const text = execFileSync('pdftotext', [final, '-'], { encoding: 'utf8' });
    expect(text).toContain('Lakeside water treatment');
    expect(text).not.toContain('DRAFT');
    const manifest = manifestOf(firstDir);
    expect(manifest.state).toBe('closed');
    const entry = manifest.files.find((f) => f.path === 'report/report-A4.pdf');
    expect(entry?.sha256).toBe(createHash('sha256').update(readFileSync(final)).digest('hex'));
    expect(custodyOf(firstDir).map((c) => c.event).slice(-2)).toEqual(['signed', 'closed']);
    expect(execFileSync(process.execPath, [CLI, 'verify', firstDir], { encoding: 'utf8' })).toMatch(/^INTACT/m);
    await shot(page, 'signed');
  }, 90_000);

  it('after an app restart resumes an open audit, then abandons it: kept, marked, never offered as the site\'s audit', async () => {
    await page.getByRole('button', { name: 'New audit' }).first().click();
    // The form kept its values.
    expect(await page.getByLabel('Site').inputValue()).toBe('Lakeside water treatment');
    expect(await page.getByLabel('Tunnel interface').inputValue()).toBe('ppp0');
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.getByRole('navigation', { name: 'Checklist' }).waitFor();
    await runTo('identify-interfaces');

    // The app stops and starts again: the open audit is on disk only.
    await served.stop();
    served = await serve(local.name, ['--audits', audits]);
    await page.goto(served.url);
    await page.getByRole('tab', { name: 'Earlier audits' }).click();
    const open = page.locator('tr[data-audit][data-state="open"]');
    await open.waitFor();
    expect(await open.getByRole('button', { name: 'Compare with current' }).count()).toBe(0);
    await shot(page, 'history-open');
    await open.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('navigation', { name: 'Checklist' }).waitFor();
    // What was done before the restart is still there.
    expect(await page.locator('.step-item[data-step="identify-interfaces"] .verdict').textContent()).not.toBe('pending');
    await shot(page, 'resumed');

    await page.getByRole('button', { name: 'Abandon audit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Abandon the audit' });
    await dialog.getByLabel('Why it is abandoned').fill('wrong tunnel selected');
    await dialog.getByRole('button', { name: 'Abandon' }).click();
    await page.getByTestId('audit-abandoned').first().waitFor();

    await page.getByRole('tab', { name: 'Earlier audits' }).click();
    const abandoned = page.locator('tr[data-audit][data-state="abandoned"]');
    await abandoned.waitFor();
    expect(await abandoned.textContent()).toMatch(/abandoned — not counted as an audit of the site/);
    expect(await page.locator('tr[data-audit][data-state="closed"]').count()).toBe(1);
    await shot(page, 'history-abandoned');

    const second = readdirSync(audits)
      .map((n) => path.join(audits, n))
      .find((d) => d !== firstDir && existsSync(path.join(d, 'manifest.json')))!;
    expect(manifestOf(second).state).toBe('closed');
    const events = custodyOf(second).map((c) => c.event);
    expect(events).toContain('reopened');
    expect(events.slice(-2)).toEqual(['abandoned', 'closed']);
    expect(custodyOf(second).find((c) => c.event === 'abandoned')?.detail).toBe('wrong tunnel selected');
  }, 90_000);
});
