import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { isRoot } from '../../lab/host/netns';
import { startSshGateway, type SshGateway } from '../../support/sshd';
import { launchChromium } from '../support/browser';
import { CLI, serve, type Served } from '../support/serve';
import { runCollect as run } from '../../support/runCollect';

const SHOTS = process.env.PA_SHOTS_DIR ?? path.join(tmpdir(), 'pa-shots-tgui');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** A login password typed into the chooser: it must reach neither the profiles file nor the browser's storage. */
const TYPED_PASSWORD = 'NotSaved-Pw-9q';

/**
 * The auditor's laptop audits a Linux gateway over SSH through the GUI: the real renderer in
 * headless Chromium, the real backend (`serve`), a real OpenSSH server in a namespace whose ppp0
 * is a veth. known_hosts starts empty (a fresh file), so the first contact shows the key.
 */
describe.skipIf(!isRoot())('gateway targets in the GUI', () => {
  let gw: SshGateway;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const work = mkdtempSync(path.join(tmpdir(), 'pa-tgui-'));
  const audits = path.join(work, 'audits');
  /** Beside the audits folder (electron/remote/targetProfiles). */
  const profilesFile = path.join(work, 'target-profiles.json');
  const knownHosts = path.join(work, 'known_hosts');
  const target = () => `ssh://root@${gw.host}:${gw.port}`;
  const badge = () => page.getByRole('status', { name: 'Where the audit runs' });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(audits);
    gw = await startSshGateway('pa-tg');
    served = await serve(undefined, ['--audits', audits]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(served.url);
    await badge().waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    gw?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('says a malformed target beside the field, in plain words, before anything is sent', async () => {
    expect(await badge().textContent()).toContain('This machine');
    await page.getByRole('radio', { name: 'A gateway over SSH' }).check();
    await page.getByLabel('SSH target').fill('root@' + gw.host);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const field = page.locator('label', { has: page.getByLabel('SSH target') }).locator('.field-error');
    expect(await field.textContent()).toBe(`SSH target "root@${gw.host}": expected ssh://USER@HOST[:PORT].`);
    await page.getByLabel('SSH target').fill(target());
    await page.getByLabel('Private key file').fill(gw.identityFile);
    await shot(page, 'chooser');
  });

  it('saves a profile of the gateway that holds no password', async () => {
    await page.getByLabel('Login password').fill(TYPED_PASSWORD);
    await page.getByRole('button', { name: 'Save as profile…' }).click();
    await page.getByLabel('Profile name').fill('Lakeside GW-3');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => existsSync(profilesFile)).toBe(true);
    const text = readFileSync(profilesFile, 'utf8');
    expect(text).not.toContain(TYPED_PASSWORD);
    const saved = JSON.parse(text) as Array<Record<string, unknown>>;
    expect(saved).toEqual([{ name: 'Lakeside GW-3', target: target(), identityFile: gw.identityFile, knownHostsFile: null }]);
    expect(await page.getByLabel('Saved gateways').inputValue()).toBe('Lakeside GW-3');
    // Nor is it kept by the browser with the form's other values.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(TYPED_PASSWORD);
  });

  it('refuses a gateway whose key differs from the one known_hosts pins, without offering to trust it', async () => {
    const other = path.join(work, 'other_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const wrong = path.join(work, 'known_hosts.wrong');
    const pub = readFileSync(`${other}.pub`, 'utf8').trim().split(/\s+/);
    writeFileSync(wrong, `${gw.host} ${pub[0]} ${pub[1]}\n`);
    await page.getByLabel('known_hosts file').fill(wrong);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByTestId('target-error').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('dialog', { name: 'Unknown host key' }).count()).toBe(0);
    expect(await badge().getAttribute('data-state')).toBe('local');
    expect(readFileSync(wrong, 'utf8')).toBe(`${gw.host} ${pub[0]} ${pub[1]}\n`);
  }, 60_000);

  it('shows an unknown gateway key for the auditor to compare, and connects once it is trusted', async () => {
    await page.getByLabel('known_hosts file').fill(knownHosts);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Unknown host key' });
    await dialog.waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('host-key-fingerprint').textContent()).toBe(gw.fingerprint);
    expect(await dialog.getByTestId('host-key-type').textContent()).toBe('ssh-ed25519');
    expect(await dialog.textContent()).toContain('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    expect(await badge().getAttribute('data-state')).toBe('local');
    await shot(page, 'fingerprint-dialog');

    await dialog.getByRole('button', { name: 'They match: trust and connect' }).click();
    await page.locator('.target-badge[data-state="connected"]').waitFor({ timeout: 30_000 });
    expect(await badge().textContent()).toBe(`${target()} connected (${gw.fingerprint} pinned)`);
    expect(await page.locator('.privileges[data-where="gateway"]').textContent()).toContain('root on the gateway');
    // The password was used by that connect and is gone from the form.
    expect(await page.getByLabel('Login password').inputValue()).toBe('');
    // Trusted means pinned: the key is now in the auditor's known_hosts.
    const pinned = readFileSync(knownHosts, 'utf8');
    expect(pinned).toContain(gw.host);
    expect(pinned).toContain('ssh-ed25519');
    await shot(page, 'connected-header');
  }, 60_000);

  it("lists the gateway's interfaces in the tunnel picker and starts the audit there", async () => {
    // lan0 is the gateway's own leg to this machine: only a list read on the gateway has it.
    await expect.poll(async () => (await page.getByLabel('Tunnel interface').locator('option').allTextContents()).join(' '), { timeout: 30_000 }).toMatch(/ppp0 \(tunnel\)/);
    expect((await page.getByLabel('Carrier interface').locator('option').allTextContents()).join(' ')).toContain('lan0');
    await page.getByLabel('Site').fill('Remote site');
    await page.getByLabel('Tunnel interface').selectOption('ppp0');
    await page.getByLabel('Carrier interface').selectOption('ppp0');
    await expect.poll(() => page.getByLabel('Remote tunnel address').inputValue()).toBe('10.77.0.2');
    await page.getByLabel('Link capacity').fill('100');
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.getByRole('navigation', { name: 'Checklist' }).waitFor();
    expect(await page.getByTestId('audit-where').textContent()).toBe(`runs on ${target()}`);
  });

  it('runs the six steps on the gateway and finds what the CLI finds there', async () => {
    const runStep = async (step: string, setup?: () => Promise<void>) => {
      await page.locator(`.step-item[data-step="${step}"]`).click();
      await setup?.();
      await page.getByRole('button', { name: /^(Run|Re-run)$/ }).click();
      await page.locator(`section[data-step="${step}"]:not([data-status="running"]):not([data-status="pending"])`).waitFor({ timeout: 90_000 });
      return page.locator(`section[data-step="${step}"]`).getAttribute('data-status');
    };
    expect(await runStep('identify-interfaces')).toBe('done');
    await runStep('kernel-modules');
    expect(await runStep('throughput', () => page.getByLabel('Window (s)').fill('5'))).toBe('done');
    expect(await runStep('capture', () => page.getByLabel('Window (s)').fill('5'))).toBe('done');
    expect(await runStep('logs')).toBe('done');
    expect(await runStep('latency', () => page.getByLabel('Echo requests').fill('10'))).toBe('done');
    await shot(page, 'audit-on-gateway');

    await page.getByRole('tab', { name: /Findings/ }).click();
    await page.locator('[data-finding]').first().waitFor();
    const gui = [...new Set(await page.locator('[data-finding]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding'))))].sort();

    // The same gateway audited by the CLI (test/integration/remote/remoteAudit.test.ts proves
    // that equals a local audit there): same rules.
    const cli = await run([
      process.execPath, CLI, 'audit', '--target', target(), '--identity', gw.identityFile, '--known-hosts', gw.knownHostsFile,
      '--iface', 'ppp0', '--carrier', 'ppp0', '--remote', '10.77.0.2', '--site', 'Remote site', '--duration', '5', '--ping-count', '10',
      '--link-speed', '100', '--no-pdf', '--json', '--out', path.join(work, 'cli-audit'),
    ]);
    expect([0, 3], cli.stderr).toContain(cli.status);
    const expected = [...new Set((JSON.parse(cli.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId))].sort();
    expect(gui).toEqual(expected);
    // It judged the gateway's chap-secrets (planted weak secrets), which this machine does not have.
    expect(gui.some((r) => r?.startsWith('chap-secrets-weak'))).toBe(true);
    await page.getByRole('tab', { name: 'Guided audit' }).click();
  }, 300_000);

  it('shows a lost connection in the header, and its recovery', async () => {
    gw.killConnections();
    await page.locator('.target-badge[data-state="reconnecting"], .target-badge[data-state="lost"]').waitFor({ timeout: 30_000 });
    expect(await badge().textContent()).toMatch(new RegExp(`^${target().replace(/[.]/g, '\\.')} connection lost — reconnect`));
    expect(await page.locator('.privileges[data-where="gateway"]').textContent()).toContain('once reconnected');
    await shot(page, 'connection-lost');
    // The next use re-opens it: re-run step 1, then the header is connected again.
    await page.locator('.step-item[data-step="identify-interfaces"]').click();
    await page.getByRole('button', { name: /^(Run|Re-run)$/ }).click();
    await page.locator('.target-badge[data-state="connected"]').waitFor({ timeout: 60_000 });
    expect(await badge().textContent()).toBe(`${target()} connected (${gw.fingerprint} pinned)`);
  }, 120_000);
});
