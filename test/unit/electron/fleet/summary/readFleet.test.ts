import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFleet, readFleetBundle } from '../../../../../electron/fleet/summary/readFleet';
import { formatFleetText } from '../../../../../electron/fleet/summary/formatText';
import { fleetRow } from '../../../../../shared/fleet';
import { computeLongTermBaseline } from '../../../../../shared/baseline/longTermBaseline';
import { LONG_TERM_BASELINE_FILE } from '../../../../../electron/fleet/prometheus/baselineEvidence';
import { canMknod, GOLDEN, HOSTILE_CASES, MARKER, plantCase, reseal } from '../../evidence/hostileBundles.fixture';
import { tempDir } from '../../evidence/tmp.fixture';

function copyGolden(name = 'bundle'): string {
  const dir = join(tempDir(), name);
  cpSync(GOLDEN, dir, { recursive: true });
  return dir;
}

function editJson(file: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Adds a file to a bundle and to its manifest, as the audit itself would have. */
/**
 * A long-term baseline as `baseline --out` writes it, computed by the product's own code from
 * counters of a known rate (1000 B/s = 8000 bit/s both ways) with one re-creation of ppp0.
 */
function steadyBaseline() {
  const t0 = 1_700_000_000;
  const n = 120;
  const t = Float64Array.from({ length: n }, (_, i) => t0 + i);
  const counter = Float64Array.from({ length: n }, (_, i) => (i < 60 ? i * 1000 : 5_000_000 + (i - 60) * 1000));
  const ifindex = Float64Array.from({ length: n }, (_, i) => (i < 60 ? 7 : 9));
  return computeLongTermBaseline(
    { t, rx: counter, tx: counter, ifindex, absentBefore: new Uint8Array(n) },
    { prometheus: 'http://prom/', instance: 'gw:9100', device: 'ppp0', from: t0, to: t0 + n, stepSeconds: 1, queries: 1 },
  );
}

function addSealed(bundle: string, rel: string, content: string): void {
  writeFileSync(join(bundle, rel), content);
  editJson(join(bundle, 'manifest.json'), (m) => {
    (m.files as Array<Record<string, unknown>>).push({
      path: rel,
      size: Buffer.byteLength(content),
      sha256: createHash('sha256').update(content).digest('hex'),
      appendOnly: false,
    });
  });
}

describe('readFleetBundle: through the evidence chokepoint, a row for anything', () => {
  it('the golden bundle: intact, its rating and counts', () => {
    const row = fleetRow(readFleetBundle(copyGolden()));
    expect(row).toMatchObject({ integrity: 'intact', risk: 'medium', site: 'Loopback Lab', asset: 'auditor workstation', bundleId: '4116f1df-134c-4b91-ab49-fd400e7e4705' });
    expect(row.counts).toEqual({ critical: 0, high: 0, medium: 1, low: 0, info: 0 });
  });

  it('tampered (a line appended to a closed bundle): figures withheld, the change named', () => {
    const dir = copyGolden();
    appendFileSync(join(dir, 'notes.jsonl'), '{"forged":true}\n');
    const row = fleetRow(readFleetBundle(dir));
    expect(row).toMatchObject({ integrity: 'tampered', risk: 'untrusted', counts: null, coverage: null });
    expect(row.notes.join('\n')).toContain('notes.jsonl grew');
  });

  it('findings.json edited to a clean bill without resealing: tampered, the clean bill is not repeated', () => {
    const dir = copyGolden();
    editJson(join(dir, 'findings.json'), (f) => {
      (f.risk as Record<string, unknown>).rating = 'minimal';
    });
    expect(fleetRow(readFleetBundle(dir))).toMatchObject({ integrity: 'tampered', risk: 'untrusted' });
  });

  it('findings.json edited to a clean bill and resealed: verifies, but a rating against its own counts is not repeated', () => {
    const dir = copyGolden();
    editJson(join(dir, 'findings.json'), (f) => {
      (f.risk as Record<string, unknown>).rating = 'minimal';
    });
    reseal(dir);
    const row = fleetRow(readFleetBundle(dir));
    expect(row).toMatchObject({ integrity: 'intact', risk: 'not-assessed', counts: null });
  });

  it('partial: an audit that crashed before its findings (open, no findings.json) is a row, not assessed', () => {
    const dir = copyGolden();
    rmSync(join(dir, 'findings.json'));
    editJson(join(dir, 'manifest.json'), (m) => {
      m.state = 'open';
      m.closedAt = null;
      m.files = (m.files as Array<{ path: string }>).filter((f) => f.path !== 'findings.json');
    });
    const row = fleetRow(readFleetBundle(dir));
    expect(row).toMatchObject({ integrity: 'open', risk: 'not-assessed', closedAt: null });
    expect(row.notes.join('\n')).toMatch(/never closed/);
  });

  it('a folder that is no bundle, and a manifest that is not JSON, are rows too', () => {
    const empty = join(tempDir(), 'empty');
    mkdirSync(empty);
    expect(fleetRow(readFleetBundle(empty))).toMatchObject({ integrity: 'not-a-bundle', risk: 'untrusted' });
    const broken = copyGolden();
    writeFileSync(join(broken, 'manifest.json'), '{"format": "pptp-auditor-evidence/1", trunc');
    expect(fleetRow(readFleetBundle(broken))).toMatchObject({ integrity: 'unreadable', risk: 'untrusted', site: null });
  });

  it('the baseline summary is read when the bundle carries one (sealed); a symlinked one is tampering', () => {
    const dir = copyGolden();
    addSealed(dir, LONG_TERM_BASELINE_FILE, JSON.stringify(steadyBaseline()));
    expect(fleetRow(readFleetBundle(dir)).baseline).toEqual({ rxP95Bps: 8000, txP95Bps: 8000, recreations: 1, gaps: 0 });

    const linked = copyGolden('linked');
    const outside = join(tempDir(), 'outside.json');
    writeFileSync(outside, JSON.stringify({ rxP95Bps: 1, txP95Bps: 1, recreations: 0, gaps: 0, note: MARKER }));
    symlinkSync(outside, join(linked, LONG_TERM_BASELINE_FILE));
    const row = fleetRow(readFleetBundle(linked));
    expect(row).toMatchObject({ integrity: 'tampered', baseline: null });
    expect(JSON.stringify(row)).not.toContain(MARKER);
  });

  for (const hostile of HOSTILE_CASES) {
    it(`hostile bundle (${hostile.name}): a row, never a crash, never trusted figures from a bundle that fails verification`, () => {
      const work = tempDir();
      if (/mknod/.test(hostile.name) && !canMknod(work)) return;
      const { bundle } = plantCase(work, hostile);
      const summary = readFleet([bundle]);
      const row = summary.rows[0]!;
      if (hostile.verify === 'tampered') {
        expect(['tampered', 'unreadable']).toContain(row.integrity);
        expect(row).toMatchObject({ risk: 'untrusted', counts: null, coverage: null, score: null, baseline: null });
      }
      expect(JSON.stringify(summary)).not.toContain(MARKER);
      expect(formatFleetText(summary)).not.toContain(MARKER);
    });
  }
});

describe('formatFleetText: terminal-safe', () => {
  it('a site and asset named with escape codes and bidi overrides print as visible escapes', () => {
    const dir = copyGolden('evil\u001b]0;owned\u0007');
    editJson(join(dir, 'audit.json'), (a) => {
      a.identity = { site: 'Sub\u001b[2J\u001b[31mstation\u202e7', asset: 'gw\r\nINTACT: forged line', auditor: '' };
    });
    reseal(dir);
    const text = formatFleetText(readFleet([dir]));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(text).toContain('Sub\\x1b[2J\\x1b[31mstation\\u202e7');
    expect(text).toContain('gw\\x0d\\x0aINTACT: forged line');
    expect(text).toContain('evil\\x1b]0;owned\\x07');
    expect(text.split('\n').filter((l) => l.startsWith('INTACT'))).toEqual([]);
  });

  it('one line per bundle in the table, worst first, then folders and notes', () => {
    const ok = copyGolden('ok');
    const bad = copyGolden('bad');
    appendFileSync(join(bad, 'notes.jsonl'), 'x\n');
    const lines = formatFleetText(readFleet([ok, bad])).split('\n');
    expect(lines[0]).toMatch(/^#\s+risk\s+site\s+asset\s+coverage\s+findings C\/H\/M\/L\/I\s+baseline\s+audited\s+bundle$/);
    expect(lines[1]).toMatch(/^1\s+— \(untrusted\)\s+Loopback Lab.*TAMPERED$/);
    expect(lines[2]).toMatch(/^2\s+MEDIUM\s+Loopback Lab\s+auditor workstation\s+—\s+0\/0\/1\/0\/0\s+—\s+2026-11-24 08:58 UTC\s+intact$/);
  });
});
