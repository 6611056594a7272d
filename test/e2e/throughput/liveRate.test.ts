import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { iperf, isRoot, linkPair, Netns, shape } from '../../lab/host/netns';
import { launchChromium } from '../support/browser';
import { serve, type Served } from '../support/serve';
import path from 'node:path';

const SHAPED_KBIT = 20_000;
const root = isRoot();

async function statsOf(page: Page, dir: 'rx' | 'tx') {
  const row = page.getByTestId(`stats-${dir}`);
  return {
    avgBps: Number(await row.getAttribute('data-avg-bps')),
    currentBps: Number(await row.getAttribute('data-current-bps')),
    totalBytes: Number(await row.getAttribute('data-total-bytes')),
    avgText: (await page.getByTestId(`${dir}-avg`).textContent()) ?? '',
  };
}

function parseShownRate(text: string): number {
  const m = /([\d.]+) (bit|kbit|Mbit|Gbit)\/s/.exec(text);
  if (!m) throw new Error(`no rate in ${text}`);
  const scale = { bit: 1, kbit: 1e3, Mbit: 1e6, Gbit: 1e9 }[m[2] as 'bit'];
  return Number(m[1]) * scale;
}

/**
 * The real backend samples a veth named ppp0 inside a namespace while iperf3 pushes traffic
 * through a tbf-shaped link; the real renderer in headless Chromium draws it. What the screen
 * shows must agree with the kernel's own counters, read independently, over the same window.
 */
describe.skipIf(!root)('live throughput, end to end', () => {
  let local: Netns;
  let remote: Netns;
  let served: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    local = Netns.create('pa-e2e-l');
    remote = Netns.create('pa-e2e-r');
    linkPair(local, remote);
    shape(local, 'ppp0', SHAPED_KBIT);
    served = await serve(local.name);
    browser = await launchChromium(local.name);
    page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(served.url);
    await page.getByRole('tab', { name: 'Live throughput' }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    local?.destroy();
    remote?.destroy();
  });

  it('lists ppp0 first and draws its rate within 2 % of the kernel counters', async () => {
    await page.locator('[data-iface="ppp0"]').waitFor();
    const first = await page.locator('.iface').first().getAttribute('data-iface');
    expect(first).toBe('ppp0');
    await page.locator('[data-iface="ppp0"]').click();

    const traffic = iperf(remote, local, '10.77.0.2', 14);
    await page.waitForTimeout(3000); // let TCP reach the shaped rate before measuring
    const k0 = { t: Date.now(), tx: local.readCounter('ppp0', 'tx_bytes') };
    await page.getByRole('button', { name: /^Start/ }).click();
    await page.waitForTimeout(9000);
    const ui = await statsOf(page, 'tx');
    const k1 = { t: Date.now(), tx: local.readCounter('ppp0', 'tx_bytes') };
    await page.screenshot({ path: path.join(__dirname, '../../../docs/throughput-live.png') });
    await traffic;

    const kernelBps = ((k1.tx - k0.tx) * 8 * 1000) / (k1.t - k0.t);
    expect(kernelBps).toBeGreaterThan(SHAPED_KBIT * 1000 * 0.8);
    expect(Math.abs(ui.avgBps - kernelBps) / kernelBps).toBeLessThan(0.02);
    // What the auditor reads (rounded text) is the same figure.
    expect(Math.abs(parseShownRate(ui.avgText) - ui.avgBps) / ui.avgBps).toBeLessThan(0.01);
    const points = Number(await page.getByTestId('live-chart').getAttribute('data-points'));
    expect(points).toBeGreaterThan(10);
  }, 60_000);
});
