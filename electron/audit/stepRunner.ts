import { closeSync, openSync, readSync } from 'node:fs';
import type { StepId } from '../../shared/checklist/steps';
import { probeFromDfPing, WireFactsBuilder, type CitedProbe } from '../../shared/audit/facts';
import { summariseSamples } from '../../shared/analysis/throughputStats';
import { defaultMtuProbeConfig, mtuProbeResult, nextProbeSize, recordProbe, startMtuProbe } from '../../shared/analysis/mtuProbe';
import { isIpv6Literal, type OpLine } from '../../shared/ops/catalogue';
import type { ThroughputSample } from '../../shared/model/throughput';
import type { CancelToken } from '../../shared/ops/runner';
import { planStep, type PlanContext, type PlannedCommand } from '../../shared/steps/index';
import type { RawOutput } from '../../shared/steps/outputs';
import { fromRequest } from '../../shared/steps/planned';
import { pmtuProbeRequest } from '../../shared/steps/specs/latency';
import { BUNDLE_FILES } from '../evidence/layout';
import { ThroughputSampler, type SamplerOptions } from '../collectors/throughput/sampler';
import type { KeptOutput } from './auditSession';

/**
 * Where a step's commands run and their outputs are kept: the audit's evidence bundle
 * (AuditSession), or memory for a per-step CLI command. The plan and its execution are the
 * same either way.
 */
export interface StepRecorder {
  /** Runs a planned operation and keeps its output; the record carries the planned argv. */
  run(step: StepId, command: PlannedCommand, onLine?: (line: OpLine) => void, cancel?: CancelToken): Promise<KeptOutput>;
  /** Records a read done in-process (procfs, sysfs) under its planned argv; returns the file that keeps it. */
  recordRead(step: StepId, command: PlannedCommand, read: { startedAt: string; stdout: string; error?: string }): string;
  appendSamples(samples: ThroughputSample[]): void;
  /** Keeps a derived output (wire report, probe summary); returns its file. */
  addOutput(name: string, text: string): string;
  /** How a file the helper wrote (the pcap) is cited. */
  fileOf(absolutePath: string): string;
  at(): string;
}

/** What one run of a step produced: raw outputs for the adapters, bundle files, and what went wrong. */
export interface StepExecution {
  outputs: RawOutput[];
  /** Bundle-relative files of the run (the checklist's evidence list). */
  files: string[];
  /** One line per command that could not do its job. */
  errors: string[];
}

export interface StepHooks {
  /** Progress lines for the auditor (GUI output pane, CLI stderr). */
  say?: (line: string) => void;
  /** Live output lines of a running command (ping replies). */
  onLine?: (line: OpLine) => void;
  /** The pcap path once a capture runs, so the GUI can decode it as it grows; returns a stop function. */
  onCaptureStarted?: (pcapPath: string) => () => void;
  /** Runs only the planned commands whose key passes (a per-step CLI command runs part of a step). */
  planFilter?: ((key: string) => boolean) | undefined;
  /** Waits the capture/sampling window; resolves early on cancel. Default: a timer cut short by `cancel`. */
  waitWindow?: (seconds: number) => Promise<void>;
  /**
   * The auditor's Cancel: windows end early, a running command is interrupted (ping prints its
   * summary on SIGINT), no further probe starts. What was gathered is kept and judged as partial.
   */
  cancel?: CancelToken;
  /** A throughput sample arrived (live counts for the GUI). */
  onSample?: (count: number) => void;
  /** Samples the audited host's counters when it is not this machine (a gateway over SSH). */
  sampler?: (options: SamplerOptions) => { start(): void; stop(): void };
  /** Reads a small sysfs file (link speed) of the audited host when it is not this machine. */
  readSmallFile?: (path: string) => Promise<{ text: string; error?: string }>;
}

