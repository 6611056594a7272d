import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toolVersions } from '../../../../electron/evidence/host';

// Real binaries only: a folder first on PATH holds a copy of /usr/bin/ip (or of ping) named `ip`.
const bin = mkdtempSync(path.join(tmpdir(), 'pa-toolver-'));
const savedPath = process.env.PATH;
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(bin, { recursive: true, force: true });
});

describe('tool versions recorded in every manifest', () => {
  it('are asked again when the binary on PATH is replaced (an upgrade between two audits is recorded)', () => {
    process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
    copyFileSync('/usr/bin/ip', path.join(bin, 'ip'));
    const first = toolVersions();
    expect(first.ip).toMatch(/^ip utility/);
    expect(toolVersions().ip).toBe(first.ip); // same binary: the answer already asked
    // Another real binary in its place: `ping -V` answers for it, and that is what is recorded now.
    rmSync(path.join(bin, 'ip'));
    copyFileSync('/usr/bin/ping', path.join(bin, 'ip'));
    expect(toolVersions().ip).toMatch(/^ping from iputils/);
    // Removed from the folder: PATH now finds the system's ip again.
    rmSync(path.join(bin, 'ip'));
    expect(toolVersions().ip).toBe(first.ip);
  });

  it('records an absent tool as null', () => {
    process.env.PATH = bin;
    expect(toolVersions().tshark).toBeNull();
  });
});
