/**
 * Runs every reader of a bundle on each (hostile) bundle named and prints what each returned or threw,
 * as JSON. A separate process so that a reader that blocks (a FIFO opened without O_NONBLOCK)
 * is killed by the test's timeout instead of hanging the test runner.
 */
import { appendFileSync } from 'node:fs';
import { Backend } from '../../../../electron/backend/backend';
import { openSavedAudit } from '../../../../electron/audit/savedAudits';
import { compareBundles, readBundle, verifyBundle } from '../../../../electron/evidence';
import { loadReportModel } from '../../../../electron/report/loadReportModel';

const [resultFile, baseline, ...dirs] = process.argv.slice(2) as [string, string, ...string[]];
const backend = new Backend(() => {});
type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

for (const dir of dirs) {
  const out: Record<string, Outcome> = {};
  const attempt = async (name: string, run: () => unknown) => {
    try {
      out[name] = { ok: true, value: await run() };
    } catch (error) {
      out[name] = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
  await attempt('verify', () => verifyBundle(dir));
  await attempt('model', () => loadReportModel(dir));
  await attempt('read', () => readBundle(dir));
  await attempt('compare', () => compareBundles(baseline, dir));
  await attempt('replay', () => openSavedAudit(dir, 'replay'));
  await attempt('ipc', async () => {
    // The GUI's path: report.model through the real dispatcher.
    const auditId = backend.audits.register(dir);
    const answer = await backend.dispatch('report.model', { auditId }, { binding: 'loopback', clientId: 'hostile' });
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value;
  });
  // One line per bundle as it is done: a hang is pinned on the bundle that caused it, and
  // the bundles read before it keep their own results.
  appendFileSync(resultFile, `${JSON.stringify({ dir, out })}\n`);
}
process.exit(0);
