// Copies a curated set of each scenario's artefacts into test/fixtures/lab/<scenario>/
// (the committed REAL fixtures unit tests parse). Boots the guest only for
// scenarios not already cached.
//   npx tsx test/lab/export-fixtures.ts                     # scenarios with no fixture folder yet
//   npx tsx test/lab/export-fixtures.ts --force healthy     # replace an existing folder
// Existing folders are kept unless --force: other helpers' unit tests pin exact
// values (times, pids, byte counts) of the committed runs.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { LAB_DIR } from './boot';
import { scenarios } from './lab';
import { isScenarioName, SCENARIOS } from './scenarios';

export const FIXTURES_DIR = path.resolve(LAB_DIR, '..', 'fixtures', 'lab');

/** Files worth committing; run logs of the lab machinery itself stay out. */
const KEEP = [
  /^capture(-nat-outside)?\.pcap$/,
  /^(client|server)-pppd\.log$/,
  /^syslog\.txt$/,
  /^(client|server|nat)-ip-addr-[a-z0-9-]+\.(json|txt)$/,
  /^(client|server|nat)-proc-net-dev-[a-z0-9-]+\.txt$/,
  /^(client|server|nat)-(iptables-save|nft-ruleset)\.txt$/,
  /^(client|server|nat)-conntrack\.txt$/,
  /^(client|server|nat)-iptables-counters\.txt$/,
  /^killed-pptp\.txt$/,
  /^proc-modules\.txt$/,
  /^lsmod\.txt$/,
  /^sysctl-nf_conntrack_helper\.txt$/,
  /^ping-[a-z0-9-]+\.txt$/,
  /^iperf3-[a-z0-9-]+\.json$/,
  /^tc-[a-z0-9-]+\.txt$/,
  /^chap-secrets$/,
  /^options\.pptpd$/,
  /^pptpd\.conf$/,
  /^peer-lab\.options$/,
  /^dmesg\.txt$/,
  /^scenario\.json$/,
];

const MAX_FILE_BYTES = 2 * 1024 * 1024;

const args = process.argv.slice(2);
const force = args.includes('--force');
const wanted = args.filter((a) => a !== '--force');
for (const w of wanted) if (!isScenarioName(w)) throw new Error(`unknown scenario ${w}`);
const names = (wanted.length > 0 ? wanted : [...SCENARIOS]).filter((n) => {
  const exists = existsSync(path.join(FIXTURES_DIR, n));
  if (exists && !force) console.log(`${n.padEnd(24)} kept (exists; --force replaces it)`);
  return force || !exists;
});
const runs = await scenarios(names);
for (const [name, run] of runs) {
  const dest = path.join(FIXTURES_DIR, name);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  let total = 0;
  for (const file of readdirSync(run.dir)) {
    if (!KEEP.some((re) => re.test(file))) continue;
    const size = statSync(run.path(file)).size;
    if (size > MAX_FILE_BYTES) {
      console.warn(`${name}/${file}: ${size} bytes, too large, skipped`);
      continue;
    }
    copyFileSync(run.path(file), path.join(dest, file));
    total += size;
  }
  console.log(
    `${name.padEnd(24)} ${(total / 1024).toFixed(0)} KiB -> ${path.relative(process.cwd(), dest)}`,
  );
}
