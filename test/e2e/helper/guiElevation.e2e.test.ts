import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { stageBuiltApp } from './buildHelper';
import { createTestUser, type TestUser } from './testUser';
import { launchChromium } from '../support/browser';
import { REPO } from '../support/serve';

const isRoot = process.getuid?.() === 0;

/**
 * `pptp-auditor serve` run by an unprivileged user, so the GUI has to start the helper. The
 * app is a staged copy of dist/ (see stageBuiltApp): the user may not reach the checkout.
 */
function serveAs(user: TestUser, cli: string, audits: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn('/usr/sbin/runuser', ['-u', user.name, '--', process.execPath, cli, 'serve', '--audits', audits], {
    env: { PATH: '/usr/bin:/bin', HOME: `/home/${user.name}`, USER: user.name },
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      const url = /http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]+\//.exec(d.toString())?.[0];
      if (url) resolve({ url, child });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

describe.skipIf(!isRoot)('starting the sudo-helper from the GUI', () => {
  let user: TestUser;
  let served: { url: string; child: ChildProcess };
  let browser: Browser;
  let page: Page;
  const work = mkdtempSync('/tmp/pa-gui-elev-');
  let app: ReturnType<typeof stageBuiltApp>;

  beforeAll(async () => {
    app = stageBuiltApp();
    // The app finds its helper beside its own bundle; sudo may run exactly that one.
    user = createTestUser('pa-gui-elev', `${process.execPath} ${app.helper} *`);
    chmodSync(work, 0o755);
    chownSync(work, user.uid, user.uid);
    served = await serveAs(user, app.cli, work);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 700 } });
    await page.goto(served.url);
  });

  afterAll(async () => {
    await browser?.close();
    served?.child.kill('SIGTERM');
    user?.remove();
    rmSync(work, { recursive: true, force: true });
    if (app) rmSync(app.dir, { recursive: true, force: true });
  });

  it('refuses a wrong password with a clear message and stays unprivileged', async () => {
    await page.locator('.privileges[data-mode="unprivileged"]').waitFor();
    await page.getByRole('button', { name: 'Start helper…' }).click();
    await page.getByLabel('sudo password').fill('not-the-password');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.locator('.priv-message').waitFor({ timeout: 30_000 });
    expect(await page.locator('.priv-message').textContent()).toMatch(/password/i);
    expect(await page.locator('.privileges').getAttribute('data-mode')).toBe('unprivileged');
  }, 60_000);

  it('starts the helper with the right password; the password never reaches the page again', async () => {
    await page.getByRole('button', { name: 'Start helper…' }).click();
    await page.getByLabel('sudo password').fill(user.password);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.locator('.privileges[data-mode="helper"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.privileges').textContent()).toContain('privileged helper (sudo)');
    expect(await page.content()).not.toContain(user.password);
    await page.screenshot({ path: path.join(REPO, 'docs', 'privileged-helper.png') });
  }, 60_000);
});
