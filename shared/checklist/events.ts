import type { AuditTarget } from '../model/audit';
import type { PrerequisiteProbe } from './prerequisites';
import type { Verdict } from './state';
import type { StepId } from './steps';

/** Everything that can happen to the checklist. Times are ISO-8601 UTC, supplied by the caller. */
export type ChecklistEvent =
  | { type: 'target-set'; target: AuditTarget }
  | { type: 'prerequisites-probed'; at: string; results: PrerequisiteProbe; /** The ssh:// target probed; absent: this machine. */ gateway?: string | null }
  | {
      type: 'run-started';
      step: StepId;
      at: string;
      /** The step's planned commands as displayed (shared/steps): what runs and what commands.jsonl records. None: nothing was announced. */
      commands?: string[];
    }
  | { type: 'run-finished'; step: StepId; runId: number; at: string; verdict: Verdict; evidence?: string[]; cancelled?: boolean }
  | { type: 'run-failed'; step: StepId; runId: number; at: string; error: string; evidence?: string[]; cancelled?: boolean }
  | { type: 'skipped'; step: StepId; at: string; reason: string }
  | { type: 'unskipped'; step: StepId; at: string }
  | { type: 'note-added'; step: StepId; at: string; text: string }
  | { type: 'verdict-overridden'; step: StepId; at: string; verdict: Verdict }
  | { type: 'verdict-override-cleared'; step: StepId; at: string };
