import type { OpResult } from '../../shared/ops/catalogue';
import { failedResult } from './result';

/**
 * Shorter values are not checked: a 1-3 character secret is a substring of almost any reply
 * (and is flagged by its length in the summary anyway); it would turn every reply into a refusal.
 */
export const MIN_WITNESSED_CHARS = 4;

/** JSON string escaping, as the value appears inside a serialised reply. */
const jsonEscaped = (s: string): string => JSON.stringify(s).slice(1, -1);

/**
 * The secret values the helper read while serving ONE request (a chap-secrets secret, a
 * `password` option value). The reply to that request is checked against them before it
 * leaves: whatever a summariser or a redaction missed, a reply carrying a secret never goes out.
 * The values live in this object only, for the life of the request.
 */
export class SecretWitness {
  private readonly forms = new Set<string>();
  private source = '';

  /** Records secrets read from `source` (a path: named in the refusal, never the value). */
  saw(source: string, values: Iterable<string>): void {
    for (const value of values) {
      if (value.length < MIN_WITNESSED_CHARS) continue;
      // Raw, escaped once (a reply's JSON), escaped twice (a JSON summary inside stdout).
      const once = jsonEscaped(value);
      this.forms.add(value).add(once).add(jsonEscaped(once));
      if (!this.source.includes(source)) this.source = this.source ? `${this.source}, ${source}` : source;
    }
  }

  get empty(): boolean {
    return this.forms.size === 0;
  }

  /** True when the serialised text carries one of the secrets, in any of its spellings. */
  foundIn(serialised: string): boolean {
    for (const form of this.forms) if (serialised.includes(form)) return true;
    return false;
  }

  /** The one-line refusal that replaces a reply carrying a secret. */
  refusal(): string {
    return `reply withheld: it contained a secret value read from ${this.source}; the helper never sends secrets`;
  }

  /** The result itself, or a failure that says it was withheld (nothing of the content kept). */
  filter(result: OpResult): OpResult {
    if (this.empty || !this.foundIn(JSON.stringify(result))) return result;
    // The operation did run (exit status kept): only its content is withheld.
    return { ...failedResult(result.op, result.argv, new Date(result.startedAt), this.refusal()), exitCode: result.exitCode, signal: result.signal };
  }
}
