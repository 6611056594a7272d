// Test driver, run as the UNPRIVILEGED test user by sudo.e2e.test.ts (bundled by buildForTest).
// Reads its settings as JSON on stdin (the password never appears on a command line), elevates
// through sudo in a pseudo-terminal, runs a few operations and prints one JSON line.
import { elevate } from '../../../electron/helper/elevate';

interface DriverInput {
  helperPath: string;
  auditLogPath: string;
  password: string | null;
  nodePath: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const input = JSON.parse(await readStdin()) as DriverInput;
  let prompts = 0;
  const outcome = await elevate({
    method: 'sudo',
    helperPath: input.helperPath,
    auditLogPath: input.auditLogPath,
    nodeCommand: [input.nodePath],
    timeoutMs: 20_000,
    askPassword: async () => {
      prompts++;
      return input.password;
    },
  });
  if (!outcome.ok) {
    process.stdout.write(`${JSON.stringify({ ok: false, reason: outcome.reason, message: outcome.message, prompts })}\n`);
    return;
  }
  const runner = outcome.runner;
  const addr = await runner.run({ op: 'ip.addr' });
  const lines: string[] = [];
  const ping = await runner.run(
    { op: 'ping.run', target: '127.0.0.1', count: 3, intervalS: 0.2, size: 56, dontFragment: true, deadlineS: 5 },
    { onLine: (l) => lines.push(l.line) },
  );
  const iptables = await runner.run({ op: 'firewall.iptables' });
  const bad = await runner.run({ op: 'ping.run', target: '127.0.0.1; id', count: 1 } as never);
  const pid = (runner as unknown as { helperPid?: number }).helperPid ?? null;
  const euid = (runner as unknown as { helperEuid?: number }).helperEuid ?? null;
  await runner.close();
  process.stdout.write(
    `${JSON.stringify({
      ok: true,
      method: outcome.method,
      kind: runner.kind,
      prompts,
      helperPid: pid,
      helperEuid: euid,
      myUid: process.getuid?.(),
      addr: { exitCode: addr.exitCode, error: addr.error ?? null, isJson: addr.stdout.trim().startsWith('[') },
      ping: { exitCode: ping.exitCode, error: ping.error ?? null, argv: ping.argv, lines },
      iptables: { exitCode: iptables.exitCode, error: iptables.error ?? null },
      bad: { error: bad.error ?? null },
    })}\n`,
  );
}

main().catch((e: unknown) => {
  process.stdout.write(`${JSON.stringify({ ok: false, reason: 'crash', message: (e as Error).stack })}\n`);
  process.exitCode = 1;
});
