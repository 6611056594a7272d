import { closeSync, readSync } from 'node:fs';
import { EVIDENCE_PAGE_BYTES, type EvidenceFileInfo, type EvidencePage } from '../../shared/ipc/channels/evidence';
import { WireDecoder } from '../../shared/wire/wireDecoder';
import { formatWireSummary } from '../../shared/wire/summaryText';
import { openBundleFile } from './bundleFile';
import { readManifest } from './manifest';

const CHUNK = 1 << 20;
const PCAP_MAGICS = new Set(['a1b2c3d4', 'd4c3b2a1', 'a1b23c4d', '4d3cb2a1', '0a0d0d0a']);

/** The files the manifest lists, for the viewer's file list. */
export function listEvidence(dir: string): EvidenceFileInfo[] {
  return readManifest(dir).files.map((f) => ({ file: f.path, size: f.size }));
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return buffer.subarray(0, got);
}

/** Lines before `offset`, counted in chunks so a page deep into a big log costs no memory. */
function linesBefore(fd: number, offset: number): number {
  let lines = 0;
  for (let at = 0; at < offset; at += CHUNK) {
    const chunk = readAt(fd, at, Math.min(CHUNK, offset - at));
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x0a) lines++;
  }
  return lines;
}

function looksBinary(head: Buffer): boolean {
  const sample = head.subarray(0, 4096);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control++;
  }
  return control > sample.length / 20;
}

/** A capture is shown as what the wire decoder makes of it, streamed: memory stays flat. */
function decodeCapture(fd: number, file: string): string {
  const decoder = new WireDecoder();
  const buf = new Uint8Array(CHUNK);
  let position = 0;
  for (;;) {
    const got = readSync(fd, buf, 0, CHUNK, position);
    if (got <= 0) break;
    position += got;
    decoder.push(buf.subarray(0, got));
    if (decoder.reader.stopped) break;
  }
  return formatWireSummary(decoder.finish(), file);
}

/**
 * One page of an evidence file, opened through the bundle chokepoint (openBundleFile): text in
 * whole lines of at most EVIDENCE_PAGE_BYTES, a capture as its decoded summary, other binary
 * files as their size only.
 */
export function readEvidencePage(dir: string, file: string, offset = 0): EvidencePage {
  const handle = openBundleFile(dir, file);
  try {
    const { fd, size } = handle;
    const base = { file, size, offset: Math.min(offset, size) };
    if (size === 0) return { ...base, kind: 'empty', nextOffset: null, firstLine: 1, text: '' };
    const head = readAt(fd, 0, Math.min(4096, size));
    if (head.length >= 4 && PCAP_MAGICS.has(head.subarray(0, 4).toString('hex'))) {
      return { ...base, offset: 0, kind: 'pcap', nextOffset: null, firstLine: 1, text: decodeCapture(fd, file) };
    }
    if (looksBinary(head)) return { ...base, kind: 'binary', nextOffset: null, firstLine: 1, text: null };
    const start = base.offset;
    const page = readAt(fd, start, Math.min(EVIDENCE_PAGE_BYTES, size - start));
    let end = page.length;
    const atEnd = start + page.length >= size;
    if (!atEnd) {
      // Whole lines only, so a line number never points at half a line; a single line longer
      // than a page is cut at the page (its remainder starts the next page).
      const lastNewline = page.lastIndexOf(0x0a);
      if (lastNewline >= 0) end = lastNewline + 1;
    }
    return {
      ...base,
      kind: 'text',
      nextOffset: atEnd && end === page.length ? null : start + end,
      firstLine: linesBefore(fd, start) + 1,
      text: page.subarray(0, end).toString('utf8'),
    };
  } finally {
    closeSync(handle.fd);
  }
}
