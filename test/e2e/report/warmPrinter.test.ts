import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WarmReportPrinter } from '../../../electron/report/printPdfHeadless';

// The real print layout (dist/renderer, from npm run build) of the real golden bundle, in the Debian Chromium.
const REPO = path.resolve(__dirname, '../../..');
const renderer = path.join(REPO, 'dist/renderer');
const golden = path.join(REPO, 'test/fixtures/evidence/golden-lo');
const sample = path.join(REPO, 'samples/lab-cleartext');
const out = mkdtempSync(path.join(tmpdir(), 'pa-warm-print-'));
const printer = new WarmReportPrinter(renderer);
afterAll(async () => {
  await printer.close();
  rmSync(out, { recursive: true, force: true });
});

const isPdf = (file: string) => readFileSync(file).subarray(0, 5).toString('latin1') === '%PDF-';
const textOf = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe.skipIf(!existsSync(path.join(renderer, 'report.html')))('the warm report printer (exportPdf of the browser binding)', () => {
  it('prints several reports through one browser', async () => {
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf']) await printer.print(golden, path.join(out, name), 'A4');
    expect(['a.pdf', 'b.pdf', 'c.pdf'].every((n) => isPdf(path.join(out, n)))).toBe(true);
    expect(printer.starts).toBe(1);
  });

  it('prints each report alone on the page it keeps loaded: nothing of the one before, whatever the paper', async () => {
    // The same report page draws one bundle after the other (the layout clears itself between prints).
    await printer.print(sample, path.join(out, 'sample-a4.pdf'), 'A4');
    await printer.print(golden, path.join(out, 'golden-letter.pdf'), 'Letter');
    await printer.print(sample, path.join(out, 'sample-a4-again.pdf'), 'A4');
    const sampleText = textOf(path.join(out, 'sample-a4.pdf'));
    const goldenText = textOf(path.join(out, 'golden-letter.pdf'));
    const againText = textOf(path.join(out, 'sample-a4-again.pdf'));
    expect(sampleText).toContain('Sample — recorded in the PPTP lab');
    expect(sampleText).not.toContain('Loopback Lab');
    expect(goldenText).toContain('Loopback Lab');
    expect(goldenText).not.toContain('Sample — recorded in the PPTP lab');
    // Only the minute it was generated may differ.
    const undated = (t: string) => t.replace(/Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC/, 'Generated <when>');
    expect(undated(againText)).toBe(undated(sampleText));
    expect(printer.starts).toBe(1);
  });

  it('replaces a browser that went away between two exports', async () => {
    // Closed from outside the printer (as a crash would leave it: disconnected).
    const engine = await (printer as unknown as { engine: Promise<{ browser: { close(): Promise<void> } }> }).engine;
    await engine.browser.close();
    await printer.print(golden, path.join(out, 'd.pdf'), 'Letter');
    expect(isPdf(path.join(out, 'd.pdf'))).toBe(true);
    expect(printer.starts).toBe(2);
  });

  it('refuses to print once closed, and leaves no browser behind', async () => {
    await printer.close();
    await expect(printer.print(golden, path.join(out, 'e.pdf'), 'A4')).rejects.toThrow(/closed/);
    expect(existsSync(path.join(out, 'e.pdf'))).toBe(false);
  });
});
