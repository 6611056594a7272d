/**
 * A Runner that answers every operation with what the real tools printed in the PPTP lab
 * (test/fixtures/lab/<scenario>/, the server side): the audit pipeline runs end to end on real
 * output without root, a tunnel or a lab. The argv it reports is the real planner's, so what
 * the evidence records is exactly what the helper would have run. An operation the lab did not
 * record answers like a missing tool: an error, never invented output.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OpRequest, OpResult } from '../../../../shared/ops/catalogue';
import { planArgv, planOperation } from '../../../../shared/ops/plan';
import type { RunOptions, Runner } from '../../../../shared/ops/runner';
import { summariseChapSecrets } from '../../../../shared/ops/chapSecretsSummary';

export const LAB = new URL('../../../fixtures/lab/', import.meta.url).pathname;

export class RecordedRunner implements Runner {
  readonly kind = 'direct' as const;
  readonly requests: OpRequest[] = [];
  private captures = 0;

  constructor(
    private readonly scenario: string,
    /** dfProbes false: no DF probe was recorded. answers: ops answered from another recorded file (path under test/fixtures/). */
    private readonly options: { dfProbes?: boolean; answers?: Partial<Record<OpRequest['op'], string>>; kernelRelease?: string } = {},
  ) {}

  /** As a gateway's runner: the kernel its operations are planned for, when not this machine's. */
  get kernelRelease(): string | undefined {
    return this.options.kernelRelease;
  }

  private file(name: string): string | null {
    const p = path.join(LAB, this.scenario, name);
    return existsSync(p) ? readFileSync(p, 'utf8') : null;
  }

  private answer(request: OpRequest): { stdout: string; error?: string; files?: string[]; captureId?: string } {
    const other = this.options.answers?.[request.op];
    if (other !== undefined) return { stdout: readFileSync(path.join(LAB, '..', other), 'utf8') };
    const missing = (what: string) => ({ stdout: '', error: `${what} was not recorded in the lab` });
    switch (request.op) {
      case 'ip.addr':
        return { stdout: this.file('server-ip-addr-up.json') ?? '' };
      case 'modules.list':
        return { stdout: this.file('proc-modules.txt') ?? '' };
      case 'modules.builtin':
        return { stdout: readFileSync(path.join(LAB, '../modules/uml-6.1-modules.builtin'), 'utf8') };
      case 'kernel.config':
        return { stdout: readFileSync(path.join(LAB, '../modules/uml-6.1-config.txt'), 'utf8') };
      case 'capture.start': {
        const target = path.join(request.dir, `lab-${++this.captures}.pcap`);
        copyFileSync(path.join(LAB, this.scenario, 'capture.pcap'), target);
        return { stdout: '', files: [target], captureId: `${'c'.repeat(15)}${this.captures}` };
      }
      case 'capture.stop':
        return { stdout: '' };
      case 'logs.journal':
        return { stdout: '' };
      case 'logs.file':
        return request.path === '/var/log/syslog' ? { stdout: this.file('syslog.txt') ?? '' } : { stdout: '', error: `${request.path} does not exist` };
      case 'ppp.options':
        return request.path === '/etc/ppp/options.pptpd' ? { stdout: this.file('options.pptpd') ?? '' } : { stdout: '', error: `${request.path} does not exist` };
      case 'ppp.chapSecrets': {
        const text = this.file('chap-secrets') ?? '';
        const summary = summariseChapSecrets(text, { path: '/etc/ppp/chap-secrets', mode: 0o100600, uid: 0, gid: 0, owner: 'root', group: 'root', sizeBytes: text.length });
        return { stdout: `${JSON.stringify(summary)}\n` };
      }
      case 'firewall.iptables':
        return { stdout: this.file('server-iptables-save.txt') ?? '' };
      case 'firewall.nft':
        return { stdout: this.file('server-nft-ruleset.txt') ?? '' };
      case 'ping.run': {
        if (request.dontFragment && this.options.dfProbes === false) return missing('ping -M do');
        const text = request.dontFragment ? this.file(`ping-df-${request.size}.txt`) : this.file('ping-1400.txt');
        return text === null ? missing(`ping -s ${request.size}${request.dontFragment ? ' -M do' : ''}`) : { stdout: text };
      }
      default:
        return missing(request.op);
    }
  }

  async run(request: OpRequest, options: RunOptions = {}): Promise<OpResult> {
    this.requests.push(request);
    const at = new Date().toISOString();
    const a = this.answer(request);
    if (request.op === 'ping.run') for (const line of a.stdout.split('\n')) options.onLine?.({ stream: 'stdout', line });
    return {
      op: request.op,
      argv: planArgv(planOperation(request, { kernelRelease: this.options.kernelRelease ?? os.release() })),
      startedAt: at,
      endedAt: at,
      exitCode: a.error ? 1 : 0,
      signal: null,
      stdout: a.stdout,
      stderr: '',
      outputSha256: '',
      truncated: false,
      ...(a.files ? { files: a.files } : {}),
      ...(a.captureId ? { captureId: a.captureId } : {}),
      ...(a.error ? { error: a.error } : {}),
    };
  }

  async setAuditLog(): Promise<void> {}
  async close(): Promise<void> {}
}
