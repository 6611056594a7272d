import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright';
import type { ThroughputSample } from '../../../shared/model/throughput';
import { iperf, isRoot, linkPair, Netns, shape } from '../../lab/host/netns';
import { launchChromium } from '../support/browser';
import { CLI, serve, type Served } from '../support/serve';

const SHAPED_KBIT = 8_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** pppd destroys ppp0 on every reconnect and creates a new one with fresh counters. */
function recreate(local: Netns): void {
  local.ip('link', 'del', 'ppp0');
}

function bringBack(local: Netns, remote: Netns): void {
  linkPair(local, remote);
  shape(local, 'ppp0', SHAPED_KBIT);
}

describe.skipIf(!isRoot())('ppp0 re-created mid-sampling', () => {
  let local: Netns;
  let remote: Netns;

  beforeAll(() => {
    local = Netns.create('pa-rc-l');
    remote = Netns.create('pa-rc-r');
    bringBack(local, remote);
  });

  afterAll(() => {
    local?.destroy();
    remote?.destroy();
  });

  it('watch --json: gap samples with null rates, no phantom spike, resumes by itself', async () => {
    // Until SIGTERM, not for a fixed --duration: each phase below waits on what watch printed,
    // so a loaded machine (slow Node start, slow iperf) cannot make it end too early.
    const child = spawn('ip', ['netns', 'exec', local.name, process.execPath, CLI, 'watch', '--iface', 'ppp0', '--json', '--interval', '0.2']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const done = new Promise<number | null>((r) => child.on('exit', r));
    const printed = (needle: string, times = 1) =>
      vi.waitFor(() => expect(out.split(needle).length - 1).toBeGreaterThanOrEqual(times), { timeout: 30_000, interval: 100 });
    await printed('"gapReason":"start"');
    await iperf(remote, local, '10.77.0.2', 3);
    recreate(local);
    await printed('"present":false', 3);
    bringBack(local, remote);
    await printed('"gapReason":"returned"');
    await iperf(remote, local, '10.77.0.2', 3);
    child.kill('SIGTERM');
    expect(await done).toBe(0);

    const samples = out.trim().split('\n').map((l) => JSON.parse(l) as ThroughputSample);
    const reasons = samples.map((s) => s.gapReason).filter(Boolean);
    expect(reasons).toEqual(['start', 'vanished', 'returned']);
    for (const s of samples) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['t', 'iface', 'ifindex', 'rxBps', 'txBps', 'rxBytes', 'txBytes', 'gap']));
      if (s.gap) expect([s.rxBps, s.txBps]).toEqual([null, null]);
    }
    const absent = samples.filter((s) => !s.present);
    expect(absent.length).toBeGreaterThanOrEqual(3);
    const before = samples.find((s) => s.gapReason === 'start')!.ifindex;
    const after = samples.find((s) => s.gapReason === 'returned')!.ifindex;
    expect(after).not.toBe(before);
    // No rate ever exceeds what the shaped link can carry: no phantom spike from the reset.
    const maxTx = Math.max(...samples.map((s) => s.txBps ?? 0));
    expect(maxTx).toBeLessThan(SHAPED_KBIT * 1000 * 1.25);
    // Sampling resumed with real rates after the return.
    const resumed = samples.slice(samples.findIndex((s) => s.gapReason === 'returned') + 1);
    expect(resumed.some((s) => (s.txBps ?? 0) > SHAPED_KBIT * 1000 * 0.5)).toBe(true);
  }, 60_000);

  describe('in the renderer', () => {
    let served: Served;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      served = await serve(local.name);
      browser = await launchChromium(local.name);
      page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
      await page.goto(served.url);
    await page.getByRole('tab', { name: 'Live throughput' }).click();
    });

    afterAll(async () => {
      await browser?.close();
      await served?.stop();
    });

    it('shows the gap, the interface down, then live again with no spike', async () => {
      await page.locator('[data-iface="ppp0"]').click();
      await page.getByLabel('Interval').selectOption('200');
      await page.getByRole('button', { name: /^Start/ }).click();
      await iperf(remote, local, '10.77.0.2', 3);
      recreate(local);
      await page.getByText('ppp0 is down — waiting for it to return').waitFor({ timeout: 30_000 });
      await sleep(800);
      bringBack(local, remote);
      await iperf(remote, local, '10.77.0.2', 3);
      await page.getByTestId('iface-state').filter({ hasText: /^ifindex \d+$/ }).waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(__dirname, '../../../docs/throughput-recreated.png') });

      const gaps = Number(await page.getByLabel('Statistics').getAttribute('data-gaps'));
      expect(gaps).toBe(3); // start, vanished, returned
      expect(Number(await page.getByTestId('live-chart').getAttribute('data-gap-spans'))).toBe(1);
      const maxText = await page.getByTestId('stats-tx').locator('td').nth(3).textContent();
      const max = Number(/([\d.]+) Mbit\/s/.exec(maxText ?? '')?.[1]);
      expect(max).toBeLessThan((SHAPED_KBIT / 1000) * 1.25);
      expect(max).toBeGreaterThan((SHAPED_KBIT / 1000) * 0.5);
    }, 60_000);
  });
});
