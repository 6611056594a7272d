import os from 'node:os';
import type { StepId } from '../../../shared/checklist/steps';
import type { AuditTarget } from '../../../shared/model/audit';
import { DEFAULT_STEP_OPTIONS, type StepOptions } from '../../../shared/steps/index';
import type { AdaptContext, RawOutput } from '../../../shared/steps/outputs';
import { executeStep } from '../../audit/stepRunner';
import { DirectRunner } from '../../ops/directRunner';
import { UsageError } from '../errors';
import { judgeStep } from './judge';
import { requireLocalCollectors } from './localCollectors';
import { MemoryRecorder } from './memoryRecorder';
import { judgementText } from './print';
import { suppliedOutputs } from '../../import/suppliedFiles';
import type { Runner } from '../../../shared/ops/runner';
import type { StepHooks } from '../../audit/stepRunner';
import type { TargetCliOptions } from './targetOptions';

export interface StepCommandSpec {
  step: StepId;
  /** Which of the step's planned commands this CLI command runs (all when omitted). */
  keys?: (key: string) => boolean;
}

export interface StepCommandRun {
  target: AuditTarget;
  options?: Partial<StepOptions>;
  from: string[];
  json: boolean;
  role?: AdaptContext['role'];
  /** --target ssh://… and its companions: run the step on that gateway instead of this machine. */
  remote?: TargetCliOptions;
}

export { addFromOption, collectValues } from './fromOption';

/**
 * A per-step command: the step's plan run on this machine (or the files given with --from,
 * each recognised by content), its adapter, and the one findings engine. What it prints is
 * what an audit with the same evidence concludes.
 */
export async function runStepCommand(spec: StepCommandSpec, run: StepCommandRun): Promise<void> {
  const context: AdaptContext = { target: run.target, linkSpeedMbps: null, ...(run.role ? { role: run.role } : {}) };
  let outputs: RawOutput[];
  let inputs: Array<{ file: string; kind: string }> = [];
  if (run.from.length > 0 && run.remote?.target !== undefined) throw new UsageError('--target and --from exclude each other: --from judges files already collected');
  if (run.from.length > 0) {
    const supplied = suppliedOutputs(
      run.from.map((f) => ({ path: f, cite: f })),
      (step) => step === spec.step,
    );
    if (supplied.refused.length > 0) throw new UsageError(supplied.refused.join('; '));
    outputs = supplied.outputs;
    inputs = supplied.inputs;
  } else {
    if (run.remote?.target === undefined) requireLocalCollectors();
    let runner: Runner = new DirectRunner();
    let kernelRelease = os.release();
    let hooks: Pick<StepHooks, 'sampler' | 'readSmallFile'> = {};
    let where = 'run on this machine';
    if (run.remote?.target !== undefined) {
      // On a gateway over SSH; the SSH code is loaded only then (the CLI starts fast).
      const { openCliTarget, TargetRefusal } = await import('../../remote/cliTarget');
      const { remoteAuditParts } = await import('../../remote/remoteAudit');
      const say = (line: string) => (run.json ? undefined : process.stderr.write(`${line}\n`));
      const remote = await openCliTarget({ ...run.remote, target: run.remote.target }, say).catch((e: Error) => {
        throw e instanceof TargetRefusal ? new UsageError(e.message) : e;
      });
      runner = remote;
      kernelRelease = remote.facts.kernelRelease;
      hooks = (await remoteAuditParts(remote, run.target.iface)).hooks;
      where = `run on ${run.remote.target}`;
    }
    try {
      const recorder = new MemoryRecorder(runner);
      const options = { ...DEFAULT_STEP_OPTIONS, ...run.options };
      const execution = await executeStep(recorder, spec.step, { target: run.target, options, kernelRelease }, { planFilter: spec.keys, ...hooks });
      outputs = execution.outputs;
      inputs = execution.outputs.map((o) => ({ file: o.file, kind: where }));
    } finally {
      await runner.close();
    }
  }
  const judgement = judgeStep(spec.step, outputs, context);
  if (run.json) process.stdout.write(`${JSON.stringify({ ...judgement, inputs }, null, 2)}\n`);
  else process.stdout.write(judgementText(judgement, inputs));
}
