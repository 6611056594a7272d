import { readdirSync, readFileSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { isRoot, linkPair, Netns } from '../../lab/host/netns';
import { launchChromium } from '../support/browser';
import { REPO, serve, type Served } from '../support/serve';

interface Record_ {
  t: string;
  dir: string;
  data?: string;
  event?: string;
  origin?: string;
  approximate?: boolean;
}

/**
 * The terminal pane of the guided audit through the real GUI: the real renderer (xterm.js) in
 * headless Chromium, the real backend (node-pty) in a namespace whose ppp0 is a veth. What the
 * auditor types and what the shell prints must both land in the audit's evidence.
 */
describe.skipIf(!isRoot())('terminal pane of the guided audit', () => {
  let local: Netns;
  let remote: Netns;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const audits = mkdtempSync(path.join(tmpdir(), 'pa-term-audits-'));
  const screen = () => page.locator('[data-testid="terminal-screen"] .xterm-rows').innerText();
  const bundleDir = () => {
    const dirs = readdirSync(audits).filter((d) => statSync(path.join(audits, d)).isDirectory());
    expect(dirs).toHaveLength(1);
    return path.join(audits, dirs[0]!);
  };
  const transcript = (rel = 'outputs/terminal-1.jsonl'): Record_[] =>
    readFileSync(path.join(bundleDir(), rel), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record_);

  beforeAll(async () => {
    local = Netns.create('pa-term-l');
    remote = Netns.create('pa-term-r');
    linkPair(local, remote);
    served = await serve(local.name, ['--audits', audits]);
    browser = await launchChromium(local.name);
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    local?.destroy();
    remote?.destroy();
  });

  it('starts an audit', async () => {
    await page.getByLabel('Site').fill('Lakeside water treatment');
    await page.getByLabel('Asset').fill('RTU gateway GW-3');
    await page.getByLabel('Auditor').fill('J. Field');
    await page.getByLabel('Tunnel interface').selectOption('ppp0');
    await page.getByLabel('Carrier interface').selectOption('ppp0');
    await expect.poll(() => page.getByLabel('Remote tunnel address').inputValue()).toBe('10.77.0.2');
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.getByRole('navigation', { name: 'Checklist' }).waitFor();
  });

  it('runs a command typed in the terminal and shows its output', async () => {
    await page.locator(`.step-item[data-step="identify-interfaces"]`).click();
    await page.locator('details.terminal-pane > summary').click();
    await expect.poll(screen, { timeout: 15_000 }).toContain('[audit terminal]');
    await expect.poll(() => page.getByTestId('terminal-warning').textContent()).toMatch(/not through the sudo-helper.*outputs\/terminal-1\.jsonl/);

    await page.locator('[data-testid="terminal-screen"]').click();
    await page.keyboard.type('ip -br link');
    await page.keyboard.press('Enter');
    await expect.poll(screen, { timeout: 15_000 }).toMatch(/ppp0@\S+\s+UP/);
    await page.locator('details.terminal-pane').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(REPO, 'docs', 'audit-terminal.png'), fullPage: true });
    // xterm.js runs under the renderer's CSP (no eval, inline styles only).
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });

  it('keeps both what was typed and what was printed in the bundle, timestamped', () => {
    const records = transcript();
    expect(records[0]).toMatchObject({ dir: 'meta', event: 'opened', origin: 'typed-by-hand' });
    expect(records[0]!.data).toMatch(/typed by hand.*not through the sudo-helper/);
    for (const r of records) expect(r.t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // xterm sends the keys one by one: the typed line is rebuilt, and each key is kept too.
    expect(records).toContainEqual(expect.objectContaining({ dir: 'line', data: 'ip -br link', approximate: false }));
    const typed = records.filter((r) => r.dir === 'in').map((r) => r.data).join('');
    expect(typed).toBe('ip -br link\r');
    const printed = records.filter((r) => r.dir === 'out').map((r) => r.data).join('');
    expect(printed).toMatch(/\nppp0@\S+\s+UP/);
  });

  it('pastes a step command into the prompt without running it', async () => {
    const before = transcript().length;
    const button = page.locator('.terminal-paste button').first();
    const command = (await button.getAttribute('aria-label'))!.replace(/^Paste (.*) into the terminal$/, '$1');
    expect(command).toMatch(/^ip /);
    await button.click();
    await expect.poll(async () => (await screen()).replace(/\s+/g, ' ')).toMatch(new RegExp(`[#$] ${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ?$`));
    await new Promise((r) => setTimeout(r, 500));
    const added = transcript().slice(before);
    expect(added).toContainEqual(expect.objectContaining({ dir: 'in', origin: 'paste-button' }));
    // Not entered: no line was run, and nothing but the echo of the paste came back.
    expect(added.filter((r) => r.dir === 'line')).toEqual([]);
    expect(added.filter((r) => r.dir === 'out').map((r) => r.data).join('')).not.toContain('"ifname"');
    await page.keyboard.press('Control+U');
  });

  it('keeps a password typed in the pane at a no-echo prompt out of the evidence', async () => {
    const secret = `pa-${Date.now().toString(36)}-secret`;
    await page.locator('[data-testid="terminal-screen"]').click();
    await page.keyboard.type("read -rs -p 'Password: ' PA_PW; echo; echo got-${#PA_PW}");
    await page.keyboard.press('Enter');
    // The prompt itself, on its own line (the echoed command also holds the word): typed before
    // the prompt turns echo off, a key would be kept as typed (see the README's security section).
    await expect.poll(screen, { timeout: 15_000 }).toMatch(/\nPassword: /);
    await page.keyboard.type(secret);
    await page.keyboard.press('Enter');
    await expect.poll(screen, { timeout: 15_000 }).toContain(`got-${secret.length}`);
    const text = readFileSync(path.join(bundleDir(), 'outputs/terminal-1.jsonl'), 'utf8');
    expect(text).not.toContain(secret);
    expect(transcript()).toContainEqual(expect.objectContaining({ dir: 'line', data: `[hidden input, ${secret.length} characters]` }));
    expect(transcript()[0]!.data).toMatch(/\[hidden input, N characters\]/);
  });

  it('ends the terminal when the audit is finished; the sealed manifest covers the transcript', async () => {
    await page.getByRole('tab', { name: /Findings/ }).click();
    await page.getByRole('button', { name: 'Finish and sign…' }).click();
    await page.getByRole('dialog', { name: 'Finish and sign' }).getByRole('button', { name: 'Sign and seal' }).click();
    // Signing prints the final report into the bundle before sealing it: a few seconds.
    await expect.poll(() => JSON.parse(readFileSync(path.join(bundleDir(), 'manifest.json'), 'utf8')).state, { timeout: 60_000 }).toBe('closed');
    const last = transcript().at(-1)!;
    expect(last).toMatchObject({ dir: 'meta', event: 'closed', data: 'the audit was finished' });
    const manifest = JSON.parse(readFileSync(path.join(bundleDir(), 'manifest.json'), 'utf8')) as { files: Array<{ path: string; appendOnly: boolean; size: number }> };
    const entry = manifest.files.find((f) => f.path === 'outputs/terminal-1.jsonl');
    expect(entry).toMatchObject({ appendOnly: true, size: statSync(path.join(bundleDir(), 'outputs/terminal-1.jsonl')).size });
  });
});
