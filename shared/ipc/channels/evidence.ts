import { z } from 'zod';
import { invoke } from '../define';
import { auditIdSchema } from './report';

/**
 * Evidence files of an open audit, read page by page. The renderer names a bundle-relative
 * path; the backend opens it only through the bundle chokepoint (electron/evidence/bundleFile),
 * which refuses absolute paths, "..", links, devices and oversized files.
 */

/** Largest page of text sent in one answer: a screenful many times over, never a whole capture. */
export const EVIDENCE_PAGE_BYTES = 256 * 1024;

export type EvidencePageKind = 'text' | 'pcap' | 'binary' | 'empty';

export interface EvidencePage {
  file: string;
  /** Size of the whole file, bytes. */
  size: number;
  kind: EvidencePageKind;
  /** Byte offset this page starts at, and where the next one starts (null: end of file). */
  offset: number;
  nextOffset: number | null;
  /** 1-based number of the first line of `text` in the whole file. */
  firstLine: number;
  /** The page's text (whole lines), the decoded summary of a capture, or null for binary. */
  text: string | null;
}

export interface EvidenceFileInfo {
  file: string;
  size: number;
}

const bundlePathSchema = z.string().min(1).max(512);

export const evidenceInvoke = {
  /** The files the audit's manifest lists (names and sizes only). */
  'evidence.list': invoke<EvidenceFileInfo[]>()(z.object({ auditId: auditIdSchema }).strict()),
  /** One page of one evidence file, from `offset` (a value a previous page gave as nextOffset). */
  'evidence.read': invoke<EvidencePage>()(
    z.object({ auditId: auditIdSchema, file: bundlePathSchema, offset: z.number().int().min(0).max(2 ** 42).optional() }).strict(),
  ),
};
