// Run lab scenarios by hand:
//   npx tsx test/lab/run.ts healthy                 # one scenario, one boot
//   npx tsx test/lab/run.ts healthy cleartext --out /tmp/x   # several in ONE boot
//   npx tsx test/lab/run.ts all                     # every scenario, one boot
//   npx tsx test/lab/run.ts healthy --cmd client:out.txt -- node /work/main/dist/cli.cjs --help
//   npx tsx test/lab/run.ts link-flap --cmd-bg client:w.txt -- node /work/main/dist/cli.cjs watch --iface ppp0 --duration 15
// Prints where the artefacts are and how long each scenario took.
import path from 'node:path';
import { bootLab, type GuestCommand } from './boot';
import {
  GUEST_NAMESPACES,
  isScenarioName,
  SCENARIOS,
  type GuestNamespace,
  type ScenarioName,
} from './scenarios';

function usage(msg: string): never {
  console.error(
    `${msg}\nusage: tsx test/lab/run.ts <scenario...|all> [--out DIR] [--cmd|--cmd-bg NS:FILE -- ARGV...]`,
  );
  console.error(`scenarios: ${SCENARIOS.join(', ')}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const names: ScenarioName[] = [];
let outDir = path.resolve('.tmp', 'lab-run', new Date().toISOString().replace(/[:.]/g, '-'));
let cmd: GuestCommand | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i] ?? '';
  if (a === '--out') outDir = path.resolve(args[++i] ?? usage('--out needs a folder'));
  else if (a === '--cmd' || a === '--cmd-bg') {
    const spec = args[++i] ?? usage(`${a} needs NS:FILE`);
    const [ns, out] = spec.split(':');
    if (!ns || !out || !(GUEST_NAMESPACES as readonly string[]).includes(ns))
      usage(`bad --cmd ${spec}`);
    const dash = args.indexOf('--', i);
    if (dash < 0) usage('--cmd needs -- ARGV...');
    cmd = {
      ns: ns as GuestNamespace,
      out,
      argv: args.slice(dash + 1),
      background: a === '--cmd-bg',
    };
    break;
  } else if (a === 'all') names.push(...SCENARIOS);
  else if (isScenarioName(a)) names.push(a);
  else usage(`unknown scenario ${a}`);
}
if (names.length === 0) usage('no scenario given');

const result = await bootLab({
  scenarios: names,
  outDir,
  guestCommands: cmd ? Object.fromEntries(names.map((n) => [n, [cmd]])) : {},
});
for (const m of result.manifests) {
  const secs =
    m.start && m.end ? ((Date.parse(m.end) - Date.parse(m.start)) / 1000).toFixed(1) : '?';
  console.log(
    `${m.scenario.padEnd(24)} exit=${m.exitCode} ${secs}s  ${path.join(outDir, m.scenario)}`,
  );
}
console.log(
  `boot total ${(result.durationMs / 1000).toFixed(1)}s${result.timedOut ? ' (TIMED OUT)' : ''}`,
);
process.exit(result.timedOut ? 1 : 0);