/** A window timer that a cancel ends at once. */
function sleep(seconds: number, cancel?: CancelToken): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, seconds * 1000);
    cancel?.onCancel(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Runs one step exactly as its spec plans it (shared/steps): every command that runs is a
 * planned command, recorded with the argv the GUI showed. Steps 3, 4 and 6 add what only a
 * live run has: the sampling loop, the capture window, the path-MTU bisection (whose later
 * probes vary only the payload size of the planned first one).
 */
export async function executeStep(session: StepRecorder, step: StepId, context: PlanContext, hooks: StepHooks = {}): Promise<StepExecution> {
  const plan = planStep(step, context).filter((c) => hooks.planFilter?.(c.key) ?? true);
  const run = new PlanRun(session, step, hooks);
  switch (step) {
    case 'throughput':
      await run.throughput(plan, context);
      break;
    case 'capture':
      await run.capture(plan, context);
      break;
    case 'latency':
      await run.latency(plan, context);
      break;
    default:
      for (const command of plan) await run.command(command);
  }
  return run.execution;
}

class PlanRun {
  readonly execution: StepExecution = { outputs: [], files: [], errors: [] };

  constructor(
    private readonly session: StepRecorder,
    private readonly step: StepId,
    private readonly hooks: StepHooks,
  ) {}

  /** Runs a planned operation; its output becomes a raw output unless the command failed. */
  async command(command: PlannedCommand): Promise<KeptOutput | null> {
    if (command.unavailable !== null || !command.request) {
      this.execution.errors.push(`${command.display}: ${command.unavailable ?? 'not runnable'}`);
      return null;
    }
    const kept = await this.session.run(this.step, command, this.hooks.onLine, this.hooks.cancel);
    this.execution.files.push(kept.file);
    // Stopped by the auditor's Cancel, a command's output so far (ping's replies and summary) is
    // what was gathered: kept and read like any other, the run is then marked cancelled.
    const stoppedWithOutput = this.hooks.cancel?.cancelled === true && kept.text.trim() !== '';
    if (kept.result.error && !stoppedWithOutput) {
      this.execution.errors.push(kept.result.error);
      return kept;
    }
    const hostPath = command.request.op === 'ppp.options' ? command.request.path : undefined;
    const stderr = kept.result.stderr;
    this.execution.outputs.push({ step: this.step, key: command.key, file: kept.file, text: kept.text, ...(hostPath ? { hostPath } : {}), ...(stderr ? { stderr } : {}) });
    return kept;
  }

  private find(plan: PlannedCommand[], key: string): PlannedCommand {
    const found = plan.find((c) => c.key === key);
    if (!found) throw new Error(`step ${this.step} plans no "${key}"`);
    return found;
  }

  private wait(seconds: number): Promise<void> {
    return this.hooks.waitWindow ? this.hooks.waitWindow(seconds) : sleep(seconds, this.hooks.cancel);
  }

  /** Step 3: the sampler for the window (samples appended to the bundle as they come), the carrier speed, sensors. */
  async throughput(plan: PlannedCommand[], { target, options }: PlanContext): Promise<void> {
    const planned = this.find(plan, 'samples');
    const startedAt = this.session.at();
    const samples: ThroughputSample[] = [];
    const samplerOptions: SamplerOptions = {
      iface: target.iface,
      intervalMs: options.intervalMs,
      onSample: (sample) => {
        samples.push(sample);
        this.session.appendSamples([sample]);
        this.hooks.onSample?.(samples.length);
      },
    };
    const sampler = this.hooks.sampler?.(samplerOptions) ?? new ThroughputSampler(samplerOptions);
    this.hooks.say?.(`sampling ${target.iface} every ${options.intervalMs} ms for ${options.windowS} s…`);
    sampler.start();
    try {
      await this.wait(options.windowS);
    } finally {
      sampler.stop();
    }
    // The sampler reads procfs in-process; its record carries the planned argv and a summary.
    this.recordInProcess(planned, startedAt, `${JSON.stringify({ samples: samples.length, stats: summariseSamples(samples) }, null, 2)}\n`);
    this.execution.files.push(BUNDLE_FILES.samples);
    if (samples.every((s) => !s.present)) this.execution.errors.push(`${target.iface} was absent for the whole sampling window`);
    this.execution.outputs.push({ step: this.step, key: 'samples', file: BUNDLE_FILES.samples, text: '', decoded: { samples } });

    const speed = this.find(plan, 'link-speed');
    const speedPath = speed.argv[1]!;
    const speedStarted = this.session.at();
    let speedText = '';
    let speedError: string | undefined;
    if (this.hooks.readSmallFile) {
      const read = await this.hooks.readSmallFile(speedPath);
      speedText = read.text;
      speedError = read.error;
    } else try {
      const fd = openSync(speedPath, 'r');
      try {
        const buffer = Buffer.alloc(64);
        speedText = buffer.subarray(0, readSync(fd, buffer, 0, 64, 0)).toString('utf8');
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      // sysfs refuses to report a speed for virtual links (EINVAL): the capacity is then unknown.
      speedError = `${speedPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    }
    const record = this.recordInProcess(speed, speedStarted, speedText, speedError);
    if (!speedError) this.execution.outputs.push({ step: this.step, key: 'link-speed', file: record, text: speedText });

    await this.command(this.find(plan, 'sensors'));
  }

  private recordInProcess(command: PlannedCommand, startedAt: string, stdout: string, error?: string): string {
    const file = this.session.recordRead(this.step, command, { startedAt, stdout, ...(error ? { error } : {}) });
    this.execution.files.push(file);
    if (error) this.execution.errors.push(error);
    return file;
  }

  /** Step 4: tcpdump on the carrier for the window, then stopped, decoded and kept beside its analysis. */
  async capture(plan: PlannedCommand[], { options }: PlanContext): Promise<void> {
    const kept = await this.command(this.find(plan, 'capture'));
    this.execution.outputs = this.execution.outputs.filter((o) => o.key !== 'capture');
    if (!kept || kept.result.error) return;
    const captureId = kept.result.captureId;
    const pcapPath = kept.result.files?.[0];
    if (!captureId || !pcapPath) {
      this.execution.errors.push('capture.start returned no capture id or file');
      return;
    }
    this.hooks.say?.(`capturing for ${options.windowS} s…`);
    const stopFollowing = this.hooks.onCaptureStarted?.(pcapPath);
    try {
      await this.wait(options.windowS);
    } finally {
      // capture.stop is the bookkeeping of the planned start: it names the id the start returned.
      const stop = fromRequest('capture-stop', 'end of the capture window', { op: 'capture.stop', captureId });
      const stopped = await this.session.run(this.step, stop);
      this.execution.files.push(stopped.file);
      if (stopped.result.error) this.execution.errors.push(stopped.result.error);
      stopFollowing?.();
    }
    const pcapFile = this.session.fileOf(pcapPath);
    try {
      const { facts, report } = decodeCapture(pcapPath, pcapFile);
      const reportFile = this.session.addOutput('wire-report.json', `${JSON.stringify(report, null, 2)}\n`);
      this.execution.files.push(pcapFile, reportFile);
      this.execution.outputs.push({ step: this.step, key: 'capture', file: pcapFile, text: '', decoded: { wire: facts } });
      this.hooks.say?.(`${report.packets} packets; data channel: ${facts.encryption.verdict}`);
    } catch (error) {
      this.execution.files.push(pcapFile);
      this.execution.errors.push(`${pcapFile}: ${(error as Error).message}`);
    }
  }

  /** Step 6: the planned ping, then the DF bisection from the planned first probe. */
  async latency(plan: PlannedCommand[], { target }: PlanContext): Promise<void> {
    const planned = plan.find((c) => c.key === 'ping');
    const ping = planned ? await this.command(planned) : null;
    if (ping && !ping.result.error) this.hooks.say?.(ping.text.trim().split('\n').slice(-3).join('\n'));
    const first = plan.find((c) => c.key === 'pmtu');
    if (!first) return;
    let state = startMtuProbe(defaultMtuProbeConfig(isIpv6Literal(target.remoteIp) ? 'inet6' : 'inet'));
    const probes: CitedProbe[] = [];
    for (let size = nextProbeSize(state); size !== null && !this.hooks.cancel?.cancelled; size = nextProbeSize(state)) {
      const command = probes.length === 0 ? first : fromRequest('pmtu', first.purpose, pmtuProbeRequest(target.remoteIp, target.iface, size), { repeats: first.repeats ?? '' });
      const kept = await this.session.run(this.step, command, undefined, this.hooks.cancel);
      this.execution.files.push(kept.file);
      const text = `${kept.result.stdout}\n${kept.result.stderr}`;
      // The outcome that steers the bisection is the one the step's adapter will judge.
      let probe: CitedProbe;
      try {
        probe = probeFromDfPing(text, kept.file);
      } catch {
        this.execution.errors.push(`path-MTU probe: ${kept.result.error ?? 'ping printed no run'}`);
        break;
      }
      this.execution.outputs.push({ step: this.step, key: 'pmtu', file: kept.file, text });
      probes.push(probe);
      state = recordProbe(state, probe);
    }
    if (probes.length > 0) {
      const summary = { target: target.remoteIp, result: mtuProbeResult(state), probes };
      this.execution.files.push(this.session.addOutput('mtu-probe.json', `${JSON.stringify(summary, null, 2)}\n`));
    }
  }
}

/** Streams the pcap through the decoder in 1 MiB chunks: memory stays flat on long captures. */
export function decodeCapture(pcapPath: string, pcapFile: string) {
  const builder = new WireFactsBuilder(pcapFile);
  const fd = openSync(pcapPath, 'r');
  try {
    const chunk = new Uint8Array(1 << 20);
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got <= 0) break;
      builder.push(chunk.subarray(0, got));
    }
  } finally {
    closeSync(fd);
  }
  return builder.finish();
}
