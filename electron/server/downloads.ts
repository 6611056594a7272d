import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { openBundleFile } from '../evidence/bundleFile';
import { listBundle } from '../evidence/manifest';
import { BUNDLE_FILES, REPORT_DIR } from '../evidence/layout';
import { storedZip, storedZipSize, type ZipMember } from './storeZip';

/** What the route needs of the backend: the folder of an audit id it has opened, or a throw. */
export interface DownloadSource {
  dirOf(auditId: string): string;
}

export type DownloadAnswer = { status: 404 | 413; message: string } | null;

const AUDIT_ID = /^[A-Za-z0-9-]{1,64}$/;
const PDF_NAME = /^report-(A4|Letter)\.pdf$/;

/** A file name for Content-Disposition: ASCII letters, digits, dot, dash only. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'audit';
}

function attachment(res: ServerResponse, type: string, filename: string, length: number): void {
  res.writeHead(200, {
    'content-type': type,
    'content-length': String(length),
    'content-disposition': `attachment; filename="${safeName(filename)}"`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
}

/**
 * The report PDF of an audit: the signed report sealed inside the bundle (read through the
 * bundle chokepoint), else the latest draft beside the bundle (`<bundle>-DRAFT-report-<paper>.pdf`,
 * see AuditService.exportPdf), opened without following a link.
 */
function openPdf(dir: string, paper: string): { fd: number; size: number; draft: boolean } | null {
  try {
    const { fd, size } = openBundleFile(dir, `${REPORT_DIR}/report-${paper}.pdf`);
    return { fd, size, draft: false };
  } catch {
    // not signed yet: the latest draft, if one was exported
  }
  const beside = `${dir}-DRAFT-report-${paper}.pdf`;
  try {
    if (!lstatSync(beside).isFile()) return null;
    const fd = openSync(beside, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      return null;
    }
    return { fd, size: st.size, draft: true };
  } catch {
    return null;
  }
}

/**
 * GET <token>/download/<auditId>/report-<A4|Letter>.pdf and <token>/download/<auditId>/bundle.zip.
 * The request has passed the token, Host and Origin gate already (requestGate.ts); the audit is
 * named by an id the backend registered, never by a path. Returns an error to answer, or null
 * once the download is under way.
 */
export function serveDownload(res: ServerResponse, source: DownloadSource, segments: string[]): DownloadAnswer {
  const [auditId, name, ...rest] = segments;
  if (!auditId || !name || rest.length > 0 || !AUDIT_ID.test(auditId)) return { status: 404, message: 'not found' };
  let dir: string;
  try {
    dir = source.dirOf(auditId);
  } catch {
    return { status: 404, message: 'no open audit with this id' };
  }
  const base = path.basename(dir);
  const pdf = PDF_NAME.exec(name);
  if (pdf) {
    const file = openPdf(dir, pdf[1]!);
    if (!file) return { status: 404, message: `no ${pdf[1]} report exported for this audit yet` };
    attachment(res, 'application/pdf', `${base}-${file.draft ? 'DRAFT-' : ''}report-${pdf[1]}.pdf`, file.size);
    const stream = Readable.from(storedChunks(file));
    stream.on('error', () => res.destroy());
    stream.pipe(res);
    return null;
  }
  if (name !== 'bundle.zip') return { status: 404, message: 'not found' };
  // Everything verify looks at: the listed files and the manifest; refused entries (links,
  // devices) are left out, as the chokepoint would refuse them anyway.
  const listing = listBundle(dir);
  const files = [BUNDLE_FILES.manifest, ...listing.files.map((f) => f.path)];
  const sizes = [{ name: BUNDLE_FILES.manifest, size: lstatSync(path.join(dir, BUNDLE_FILES.manifest)).size }, ...listing.files.map((f) => ({ name: f.path, size: f.size }))];
  const total = storedZipSize(sizes.map((s) => ({ name: `${base}/${s.name}`, size: s.size })));
  if (total >= 0xffffffff) return { status: 413, message: 'the bundle is 4 GiB or more: copy its folder instead' };
  const members: ZipMember[] = files.map((rel) => ({ name: `${base}/${rel}`, open: () => openBundleFile(dir, rel) }));
  attachment(res, 'application/zip', `${base}.zip`, total);
  const stream = Readable.from(storedZip(members));
  // A file that changed mid-way ends the response early: the client sees a short download.
  stream.on('error', () => res.destroy());
  stream.pipe(res);
  return null;
}

function* storedChunks(file: { fd: number; size: number }): Generator<Buffer> {
  try {
    let done = 0;
    while (done < file.size) {
      const buffer = Buffer.allocUnsafe(Math.min(1 << 20, file.size - done));
      const n = readSync(file.fd, buffer, 0, buffer.length, done);
      if (n === 0) break;
      done += n;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(file.fd);
  }
}
