import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../../../electron/backend/backend';
import { startLoopbackServer, type RunningLoopbackServer } from '../../../../electron/server/loopbackServer';

const GOLDEN = path.join(__dirname, '../../../fixtures/evidence/golden-lo');
/** A real tcpdump capture (test/fixtures/ops), so the zip carries a binary member too. */
const PCAP = path.join(__dirname, '../../../fixtures/ops/pptp-control-lo.pcap');

interface Got {
  status: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

function get(port: number, pathname: string, host = `127.0.0.1:${port}`): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('downloads in the browser binding (report PDF, bundle as a zip)', () => {
  let server: RunningLoopbackServer;
  let backend: Backend;
  let auditId: string;
  const work = mkdtempSync(path.join(tmpdir(), 'pa-downloads-'));
  const dir = path.join(work, 'lakeside');

  beforeAll(async () => {
    const root = path.join(work, 'renderer');
    mkdirSync(root);
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    cpSync(GOLDEN, dir, { recursive: true });
    mkdirSync(path.join(dir, 'captures'));
    cpSync(PCAP, path.join(dir, 'captures/control.pcap'));
    // A hostile entry: a link to a file outside the bundle must never travel in the zip.
    symlinkSync('/etc/passwd', path.join(dir, 'outputs/passwd.stdout'));
    backend = new Backend(() => {});
    auditId = backend.audits.register(dir);
    server = await startLoopbackServer({ backend, rendererRoot: root });
  });

  afterAll(async () => {
    backend.dispose();
    await server.close();
  });

  it('sends the bundle as a zip that unzip and Python both accept, with the manifest’s hashes', async () => {
    const got = await get(server.port, `/${server.token}/download/${auditId}/bundle.zip`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/zip');
    expect(got.headers['content-disposition']).toBe('attachment; filename="lakeside.zip"');
    expect(Number(got.headers['content-length'])).toBe(got.body.length);
    const zip = path.join(work, 'bundle.zip');
    writeFileSync(zip, got.body);
    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toContain('No errors detected');
    const names = JSON.parse(
      execFileSync('python3', ['-c', 'import sys,zipfile,json; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps(z.namelist()))', zip], { encoding: 'utf8' }),
    ) as string[];
    expect(names).toContain('lakeside/manifest.json');
    expect(names).toContain('lakeside/captures/control.pcap');
    expect(names).not.toContain('lakeside/outputs/passwd.stdout');
    const out = path.join(work, 'unpacked');
    execFileSync('unzip', ['-q', zip, '-d', out]);
    const manifest = JSON.parse(readFileSync(path.join(out, 'lakeside/manifest.json'), 'utf8')) as { files: Array<{ path: string; sha256: string }> };
    for (const f of manifest.files) expect(sha256(readFileSync(path.join(out, 'lakeside', f.path))), f.path).toBe(f.sha256);
    expect(readFileSync(path.join(out, 'lakeside/captures/control.pcap')).equals(readFileSync(PCAP))).toBe(true);
  });

  it('sends the exported PDF as an attachment, and says when none was exported', async () => {
    expect((await get(server.port, `/${server.token}/download/${auditId}/report-Letter.pdf`)).status).toBe(404);
    const pdf = Buffer.from('%PDF-1.4 stand-in bytes; the route does not look inside\n');
    writeFileSync(`${dir}-DRAFT-report-A4.pdf`, pdf);
    const got = await get(server.port, `/${server.token}/download/${auditId}/report-A4.pdf`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe('attachment; filename="lakeside-DRAFT-report-A4.pdf"');
    expect(got.body.equals(pdf)).toBe(true);
  });

  it('keeps downloads behind the token and Host gate, and names audits by id only', async () => {
    const id = auditId;
    expect((await get(server.port, `/download/${id}/bundle.zip`)).status).toBe(403);
    expect((await get(server.port, `/${'0'.repeat(64)}/download/${id}/bundle.zip`)).status).toBe(403);
    expect((await get(server.port, `/${server.token}/download/${id}/bundle.zip`, `evil.example:${server.port}`)).status).toBe(403);
    expect((await get(server.port, `/${server.token}/download/%2e%2e%2f%2e%2e%2fetc/passwd`)).status).toBe(400);
    expect((await get(server.port, `/${server.token}/download/${encodeURIComponent(dir)}/bundle.zip`)).status).toBe(400);
    expect((await get(server.port, `/${server.token}/download/not-an-open-audit/bundle.zip`)).status).toBe(404);
    expect((await get(server.port, `/${server.token}/download/${id}/manifest.json`)).status).toBe(404);
    expect((await get(server.port, `/${server.token}/download/${id}/report-A4.pdf/x`)).status).toBe(404);
  });
});
