/**
 * Runs INSIDE the User-Mode-Linux guest, in the client namespace, while the scenario's PPTP
 * tunnel is up (or failing): the real backend (`pptp-auditor serve`) and the real renderer in
 * Debian's Chromium, driven like an auditor would, through all six steps. Writes what it saw
 * to the scenario's output folder on the host: gui-result.json, screenshots, the bundle.
 *   node gui-audit-driver.mjs <out-dir> <cli.cjs> <scenario> [build=<stamp>]  (the stamp only keys the lab cache)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright';

const [outDir, cli, name] = process.argv.slice(2) as [string, string, string];
const audits = path.join(outDir, 'gui-audits');
mkdirSync(audits, { recursive: true });
const log: string[] = [];
const note = (line: string) => {
  log.push(`${new Date().toISOString()} ${line}`);
  writeFileSync(path.join(outDir, 'gui-driver.log'), `${log.join('\n')}\n`);
};

// Every wait below is on a condition with a generous bound: Node and Chromium in UML are slow,
// slower still when the host is busy, and a bound only ends a run that is already broken.
const SERVE_TIMEOUT_MS = 240_000;
// UML cannot run V8's JIT nor Chromium's zygote: one jitless process.
const UML_CHROMIUM_FLAGS = ['--disable-dev-shm-usage', '--no-zygote', '--single-process', '--js-flags=--jitless'];
// A second jitless Chromium for the report printer did not finish printing in the guest (7 min,
// two runs): the backend runs without a printer here; the signed bundle is printed on the host.
const server = spawn(process.execPath, [cli, 'serve', '--audits', audits, '--no-print']);
let serverOut = '';
let serverErr = '';
server.stderr.on('data', (d: Buffer) => (serverErr += d.toString()));
const url = await new Promise<string>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`serve printed no URL in ${SERVE_TIMEOUT_MS / 1000} s: ${serverErr}`)), SERVE_TIMEOUT_MS);
  server.stdout.on('data', (d: Buffer) => {
    serverOut += d.toString(); // the URL may arrive split across chunks
    const m = /http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]+\//.exec(serverOut);
    if (m) {
      clearTimeout(timer);
      resolve(m[0]);
    }
  });
  server.on('exit', (code) => {
    clearTimeout(timer);
    reject(new Error(`serve exited ${code}: ${serverErr}`));
  });
});
note(`backend at ${url}`);

const browser = await chromium.launch({
  timeout: 300_000,
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', ...UML_CHROMIUM_FLAGS],
});
const result: { steps: Record<string, string | null>; findings: string[]; risk: string | null; error?: string } = { steps: {}, findings: [], risk: null };
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.setDefaultTimeout(240_000);
  await page.goto(url);
  await page.getByLabel('Site').fill(`Lab GUI ${name}`);
  await page.getByLabel('Auditor').fill('lab');
  // A failed scenario has no ppp0 to pick: name the down tunnel, as an auditor would.
  const tunnel = page.getByLabel('Tunnel interface');
  if ((await tunnel.locator('option[value="ppp0"]').count()) > 0) await tunnel.selectOption('ppp0');
  else {
    await tunnel.selectOption('__other__');
    await page.getByLabel('Other tunnel name').fill('ppp0');
  }
  await page.getByLabel('Carrier interface').selectOption('cl0');
  await page.getByLabel('Remote tunnel address').fill('192.168.47.1');
  await page.getByRole('button', { name: 'Start audit' }).click();
  await page.getByRole('navigation', { name: 'Checklist' }).waitFor();
  note('audit started');
  const steps: Array<[string, (() => Promise<void>) | null]> = [
    ['identify-interfaces', null],
    ['kernel-modules', null],
    ['throughput', () => page.getByLabel('Window (s)').fill('5')],
    ['capture', () => page.getByLabel('Window (s)').fill('6')],
    ['logs', null],
    ['latency', () => page.getByLabel('Echo requests').fill('40')],
  ];
  for (const [step, setup] of steps) {
    await page.locator(`.step-item[data-step="${step}"]`).click();
    await setup?.();
    // The site's own traffic while the capture runs (the auditor never generates it): from
    // before the click until the step is over, so the capture window holds traffic however
    // late tcpdump starts on a busy machine (a fixed count of pings could be over by then).
    const traffic = step === 'capture' ? spawn('ping', ['-n', '-q', '-i', '0.2', '-s', '1000', '192.168.47.1'], { stdio: 'ignore' }) : null;
    try {
      await page.getByRole('button', { name: /^(Run|Re-run)$/ }).click();
      await page.waitForFunction((s) => {
        const el = document.querySelector(`section[data-step="${s}"]`);
        const status = el?.getAttribute('data-status');
        return status === 'done' || status === 'failed-to-run' || status === 'skipped';
      }, step, { timeout: 480_000 });
    } finally {
      traffic?.kill('SIGTERM');
    }
    const section = page.locator(`section[data-step="${step}"]`);
    result.steps[step] = await section.locator('[data-testid="step-verdict"]').textContent();
    note(`step ${step}: ${result.steps[step]}`);
    if (step === 'capture') await page.screenshot({ path: path.join(outDir, 'gui-step-capture.png'), fullPage: true });
  }
  await page.getByRole('tab', { name: /Findings/ }).click();
  await page.locator('[data-finding]').first().waitFor();
  result.findings = await page.locator('[data-finding]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding') ?? ''));
  result.risk = await page.locator('.findings .panel-head .severity').textContent();
  await page.screenshot({ path: path.join(outDir, 'gui-findings.png'), fullPage: true });
  await page.getByRole('button', { name: 'Finish and sign…' }).click();
  await page.getByRole('dialog', { name: 'Finish and sign' }).getByRole('button', { name: 'Sign and seal' }).click();
  // Finished when the audit is signed and sealed.
  await page.getByTestId('audit-signed').waitFor({ timeout: 240_000 });
  note('audit finished');
} catch (error) {
  result.error = error instanceof Error ? error.message : String(error);
  note(`error: ${result.error}`);
} finally {
  writeFileSync(path.join(outDir, 'gui-result.json'), `${JSON.stringify(result, null, 2)}\n`);
  await browser.close();
  server.kill('SIGTERM');
}
