import { readFile } from 'node:fs/promises';
import type { OpResult } from '../../shared/ops/catalogue';
import { chapSecretValues, summariseChapSecrets } from '../../shared/ops/chapSecretsSummary';
import type { ChapSecretsPlan } from '../../shared/ops/plan';
import { FixedFileRefusal, openRegular, readCapped } from './readFixedFile';
import { failedResult, refusedResult, sha256Hex } from './result';
import { SecretWitness } from './secretWitness';

const MAX_SECRETS_BYTES = 1024 * 1024;

/** uid/gid -> name from /etc/passwd or /etc/group (Node has no getpwuid). */
async function nameOf(file: '/etc/passwd' | '/etc/group', id: number): Promise<string | null> {
  try {
    const text = await readFile(file, 'utf8');
    for (const line of text.split('\n')) {
      const [name, , idField] = line.split(':');
      if (name && idField !== undefined && Number(idField) === id) return name;
    }
  } catch {
    // no names: ids are still reported
  }
  return null;
}

/**
 * Reads the secrets file and returns ONLY the summary (see shared/ops/chapSecretsSummary.ts).
 * The raw text lives in this function's locals and nowhere else: errors are described from
 * the errno, never from the content.
 */
export async function runChapSecrets(op: string, plan: ChapSecretsPlan, secrets: SecretWitness = new SecretWitness()): Promise<OpResult> {
  const startedAt = new Date();
  const argv = ['read', plan.path];
  let handle;
  try {
    handle = await openRegular(plan.path);
    const st = await handle.stat();
    const { data, truncated } = await readCapped(handle, MAX_SECRETS_BYTES, false);
    const text = data.toString('utf8');
    // The helper's last-line filter checks the reply against every secret the file holds.
    secrets.saw(plan.path, chapSecretValues(text));
    const summary = summariseChapSecrets(text, {
      path: plan.path,
      mode: st.mode,
      uid: st.uid,
      gid: st.gid,
      owner: await nameOf('/etc/passwd', st.uid),
      group: await nameOf('/etc/group', st.gid),
      sizeBytes: st.size,
    });
    data.fill(0);
    const stdout = `${JSON.stringify(summary, null, 2)}\n`;
    return {
      op,
      argv,
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      exitCode: 0,
      signal: null,
      stdout,
      stderr: '',
      outputSha256: sha256Hex(stdout),
      truncated,
    };
  } catch (e) {
    if (e instanceof FixedFileRefusal) return refusedResult(op, argv, startedAt, e.message);
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `${plan.path} does not exist`
        : code === 'EACCES' || code === 'EPERM'
          ? `permission denied reading ${plan.path} (not running as root?)`
          : code === 'ELOOP'
            ? `${plan.path} is a symbolic link; refused`
            : `could not read ${plan.path} (${code ?? 'error'})`;
    return failedResult(op, argv, startedAt, message);
  } finally {
    await handle?.close();
  }
}
