// Entry point of the privileged helper (dist/helper.cjs). Started by electron/helper/elevate.ts
// through sudo (in a pseudo-terminal), pkexec, or directly when the app already runs as root.
//
//   helper.cjs --socket-dir DIR --token-file DIR/token --audit-log FILE --parent-pid PID
//              [--idle-timeout-s N]
//
// DIR is the private directory the app created (mode 0700, owned by the auditor); the helper
// reads and deletes the one-time token file, listens on DIR/helper.sock (mode 0600, owned by
// the auditor) and prints HELPER_READY_MARKER. It serves exactly one authenticated client and
// exits when that client disconnects, when the parent process is gone, when idle, or on a signal.
import { parseHelperArgs } from './args';
import { startHelper } from './startHelper';

const parsed = parseHelperArgs(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`pptp-auditor helper: ${parsed.error}\n`);
  process.exit(2);
}

startHelper(parsed.args).catch((e: unknown) => {
  process.stderr.write(`pptp-auditor helper: ${(e as Error).message}\n`);
  process.exit(1);
});
