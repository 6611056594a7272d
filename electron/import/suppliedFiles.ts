import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { StepId } from '../../shared/checklist/steps';
import { recogniseInput } from '../../shared/parsers/recognise';
import { INPUT_PLACES, inputLabel } from '../../shared/steps/inputs';
import type { RawOutput } from '../../shared/steps/outputs';
import { decodeCapture } from '../audit/stepRunner';

/** Largest file accepted from a site engineer: a month of a busy syslog, not a disk image. */
export const MAX_SUPPLIED_BYTES = 256 * 1024 * 1024;
const MAX_TEXT_BYTES = 64 * 1024 * 1024;

export interface SuppliedFile {
  /** Where the file is read from. */
  path: string;
  /** How it is cited in the evidence (bundle-relative once copied, else the path given). */
  cite: string;
}

export interface SuppliedOutputs {
  outputs: RawOutput[];
  /** Each accepted file and what it was recognised as. */
  inputs: Array<{ file: string; kind: string; step: StepId }>;
  /** One line per file refused: what it looks like and why it cannot be used. */
  refused: string[];
}

type Content = { kind: 'pcap' } | { kind: 'text'; text: string } | { kind: 'refused'; why: string };

/** Reads a supplied file without following a FIFO or a device: a regular file, bounded, text or pcap. */
export function readSupplied(file: string): Content & { bytes?: Buffer } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { kind: 'refused', why: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { kind: 'refused', why: 'is not a regular file' };
    if (stat.size > MAX_SUPPLIED_BYTES) return { kind: 'refused', why: `is ${stat.size} bytes, over the ${MAX_SUPPLIED_BYTES} accepted` };
    const head = Buffer.alloc(4);
    const got = readSync(fd, head, 0, 4, 0);
    const magic = head.subarray(0, got).toString('hex');
    if (['a1b2c3d4', 'd4c3b2a1', 'a1b23c4d', '4d3cb2a1', '0a0d0d0a'].includes(magic)) return { kind: 'pcap' };
    if (stat.size > MAX_TEXT_BYTES && !magic.startsWith('1f8b')) return { kind: 'refused', why: `is ${stat.size} bytes of text, over the ${MAX_TEXT_BYTES} read` };
    const bytes = Buffer.alloc(stat.size);
    let off = 0;
    while (off < bytes.length) {
      const n = readSync(fd, bytes, off, bytes.length - off, off);
      if (n <= 0) break;
      off += n;
    }
    let body = bytes.subarray(0, off);
    if (magic.startsWith('1f8b')) {
      try {
        body = gunzipSync(body, { maxOutputLength: MAX_TEXT_BYTES });
      } catch (error) {
        return { kind: 'refused', why: `is gzip that does not decompress (${(error as Error).message})` };
      }
    }
    // NUL bytes: a binary file, whatever its name says.
    if (body.includes(0)) return { kind: 'refused', why: 'is binary (neither text nor a pcap)' };
    return { kind: 'text', text: body.toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/**
 * Files a site engineer sent → raw outputs of the steps they belong to. Each file is
 * recognised by its content; one that is not, or that belongs to no step the caller accepts,
 * is refused in one line naming what it looks like. Nothing is guessed.
 */
export function suppliedOutputs(files: readonly SuppliedFile[], accept: (step: StepId) => boolean = () => true): SuppliedOutputs {
  const result: SuppliedOutputs = { outputs: [], inputs: [], refused: [] };
  const name = (f: SuppliedFile) => path.basename(f.path);
  files.forEach((f, index) => {
    const content = readSupplied(f.path);
    if (content.kind === 'refused') {
      result.refused.push(`${name(f)} ${content.why}`);
      return;
    }
    if (content.kind === 'pcap') {
      if (!accept('capture')) {
        result.refused.push(`${name(f)} is a capture (step 4: pptp-auditor analyze), not an input of this command`);
        return;
      }
      try {
        const { facts } = decodeCapture(f.path, f.cite);
        result.outputs.push({ step: 'capture', key: 'capture', file: f.cite, text: '', decoded: { wire: facts } });
        result.inputs.push({ file: f.cite, kind: 'pcap capture', step: 'capture' });
      } catch (error) {
        result.refused.push(`${name(f)}: ${(error as Error).message}`);
      }
      return;
    }
    const recognised = recogniseInput(content.text, name(f));
    if (!recognised.ok) {
      result.refused.push(`${name(f)}: ${recognised.message}`);
      return;
    }
    const place = INPUT_PLACES[recognised.kind];
    if (place.step === null) {
      result.refused.push(`${name(f)} is ${inputLabel(recognised.kind)}: ${place.why}`);
      return;
    }
    if (!accept(place.step)) {
      result.refused.push(`${name(f)} is ${inputLabel(recognised.kind)}, an input of another step`);
      return;
    }
    // Several files of one kind (two syslogs) each keep their own key, so none hides another.
    const key = place.key.endsWith('supplied') ? place.key.replace('supplied', String(index + 1)) : place.key;
    result.outputs.push({ step: place.step, key, file: f.cite, text: content.text, inputKind: recognised.kind, hostPath: f.cite });
    result.inputs.push({ file: f.cite, kind: inputLabel(recognised.kind), step: place.step });
  });
  return result;
}
