import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { BaselineState, baselineImportSchema } from '../../shared/ipc/channels/baseline';
import { parsePromDuration } from '../../shared/baseline/promDuration';
import { summariseLongTermBaseline } from '../../shared/baseline/longTermSummary';
import { UserFacingError } from '../backend/dispatcher';
import type { PushHub } from '../backend/pushHub';
import type { AuditRegistry } from '../backend/auditRegistry';
import type { AuditService } from './auditService';
import { attachLongTermBaseline, LONG_TERM_BASELINE_FILE, readBundleLongTermBaseline } from '../fleet/prometheus/baselineEvidence';
import { CredentialRefused, readPromAuth } from '../fleet/prometheus/credentials';
import { importLongTermBaseline } from '../fleet/prometheus/importBaseline';
import { PrometheusRefused } from '../fleet/prometheus/client';

export type BaselineImportRequest = z.output<typeof baselineImportSchema>;

/** What the custody log names as the baseline's origin when it did not come from a file. */
export const GUI_BASELINE_ORIGIN = 'imported from Prometheus in the GUI';

/** The importer speaks the CLI's options; the panel's fields have labels. */
const OPTION_LABELS: Array<[RegExp, string]> = [
  [/--bearer-token-file\b/g, 'Bearer token file'],
  [/--basic-auth-file\b/g, 'a basic-auth file (CLI only)'],
  [/--ca-file\b/g, 'a CA file (CLI only)'],
  [/--prometheus\b/g, 'Prometheus URL'],
  [/--instance\b/g, 'Instance'],
  [/--device\b/g, 'Device'],
  [/--step\b/g, 'Step'],
];

export function inPanelWords(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return OPTION_LABELS.reduce((text, [option, label]) => text.replace(option, label), oneLine);
}

/**
 * The GUI's long-term baseline: the same import as `pptp-auditor baseline` and the same
 * attachment as `audit --baseline-file`, into the bundle of an audit that is still open.
 */
export class LongTermBaselineImports {
  /** Audits with an import under way: a second one would attach a second baseline. */
  private readonly importing = new Set<string>();

  constructor(
    private readonly guided: AuditService,
    private readonly registry: AuditRegistry,
    private readonly hub: PushHub,
  ) {}

  /** The summary of the baseline the audit holds; works on finished audits too (the report shows it). */
  state(auditId: string): BaselineState {
    const { baseline, problem } = readBundleLongTermBaseline(this.registry.dirOf(auditId));
    return { summary: baseline ? summariseLongTermBaseline(baseline) : null, problem };
  }

  async import(request: BaselineImportRequest): Promise<BaselineState> {
    const { auditId } = request;
    // Refused before any query: a closed audit, or one that already has its baseline.
    this.attachableBundle(auditId);
    if (this.importing.has(auditId)) throw new UserFacingError('a long-term baseline is already being imported into this audit');
    this.importing.add(auditId);
    try {
      const baseline = await this.fetch(request);
      // The audit may have been finished or abandoned while Prometheus answered.
      const bundle = this.attachableBundle(auditId);
      attachLongTermBaseline(bundle, { path: GUI_BASELINE_ORIGIN, text: `${JSON.stringify(baseline)}\n`, baseline });
      bundle.flush();
      return { summary: summariseLongTermBaseline(baseline), problem: null };
    } finally {
      this.importing.delete(auditId);
    }
  }

  private async fetch(request: BaselineImportRequest) {
    try {
      return await importLongTermBaseline({
        url: request.prometheus,
        auth: readPromAuth({ bearerTokenFile: request.bearerTokenFile === '' ? undefined : request.bearerTokenFile }),
        instance: request.instance,
        device: request.device,
        // The schema accepted only parsable durations.
        rangeSeconds: parsePromDuration(request.range)!,
        stepSeconds: parsePromDuration(request.step)!,
        onChunk: (done, total) => this.hub.emit('baseline.progress', { auditId: request.auditId, done, total }),
      });
    } catch (error) {
      if (error instanceof PrometheusRefused || error instanceof CredentialRefused) throw new UserFacingError(inPanelWords(error.message));
      throw error;
    }
  }

  private attachableBundle(auditId: string) {
    const bundle = this.guided.bundleOf(auditId);
    if (existsSync(path.join(bundle.dir, LONG_TERM_BASELINE_FILE))) {
      throw new UserFacingError('this audit already has a long-term baseline: start a new audit to attach another');
    }
    return bundle;
  }
}
