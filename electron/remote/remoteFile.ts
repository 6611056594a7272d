import type { ChapSecretEntry, ChapSecretsSummary } from '../../shared/ops/chapSecretsSummary';
import { chapSecretsSummaryOf, cleanName, MASKED } from '../../shared/ops/chapSecretsSummary';
import { fixedFileProblem } from '../ops/readFixedFile';
import { PPP_WORDS_AWK } from './programs/pppWords.awk';
import { FIXED_FILE_SH } from './programs/fixedFile.sh';

export type RemoteFileMode = 'head' | 'tail' | 'chap' | 'redact';

/** The argv (before wrapping) that reads fixed files on the gateway. */
export function fixedFileArgv(mode: RemoteFileMode, maxBytes: number, candidates: string[]): string[] {
  return ['sh', '-c', FIXED_FILE_SH, 'sh', mode, String(maxBytes), mode === 'chap' || mode === 'redact' ? PPP_WORDS_AWK : '-', ...candidates];
}

export interface FileMeta {
  path: string;
  nlink: number;
  uid: number;
  gid: number;
  /** Permission bits as printed by stat %a (octal text). */
  modeOctal: string;
  size: number;
  owner: string | null;
  group: string | null;
}

export type FileHeader =
  | { ok: true; meta: FileMeta; body: Buffer }
  | { ok: false; refused: boolean; path: string; error: string };

const nameOrNull = (s: string | undefined): string | null => (s === undefined || s === 'UNKNOWN' ? null : s);

/** Splits the program's header line from the content and says what a refusal means, locally worded. */
export function parseFileReply(stdout: Buffer, fallbackPath: string): FileHeader {
  const nl = stdout.indexOf(0x0a);
  const header = (nl < 0 ? stdout : stdout.subarray(0, nl)).toString('utf8').split(' ');
  const body = nl < 0 ? Buffer.alloc(0) : stdout.subarray(nl + 1);
  const [tag, a, b, c, d, e, f, g, h] = header;
  if (tag === 'OK' && a !== undefined) {
    return { ok: true, body, meta: { path: a, nlink: Number(b), uid: Number(c), gid: Number(d), modeOctal: e ?? '0', size: Number(f), owner: nameOrNull(g), group: nameOrNull(h) } };
  }
  const path = b ?? fallbackPath;
  switch (a) {
    case 'symlink':
      return { ok: false, refused: true, path, error: `${path} is a symbolic link; refused` };
    case 'notfile':
      return { ok: false, refused: true, path, error: `${path} is not a regular file` };
    case 'links':
      return { ok: false, refused: true, path, error: fixedFileProblem(path, { nlink: Number(c), uid: 0 }) ?? `${path}: refused` };
    case 'owner':
      return { ok: false, refused: true, path, error: fixedFileProblem(path, { nlink: 1, uid: Number(c) }) ?? `${path}: refused` };
    case 'missing':
      return { ok: false, refused: false, path, error: `${path} does not exist` };
    case 'denied':
      return { ok: false, refused: false, path, error: `permission denied reading ${path} (no root or sudo on the gateway?)` };
    default:
      return { ok: false, refused: false, path, error: `could not read ${path} on the gateway` };
  }
}

const hexName = (field: string): string => (field === '-' ? MASKED : cleanName(Buffer.from(field, 'hex').toString('utf8')));

/**
 * The ChapSecretsSummary from what the gateway's awk program printed (no secret in it): the
 * same shape and values as shared/ops/chapSecretsSummary.ts computes from the file locally.
 */
export function chapSummaryFromRemote(meta: FileMeta, lines: string): ChapSecretsSummary {
  const entries: ChapSecretEntry[] = [];
  const malformed = new Set<number>();
  for (const line of lines.split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'M') malformed.add(Number(f[1]));
    if (f[0] !== 'E' || f.length < 14) continue;
    const [, lineNo, client, server, ipField, count, kind, length, bits, lo, up, di, sy, inName] = f as string[];
    const ipWildcard = ipField === 'wildcard';
    entries.push({
      line: Number(lineNo),
      client: hexName(client!),
      server: hexName(server!),
      ipField: ipField as ChapSecretEntry['ipField'],
      ipWildcard,
      addressCount: Number(count),
      secretKind: kind as ChapSecretEntry['secretKind'],
      secretLength: Number(length),
      entropyBits: Math.round(Number(bits) * 10) / 10,
      characterClasses: { lower: lo === '1', upper: up === '1', digit: di === '1', symbol: sy === '1' },
      secretInName: inName === '1',
    });
  }
  return chapSecretsSummaryOf(
    { path: meta.path, mode: parseInt(meta.modeOctal, 8), uid: meta.uid, gid: meta.gid, owner: meta.owner, group: meta.group, sizeBytes: meta.size },
    entries,
    [...malformed],
  );
}
