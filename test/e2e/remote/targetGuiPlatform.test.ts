import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { isRoot } from '../../lab/host/netns';
import { launchChromium } from '../support/browser';
import { serve, type Served } from '../support/serve';

const SHOTS = process.env.PA_SHOTS_DIR ?? path.join(tmpdir(), 'pa-shots-tgui');
const REASON = 'this machine runs Windows';

/**
 * The GUI on a laptop that cannot run the collectors (Windows, macOS). This machine is Linux, so
 * the real backend's answer is rewritten on the loopback WebSocket in exactly one field:
 * `target.state.local` says what a Windows backend says. Everything else is the real backend.
 */
describe.skipIf(!isRoot())('the start form on a laptop whose collectors cannot run', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const work = mkdtempSync(path.join(tmpdir(), 'pa-tgui-os-'));
  /** Every channel the page called, in order (one socket: the order they were sent). */
  const sent: string[] = [];

  beforeAll(async () => {
    served = await serve(undefined, ['--audits', path.join(work, 'audits')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.routeWebSocket(/^ws:\/\/127\.0\.0\.1:/, (ws) => {
      const server = ws.connectToServer();
      const stateRequests = new Set<number>();
      const asOnWindows = (state: { local: unknown }) => ({ ...state, local: { supported: false, reason: REASON } });
      ws.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { id: number; channel: string };
        sent.push(frame.channel);
        if (frame.channel === 'target.state' || frame.channel === 'target.disconnect') stateRequests.add(frame.id);
        server.send(message);
      });
      server.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { kind: string; id?: number; channel?: string; envelope?: { ok: boolean; value?: { local: unknown } }; payload?: { local: unknown } };
        if (frame.kind === 'reply' && stateRequests.has(frame.id!) && frame.envelope?.ok) frame.envelope.value = asOnWindows(frame.envelope.value!);
        if (frame.kind === 'push' && frame.channel === 'target.state') frame.payload = asOnWindows(frame.payload!);
        ws.send(JSON.stringify(frame));
      });
    });
    await page.goto(served.url);
    await page.getByRole('status', { name: 'Where the audit runs' }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('says plainly that the collectors run on Linux only, and offers the gateway or the offline analysis', async () => {
    const note = page.getByTestId('local-unsupported');
    await note.waitFor();
    expect(await note.textContent()).toContain('The collectors run on Linux only.');
    expect(await note.textContent()).toContain(REASON);
    expect(await note.textContent()).toContain('pptp-auditor analyze');
    await page.screenshot({ path: path.join(SHOTS, 'local-unsupported.png'), fullPage: true });

    // Starting on this machine anyway is refused before any request, in words.
    // Every field valid, so only the choice of machine stands between the click and an audit.
    await page.getByLabel('Site').fill('Lakeside water treatment');
    await page.getByLabel('Tunnel interface').selectOption('__other__');
    await page.getByLabel('Other tunnel name').fill('ppp9');
    await page.getByLabel('Carrier interface').selectOption({ index: 1 });
    await page.getByLabel('Remote tunnel address').fill('192.0.2.2');
    const before = sent.length;
    await page.getByRole('button', { name: 'Start audit' }).click();
    expect(await page.getByTestId('where-error').textContent()).toContain('choose a gateway over SSH');
    expect(await page.locator('.field-error').count()).toBe(0);
    // A call made after the click arrives after anything the click sent: no audit.start among them.
    await note.getByRole('button', { name: 'Open earlier audits' }).click();
    await expect.poll(() => sent.slice(before).includes('audits.list')).toBe(true);
    expect(sent).not.toContain('audit.start');
    await page.getByRole('tab', { name: 'Guided audit' }).click();

    await note.getByRole('button', { name: 'Audit a gateway over SSH' }).click();
    expect(await page.getByRole('radio', { name: 'A gateway over SSH' }).isChecked()).toBe(true);
    await page.getByLabel('SSH target').waitFor();
    // And on a gateway not yet connected, it says to connect first.
    await page.getByRole('button', { name: 'Start audit' }).click();
    expect(await page.getByTestId('where-error').textContent()).toContain('Connect to the gateway first');
  });
});
