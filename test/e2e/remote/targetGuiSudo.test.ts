import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { isRoot } from '../../lab/host/netns';
import { startSshGateway, type SshGateway } from '../../support/sshd';
import { launchChromium } from '../support/browser';
import { serve, type Served } from '../support/serve';

const SHOTS = process.env.PA_SHOTS_DIR ?? path.join(tmpdir(), 'pa-shots-tgui-sudo');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** The auditor account's password on the gateway: what its sudo REQUIRES (no NOPASSWD there). */
const SUDO_PASSWORD = 'Gui-Sudo-4hNc#never-kept';
const WRONG_PASSWORD = 'Wrong-Gui-2pDz';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * sudo on a gateway from the header: a non-root SSH account whose sudo asks for its password
 * (Debian's sshd in a namespace), the real renderer in headless Chromium, the real backend
 * (`serve`). The one password dialog takes sudo's password; the header follows the gateway's
 * privilege; a gateway audit's step view says where a blocked step lacks privilege and where
 * its terminal runs.
 */
describe.skipIf(!isRoot())('sudo on a gateway from the GUI header', () => {
  let gw: SshGateway;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const work = mkdtempSync(path.join(tmpdir(), 'pa-tgs-'));
  const audits = path.join(work, 'audits');
  const target = () => `ssh://auditor@${gw.host}:${gw.port}`;
  const privileges = () => page.locator('.privileges[data-where="gateway"]');
  const dialog = () => page.getByRole('form', { name: `sudo on the gateway ${target()}` });
  const auditDir = () => readdirSync(audits).map((n) => path.join(audits, n)).find((p) => statSync(p).isDirectory())!;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(audits);
    gw = await startSshGateway('pa-tgs', { auditor: { password: SUDO_PASSWORD } });
    served = await serve(undefined, ['--audits', audits]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(served.url);
    await page.getByRole('status', { name: 'Where the audit runs' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    gw?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('connects as a non-root account and shows the gateway unprivileged in the header', async () => {
    await page.getByRole('radio', { name: 'A gateway over SSH' }).check();
    await page.getByLabel('SSH target').fill(target());
    await page.getByLabel('Private key file').fill(gw.auditor!.identityFile);
    await page.getByLabel('known_hosts file').fill(gw.knownHostsFile);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.locator('.target-badge[data-state="connected"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => privileges().getAttribute('data-mode')).toBe('none');
    expect(await privileges().textContent()).toContain('unprivileged on the gateway');
    await shot(page, 'gateway-unprivileged');
  }, 60_000);

  it("a gateway audit's blocked step says privilege is missing on the gateway, and how to give it there", async () => {
    await expect.poll(async () => (await page.getByLabel('Tunnel interface').locator('option').allTextContents()).join(' '), { timeout: 30_000 }).toMatch(/ppp0 \(tunnel\)/);
    await page.getByLabel('Site').fill('Sudo site');
    await page.getByLabel('Tunnel interface').selectOption('ppp0');
    await page.getByLabel('Carrier interface').selectOption('ppp0');
    await expect.poll(() => page.getByLabel('Remote tunnel address').inputValue()).toBe('10.77.0.2');
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.getByRole('navigation', { name: 'Checklist' }).waitFor();
    await page.locator('.step-item[data-step="capture"]').click();
    const blocked = page.locator('section[data-step="capture"] .error[role="alert"]');
    expect(await blocked.textContent()).toBe(`Blocked: root or sudo on the gateway (${target()}) — connect as root, or give sudo's password in the header`);
    expect(await blocked.textContent()).not.toContain('sudo -v');
    await shot(page, 'gateway-step-blocked');
  }, 60_000);

  it('a wrong password keeps the one sudo dialog open, emptied, with sudo’s one line', async () => {
    await privileges().getByRole('button', { name: 'sudo password…' }).click();
    await dialog().getByLabel('sudo password').fill(WRONG_PASSWORD);
    await dialog().getByRole('button', { name: 'Use' }).click();
    await dialog().getByTestId('password-error').waitFor({ timeout: 30_000 });
    expect(await dialog().getByTestId('password-error').textContent()).toBe('sudo on the gateway refused the password (or auditor may not use sudo)');
    expect(await dialog().getByLabel('sudo password').inputValue()).toBe('');
    expect(await privileges().getAttribute('data-mode')).toBe('none');
    await shot(page, 'gateway-sudo-wrong');
  }, 60_000);

  it('the right password shows sudo on the gateway in the header, empties the field and unblocks the step', async () => {
    await dialog().getByLabel('sudo password').fill(SUDO_PASSWORD);
    await dialog().getByRole('button', { name: 'Use' }).click();
    await expect.poll(() => privileges().getAttribute('data-mode'), { timeout: 30_000 }).toBe('sudo-password');
    expect(await privileges().textContent()).toContain('sudo on the gateway (password given)');
    // The dialog is gone with what was typed in it; no password field holds it any more.
    expect(await dialog().count()).toBe(0);
    const fields = await page.locator('input[type="password"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(fields.filter((v) => v !== '')).toEqual([]);
    await expect.poll(() => page.locator('section[data-step="capture"] .error[role="alert"]').count()).toBe(0);
    await shot(page, 'gateway-sudo-given');
    // The step runs on the gateway as root now.
    await page.getByLabel('Window (s)').fill('5');
    await page.getByRole('button', { name: /^(Run|Re-run)$/ }).click();
    await page.locator('section[data-step="capture"]:not([data-status="running"]):not([data-status="pending"])').waitFor({ timeout: 90_000 });
    expect(await page.locator('section[data-step="capture"]').getAttribute('data-status')).toBe('done');
  }, 150_000);

  it("the step's terminal says it runs on this machine, not on the gateway, and its transcript says so too", async () => {
    const place = `this terminal runs on this machine (the auditor's laptop), not on the gateway ${target()}`;
    const pane = page.locator('details.terminal-pane');
    expect(await pane.locator('summary').textContent()).toBe('Terminal (this machine, not the gateway)');
    await pane.locator('summary').click();
    expect((await pane.getByTestId('terminal-place').textContent())?.toLowerCase()).toContain(place.toLowerCase());
    // The step's commands are the gateway's: none is offered for pasting into this machine's shell.
    await pane.locator('.terminal-screen').waitFor();
    expect(await pane.getByText('Paste into the prompt').count()).toBe(0);
    const transcript = path.join(auditDir(), 'outputs', 'terminal-1.jsonl');
    await expect.poll(() => existsSync(transcript), { timeout: 30_000 }).toBe(true);
    const opened = JSON.parse(readFileSync(transcript, 'utf8').split('\n')[0]!) as { event: string; data: string; runsOn: string; auditGateway: string };
    expect(opened).toMatchObject({ event: 'opened', runsOn: 'this-machine', auditGateway: target() });
    expect(opened.data).toContain(place);
    await shot(page, 'gateway-terminal-label');
  }, 60_000);

  it('the passwords are in no bundle file', () => {
    const files = filesUnder(auditDir());
    expect(files.length).toBeGreaterThan(3);
    for (const password of [SUDO_PASSWORD, WRONG_PASSWORD]) {
      for (const f of files) expect(readFileSync(f).includes(password), f).toBe(false);
    }
  });
});
