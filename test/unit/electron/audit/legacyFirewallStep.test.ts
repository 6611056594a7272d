import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { executeStep } from '../../../../electron/audit/stepRunner';
import { judgeStep } from '../../../../electron/cli/stepRun/judge';
import { MemoryRecorder } from '../../../../electron/cli/stepRun/memoryRecorder';
import type { OpRequest, OpResult } from '../../../../shared/ops/catalogue';
import { missingToolMessage, planArgv, planOperation } from '../../../../shared/ops/plan';
import type { Runner } from '../../../../shared/ops/runner';
import { DEFAULT_STEP_OPTIONS } from '../../../../shared/steps/index';
import { readFixture } from '../../shared/parsers/readFixture';

const target = { iface: 'ppp0', carrier: 'eth0', remoteIp: '10.0.0.2' };

/**
 * Step 5 as every runner runs it, answered with the outputs recorded in a namespace whose rules
 * were loaded with iptables-legacy (test/fixtures/iptables-legacy): iptables-save prints nothing
 * on stdout and the warning on stderr. `legacySave: false` is a host without iptables-legacy-save.
 */
function recordedHost(legacySave: boolean): Runner {
  return {
    kind: 'direct',
    setAuditLog: async () => undefined,
    close: async () => undefined,
    async run(request: OpRequest): Promise<OpResult> {
      const at = new Date().toISOString();
      const argv = planArgv(planOperation(request, { kernelRelease: os.release() }));
      const base = { op: request.op, argv, startedAt: at, endedAt: at, signal: null, outputSha256: '', truncated: false };
      if (request.op === 'firewall.iptables') {
        return { ...base, exitCode: 0, stdout: readFixture('iptables-legacy/gre-blocked.save.txt'), stderr: readFixture('iptables-legacy/gre-blocked.save.stderr.txt') };
      }
      if (request.op === 'firewall.iptablesLegacy' && legacySave) return { ...base, exitCode: 0, stdout: readFixture('iptables-legacy/gre-blocked.legacy-save.txt'), stderr: '' };
      if (request.op === 'firewall.iptablesLegacy') return { ...base, exitCode: null, stdout: '', stderr: '', error: missingToolMessage('iptables-legacy-save') };
      if (request.op === 'firewall.nft') return { ...base, exitCode: 0, stdout: readFixture('iptables-legacy/gre-blocked.nft.txt'), stderr: '' };
      return { ...base, exitCode: null, stdout: '', stderr: '', error: 'not recorded' };
    },
  };
}

async function step5(legacySave: boolean) {
  const execution = await executeStep(new MemoryRecorder(recordedHost(legacySave)), 'logs', { target, options: DEFAULT_STEP_OPTIONS, kernelRelease: os.release(), captureDir: os.tmpdir() });
  return { execution, judged: judgeStep('logs', execution.outputs, { target, linkSpeedMbps: null }) };
}

describe('step 5 through the step runner on a host filtering with iptables-legacy', () => {
  it('iptables-legacy-save answered: the legacy GRE drop is judged', async () => {
    const { judged } = await step5(true);
    expect(judged.facts.firewall?.audit?.gre.status).toBe('dropped');
  });

  it('iptables-legacy-save missing: the warning iptables-save printed on stderr reaches the adapter, and the firewall is "not evaluated"', async () => {
    const { execution, judged } = await step5(false);
    expect(execution.errors).toContain('iptables-legacy-save is not installed (apt install iptables)');
    expect(execution.outputs.find((o) => o.key === 'iptables')?.stderr).toMatch(/iptables-legacy tables present/);
    expect(judged.facts.firewall?.audit).toBeUndefined();
    expect(judged.rules.find((r) => r.ruleId === 'firewall-accept-shadowed')).toMatchObject({ status: 'not-evaluated', detail: expect.stringMatching(/^firewall not evaluated: .*iptables-legacy tables present/) });
  });
});
