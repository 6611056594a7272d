import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../..', import.meta.url).pathname;
const child = new URL('./enospc.child.ts', import.meta.url).pathname;
const canMount = process.getuid?.() === 0 && spawnSync('unshare', ['--version']).status === 0;

describe('disk full (ENOSPC) on a 320 KiB tmpfs in a private mount namespace', () => {
  it.skipIf(!canMount)('fails with a clear message and loses nothing already written', () => {
    const mnt = mkdtempSync(join(tmpdir(), 'pa-evidence-enospc-'));
    try {
      // The tmpfs exists only inside the child's private mount namespace and disappears with it.
      const r = spawnSync(
        'unshare',
        ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=320k pa-evidence-enospc "$1" && exec node --import tsx "$2" "$1"', 'sh', mnt, child],
        { cwd: root, encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
      // Appending samples ran into the full disk with a clear, specific message.
      expect(out.errors.samples).toMatchObject({ name: 'EvidenceDiskFullError', diskFull: true });
      expect(out.errors.samples.message).toMatch(/^disk full: could not write samples\/throughput\.jsonl to the evidence bundle .*bundle \(\d+ bytes free\)\. Nothing already written was lost/);
      // Every acknowledged sample is on disk, and no torn line was left behind.
      expect(out.acknowledged).toBeGreaterThan(0);
      expect(out.samplesOnDisk).toBe(out.acknowledged);
      expect(out.lastT).toBe(out.acknowledged - 1);
      expect(out.torn).toBeNull();
      // A command whose output does not fit leaves no partial file; the earlier one is intact.
      expect(out.errors.command).toMatchObject({ diskFull: true });
      expect(out.outputs).toEqual(['0001-ping.run.stdout']);
      // ...and its record still says it ran, with why its output is not there.
      expect(out.commandEnds[1]).toMatchObject({ seq: 2, stdoutFile: null, exitCode: 0 });
      expect(out.commandEnds[1].error).toMatch(/^outputs not stored: disk full/);
      // An atomic snapshot that does not fit leaves the previous one in place, and no temp file.
      expect(out.errors.findings).toMatchObject({ diskFull: true });
      expect(out.findings).toEqual({ findings: [{ id: 'pptp-in-use' }] });
      expect(out.tempLeft).toEqual([]);
      // The manifest is still readable; nothing written was damaged.
      expect(out.manifestReadable).toBe(true);
      // Either the last seal fitted (then the bundle verifies intact) or it failed cleanly and
      // the only differences are the records written since the previous seal.
      if (out.errors.seal === null) expect(out.verify).toMatchObject({ intact: true, problems: [] });
      else expect(out.verify.problems.filter((p: string) => !p.startsWith('added:'))).toEqual([]);
      console.log(`ENOSPC: ${out.acknowledged} samples acknowledged and all on disk; seal ${out.errors.seal ? 'failed cleanly' : 'succeeded'}`);
    } finally {
      expect(readdirSync(mnt)).toEqual([]);
      rmdirSync(mnt);
    }
  });
});
