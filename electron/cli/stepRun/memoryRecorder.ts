import path from 'node:path';
import type { StepId } from '../../../shared/checklist/steps';
import type { OpLine } from '../../../shared/ops/catalogue';
import type { Runner } from '../../../shared/ops/runner';
import type { PlannedCommand } from '../../../shared/steps/index';
import type { KeptOutput } from '../../audit/auditSession';
import type { StepRecorder } from '../../audit/stepRunner';

/**
 * Keeps a per-step command's outputs in memory: no bundle, and each output is cited by the
 * command line that produced it, which is what the auditor reading the terminal can re-run.
 */
export class MemoryRecorder implements StepRecorder {
  constructor(private readonly runner: Runner) {}

  async run(_step: StepId, command: PlannedCommand, onLine?: (line: OpLine) => void): Promise<KeptOutput> {
    if (!command.request) throw new Error(`${command.display}: ${command.unavailable ?? 'not an operation of the runner'}`);
    const result = await this.runner.run(command.request, onLine ? { onLine } : {});
    return { file: command.display, text: result.stdout, result };
  }

  recordRead(_step: StepId, command: PlannedCommand): string {
    return command.display;
  }

  appendSamples(): void {}

  addOutput(name: string): string {
    return name;
  }

  fileOf(absolutePath: string): string {
    return path.basename(absolutePath);
  }

  at(): string {
    return new Date().toISOString();
  }
}
