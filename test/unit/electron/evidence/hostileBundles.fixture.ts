/**
 * Hostile evidence bundles, each made from the real golden bundle (test/fixtures/evidence/
 * golden-lo) the way an attacker with write access to a bundle folder would: rewrite a file,
 * plant a link, FIFO, device, sparse file or hard link, and (where it helps the attack)
 * recompute the manifest so that a naive `verify` says INTACT.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

export const GOLDEN = new URL('../../../fixtures/evidence/golden-lo', import.meta.url).pathname;
/** Planted outside every bundle; must never appear in anything the product prints. */
export const MARKER = 'SECRET-MARKER-7f3a9c';
const TIB = 1024 ** 4;

export interface HostileCase {
  name: string;
  /** Turns a fresh copy of the golden bundle into the hostile one. `outside` is a sibling folder. */
  plant: (bundle: string, outside: string) => void;
  /** What `verify` must say once planted. */
  verify: 'intact' | 'tampered';
  /** The name every refusal must carry ('' when nothing is refused: only no hang, no leak). */
  refused: string;
}

/** Recomputes manifest.json over the files it lists, reading through links like a careless tool. */
export function reseal(bundle: string): void {
  const path = join(bundle, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: Array<{ path: string; size: number; sha256: string }> };
  for (const f of manifest.files) {
    const content = readFileSync(join(bundle, f.path));
    f.size = content.length;
    f.sha256 = createHash('sha256').update(content).digest('hex');
  }
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

function editJson(file: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function setEvidence(bundle: string, step: string, evidence: string[]): void {
  editJson(join(bundle, 'checklist.json'), (c) => {
    const runs = (c.steps as Record<string, { runs: Array<{ evidence: string[] }> }>)[step]!.runs;
    runs.at(-1)!.evidence = evidence;
  });
}

/** An outside file that looks like interface output, so an excerpt would show it. */
function secretFile(outside: string, name = 'secret.txt'): string {
  const file = join(outside, name);
  writeFileSync(file, `${MARKER} 7: ppp0: <POINTOPOINT,UP> mtu 1400 inet 10.0.0.1\n`);
  return file;
}

const IP_ADDR = 'outputs/0001-ip.addr.stdout';

/** A real character device made with mknod (c 1 5, like /dev/zero) when this kernel lets us. */
export function canMknod(dir: string): boolean {
  const probe = join(dir, 'mknod-probe');
  const ok = spawnSync('mknod', [probe, 'c', '1', '5']).status === 0;
  rmSync(probe, { force: true });
  return ok;
}

export const HOSTILE_CASES: HostileCase[] = [
  {
    name: 'checklist evidence path climbing out with ..',
    plant: (b, o) => {
      secretFile(o);
      setEvidence(b, 'identify-interfaces', ['../../../../../../../../etc/shadow', '../outside/secret.txt']);
      reseal(b);
    },
    verify: 'intact',
    refused: '../outside/secret.txt',
  },
  {
    name: 'checklist evidence path absolute',
    plant: (b, o) => {
      setEvidence(b, 'identify-interfaces', [secretFile(o)]);
      reseal(b);
    },
    verify: 'intact',
    refused: '/outside/secret.txt',
  },
  {
    name: 'facts.json latency source climbing out',
    plant: (b, o) => {
      secretFile(o);
      editJson(join(b, 'facts.json'), (f) => ((f.latency as { source: string }).source = '../outside/secret.txt'));
      reseal(b);
    },
    verify: 'intact',
    refused: '../outside/secret.txt',
  },
  {
    name: 'evidence file replaced by a symlink',
    plant: (b, o) => {
      unlinkSync(join(b, IP_ADDR));
      symlinkSync(secretFile(o), join(b, IP_ADDR));
      reseal(b);
    },
    verify: 'tampered',
    refused: IP_ADDR,
  },
  {
    name: 'evidence subfolder replaced by a symlink',
    plant: (b, o) => {
      renameSync(join(b, 'outputs'), join(o, 'outputs'));
      secretFile(join(o, 'outputs'), '0001-ip.addr.stdout');
      symlinkSync(join(o, 'outputs'), join(b, 'outputs'));
      reseal(b);
    },
    verify: 'tampered',
    refused: 'outputs',
  },
  {
    name: 'fixed file (facts.json) replaced by a symlink',
    plant: (b, o) => {
      writeFileSync(join(o, 'facts.json'), JSON.stringify({ latency: { source: MARKER } }));
      unlinkSync(join(b, 'facts.json'));
      symlinkSync(join(o, 'facts.json'), join(b, 'facts.json'));
      reseal(b);
    },
    verify: 'tampered',
    refused: 'facts.json',
  },
  {
    name: 'bundle folder of a fixed file (samples/) replaced by a symlink',
    plant: (b, o) => {
      renameSync(join(b, 'samples'), join(o, 'samples'));
      symlinkSync(join(o, 'samples'), join(b, 'samples'));
    },
    verify: 'tampered',
    refused: 'samples',
  },
  {
    name: 'evidence file replaced by a FIFO',
    plant: (b) => {
      unlinkSync(join(b, IP_ADDR));
      spawnSync('mkfifo', [join(b, IP_ADDR)]);
    },
    verify: 'tampered',
    refused: IP_ADDR,
  },
  {
    name: 'fixed file (checklist.json) replaced by a FIFO',
    plant: (b) => {
      unlinkSync(join(b, 'checklist.json'));
      spawnSync('mkfifo', [join(b, 'checklist.json')]);
    },
    verify: 'tampered',
    refused: 'checklist.json',
  },
  {
    name: 'writer.lock planted as a FIFO',
    plant: (b) => {
      spawnSync('mkfifo', [join(b, 'writer.lock')]);
    },
    verify: 'intact',
    refused: '',
  },
  {
    name: 'evidence file replaced by a symlink to /dev/zero',
    plant: (b) => {
      unlinkSync(join(b, IP_ADDR));
      symlinkSync('/dev/zero', join(b, IP_ADDR));
    },
    verify: 'tampered',
    refused: IP_ADDR,
  },
  {
    name: 'evidence file replaced by a real character device (mknod c 1 5)',
    plant: (b) => {
      unlinkSync(join(b, IP_ADDR));
      const made = spawnSync('mknod', [join(b, IP_ADDR), 'c', '1', '5']);
      if (made.status !== 0) throw new Error('mknod failed');
    },
    verify: 'tampered',
    refused: IP_ADDR,
  },
  {
    name: 'evidence file grown to a sparse terabyte',
    plant: (b) => truncateSync(join(b, IP_ADDR), TIB),
    verify: 'tampered',
    refused: IP_ADDR,
  },
  {
    name: 'samples/throughput.jsonl grown to a sparse terabyte',
    plant: (b) => truncateSync(join(b, 'samples/throughput.jsonl'), TIB),
    verify: 'tampered',
    refused: 'samples/throughput.jsonl',
  },
  {
    name: 'evidence file replaced by a hard link to a file outside',
    plant: (b, o) => {
      unlinkSync(join(b, IP_ADDR));
      linkSync(secretFile(o), join(b, IP_ADDR));
      reseal(b);
    },
    verify: 'tampered',
    refused: IP_ADDR,
  },
  {
    name: 'manifest.json itself a symlink',
    plant: (b, o) => {
      renameSync(join(b, 'manifest.json'), join(o, 'manifest.json'));
      symlinkSync(join(o, 'manifest.json'), join(b, 'manifest.json'));
    },
    verify: 'tampered',
    refused: 'manifest.json',
  },
];

/** A fresh copy of the golden bundle at `<work>/bundle` with `<work>/outside` beside it. */
export function plantCase(work: string, hostile: HostileCase): { bundle: string; outside: string } {
  const bundle = join(work, 'bundle');
  const outside = join(work, 'outside');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(outside, { recursive: true });
  cpSync(GOLDEN, bundle, { recursive: true });
  hostile.plant(bundle, outside);
  lstatSync(bundle);
  return { bundle, outside };
}
