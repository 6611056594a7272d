import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EvidenceBundle } from '../evidence';

/** One JSONL record of outputs/terminal-<n>.jsonl; `t` is UTC (ISO 8601, ms). */
export type TranscriptRecord =
  | {
      t: string;
      dir: 'meta';
      event: 'opened';
      data: string;
      shell: string;
      args: string[];
      cwd: string;
      user: string;
      uid: number | null;
      /** The shell always runs on this machine, also during an audit that runs on a gateway. */
      runsOn?: 'this-machine';
      /** The gateway the audit runs on (ssh://…), or null: this machine too. */
      auditGateway?: string | null;
      origin: 'typed-by-hand';
      /** What is typed at a no-echo prompt: counted, never kept. */
      hiddenInput: 'counted-not-kept';
    }
  /** `hidden`: typed at a no-echo prompt; `data` is then only "[hidden input, N characters]". */
  | { t: string; dir: 'in'; data: string; origin?: 'paste-button'; hidden?: number }
  | { t: string; dir: 'line'; data: string; approximate: boolean }
  | { t: string; dir: 'out'; data: string }
  | { t: string; dir: 'resize'; cols: number; rows: number }
  | { t: string; dir: 'meta'; event: 'closed'; data: string; exitCode: number | null; signal: number | null };

/** Distributes the Omit over the union, so each record keeps its own fields. */
type WithoutTime<T> = T extends unknown ? Omit<T, 't'> : never;

/**
 * The terminal's evidence: every chunk in and out, as it happens, into the audit's bundle.
 * Each append is written before the call returns (fsync'd with the bundle's other logs), so
 * what the pane shows or sends to the shell has been kept first.
 */
export class Transcript {
  private constructor(
    private readonly bundle: EvidenceBundle,
    private readonly name: string,
    readonly rel: string,
    private readonly now: () => Date,
  ) {}

  /** The next free outputs/terminal-<n>.jsonl of the bundle. */
  static next(bundle: EvidenceBundle, now: () => Date): Transcript {
    let n = 1;
    while (existsSync(path.join(bundle.dir, 'outputs', `terminal-${n}.jsonl`))) n++;
    const name = `terminal-${n}.jsonl`;
    return new Transcript(bundle, name, `outputs/${name}`, now);
  }

  append(record: WithoutTime<TranscriptRecord>): void {
    this.bundle.appendOutputRecords(this.name, [{ t: this.now().toISOString(), ...record }]);
  }
}
