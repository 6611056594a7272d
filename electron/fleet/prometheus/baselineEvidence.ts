import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { basename } from 'node:path';
import { parseLongTermBaseline, type LongTermBaseline } from '../../../shared/baseline/longTermSchema';
import type { EvidenceBundle } from '../../evidence/bundle';
import { readOptionalBundleFile } from '../../evidence/bundleFile';
import { EvidenceError } from '../../evidence/errors';

/** Where an audit keeps the long-term baseline it was given (`audit --baseline-file`). */
export const LONG_TERM_BASELINE_OUTPUT = 'long-term-baseline.json';
export const LONG_TERM_BASELINE_FILE = `outputs/${LONG_TERM_BASELINE_OUTPUT}`;

const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export class BaselineFileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineFileRefused';
  }
}

/** A `baseline --out` file the auditor gives an audit: checked before the audit starts. */
export interface LongTermBaselineFile {
  path: string;
  text: string;
  baseline: LongTermBaseline;
}

/** Reads and validates a baseline file: a regular file (no FIFO, no device), bounded, of our schema. */
export function readLongTermBaselineFile(path: string): LongTermBaselineFile {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new BaselineFileRefused(`--baseline-file: cannot open ${JSON.stringify(path.slice(0, 120))} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new BaselineFileRefused('--baseline-file: not a regular file');
    if (st.size > MAX_BASELINE_BYTES) throw new BaselineFileRefused(`--baseline-file: larger than ${MAX_BASELINE_BYTES} bytes`);
    const bytes = Buffer.alloc(st.size);
    let offset = 0;
    while (offset < bytes.length) {
      const n = readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    const text = bytes.subarray(0, offset).toString('utf8');
    const parsed = parseLongTermBaseline(text);
    if (!parsed.ok) throw new BaselineFileRefused(`--baseline-file: ${parsed.message} (write one with pptp-auditor baseline --out)`);
    return { path, text, baseline: parsed.baseline };
  } finally {
    closeSync(fd);
  }
}

/** Into the bundle before it is sealed: hashed in the manifest like any evidence, its origin in the custody log. */
export function attachLongTermBaseline(bundle: EvidenceBundle, file: LongTermBaselineFile): void {
  bundle.addOutput(LONG_TERM_BASELINE_OUTPUT, file.text);
  const s = file.baseline.source;
  bundle.custody('supplied', `long-term baseline ${basename(file.path)}: ${s.device} on ${s.instance} from Prometheus ${s.prometheus}`);
}

/** The bundle's long-term baseline, if it has one; a one-line problem when the file is there but unusable. */
export function readBundleLongTermBaseline(dir: string): { baseline: LongTermBaseline | null; problem: string | null } {
  let content: Buffer | null;
  try {
    content = readOptionalBundleFile(dir, LONG_TERM_BASELINE_FILE);
  } catch (error) {
    if (error instanceof EvidenceError) return { baseline: null, problem: error.message };
    throw error;
  }
  if (!content) return { baseline: null, problem: null };
  const parsed = parseLongTermBaseline(content.toString('utf8'));
  return parsed.ok ? { baseline: parsed.baseline, problem: null } : { baseline: null, problem: `${LONG_TERM_BASELINE_FILE}: ${parsed.message}` };
}
