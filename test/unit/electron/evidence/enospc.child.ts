/**
 * Runs inside a private mount namespace on a tiny tmpfs (see enospc.test.ts): fills the disk
 * through the bundle API and reports, as one JSON line, what failed and what survived. The
 * checks happen here because the tmpfs vanishes with this process's namespace.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvidenceBundle, EvidenceDiskFullError, verifyBundle } from '../../../../electron/evidence';
import { parseJsonl } from '../../../../electron/evidence/jsonl';
import { readManifest } from '../../../../electron/evidence/manifest';
import { identity, pingOutcome, quietOptions, sample, target } from './data.fixture';

const root = process.argv[2];
if (!root) throw new Error('usage: enospc.child.ts MOUNTPOINT');
const dir = join(root, 'bundle');
const bundle = EvidenceBundle.create(dir, { identity, target }, quietOptions());
bundle.recordCommand(pingOutcome());
bundle.writeFindings({ findings: [{ id: 'pptp-in-use' }] });
bundle.seal();

const errors: Record<string, { name: string; message: string } | null> = {};
const describe = (e: unknown) => ({ name: (e as Error).name, message: (e as Error).message, diskFull: e instanceof EvidenceDiskFullError });

let acknowledged = 0;
try {
  for (let i = 0; i < 100_000; i++) {
    bundle.appendSamples(Array.from({ length: 20 }, (_, k) => sample(acknowledged + k)));
    acknowledged += 20;
  }
  errors.samples = null;
} catch (e) {
  errors.samples = describe(e);
}

const bigOutput = 'x'.repeat(256 * 1024);
try {
  bundle.recordCommand(pingOutcome({ stdout: bigOutput }));
  errors.command = null;
} catch (e) {
  errors.command = describe(e);
}
try {
  bundle.writeFindings({ findings: [{ id: 'replaced' }], padding: bigOutput });
  errors.findings = null;
} catch (e) {
  errors.findings = describe(e);
}
try {
  bundle.seal();
  errors.seal = null;
} catch (e) {
  errors.seal = describe(e);
}

const samples = parseJsonl(readFileSync(join(dir, 'samples/throughput.jsonl')));
const lastT = (samples.records.at(-1) as { t: number } | undefined)?.t ?? null;
const result = {
  acknowledged,
  samplesOnDisk: samples.records.length,
  lastT,
  torn: samples.tornTail,
  errors,
  findings: JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')),
  outputs: readdirSync(join(dir, 'outputs')),
  manifestReadable: (() => {
    try {
      return readManifest(dir).files.length > 0;
    } catch {
      return false;
    }
  })(),
  tempLeft: readdirSync(dir).filter((n) => n.includes('.tmp-')),
  verify: verifyBundle(dir),
  commandEnds: parseJsonl(readFileSync(join(dir, 'commands.jsonl'))).records.filter((r) => (r as { kind: string }).kind === 'end'),
  firstCommandOutput: existsSync(join(dir, 'outputs/0001-ping.run.stdout')),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
