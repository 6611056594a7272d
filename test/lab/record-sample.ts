// Re-records the sample audit shipped with the app (samples/lab-cleartext/): the headless CLI
// audit run as root inside the PPTP lab's client namespace while the `cleartext` scenario's
// tunnel (pptpd/pptp/pppd, MS-CHAPv2, no MPPE) is up. The bundle is copied as the guest wrote
// it (never edited: its manifest seals every file) and verified before it replaces the old one.
//
//   npm run build && npm run record-sample          # boots one UML guest, ~1-2 min
//
// Needs root and the lab's packages (see test/lab/README.md).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { SAMPLE_AUDIT_FOLDER, SAMPLE_AUDIT_LABEL } from '../../shared/model/sampleAudit';
import { LAB_DIR } from './boot';
import { scenario } from './lab';
import { LAB_ADDRESSES } from './scenarios';

const REPO = path.resolve(LAB_DIR, '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.cjs');
const SAMPLE_DIR = path.join(REPO, SAMPLE_AUDIT_FOLDER);
/** Capture and sampling window: long enough for real traffic in the capture, short enough to keep the pcap ~150 KB. */
const DURATION_S = '10';
const PING_COUNT = '30';

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? sizeOf(p) : statSync(p).size;
  }
  return total;
}

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);

const run = await scenario('cleartext', {
  fresh: true,
  guestCommands: [
    {
      ns: 'client',
      argv: [
        process.execPath, CLI, 'audit',
        '--iface', 'ppp0', '--carrier', 'cl0', '--remote', LAB_ADDRESSES.serverTunnel,
        '--site', SAMPLE_AUDIT_LABEL,
        '--asset', 'PPTP lab gateway (User-Mode Linux guest, scenario cleartext: no MPPE)',
        '--auditor', 'PPTP Auditor lab recorder',
        '--out', '{out}/audit', '--duration', DURATION_S, '--ping-count', PING_COUNT, '--no-pdf', '--json',
      ],
      out: 'audit-summary.json',
      timeoutSec: 300,
    },
  ],
});

const recorded = run.path('audit');
if (!existsSync(path.join(recorded, 'manifest.json'))) {
  throw new Error(`the guest wrote no bundle; see ${run.path('audit-summary.json')} and ${run.path('guest-console.log')}`);
}
const verify = spawnSync(process.execPath, [CLI, 'verify', recorded], { encoding: 'utf8' });
if (verify.status !== 0) throw new Error(`the recorded bundle does not verify:\n${verify.stdout}${verify.stderr}`);

rmSync(SAMPLE_DIR, { recursive: true, force: true });
cpSync(recorded, SAMPLE_DIR, { recursive: true });
const again = spawnSync(process.execPath, [CLI, 'verify', SAMPLE_DIR], { encoding: 'utf8' });
process.stdout.write(again.stdout);
if (again.status !== 0) throw new Error('the copied sample does not verify');

const summary = run.read('audit-summary.json');
const json = JSON.parse(summary.slice(summary.indexOf('{'), summary.lastIndexOf('}') + 1)) as {
  risk: string;
  findings: Array<{ severity: string; title: string }>;
};
process.stdout.write(`${path.relative(REPO, SAMPLE_DIR)}: ${(sizeOf(SAMPLE_DIR) / 1024).toFixed(0)} KiB, risk ${json.risk}\n`);
for (const f of json.findings) process.stdout.write(`  [${f.severity}] ${f.title}\n`);
