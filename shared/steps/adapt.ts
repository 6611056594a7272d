import { tryAdapter } from '../audit/facts';
import type { AuditFacts } from '../findings/facts';
import type { Adapted } from './outputs';

/**
 * Collects fact sections for an adapter: each builder runs through tryAdapter, so an input an
 * adapter cannot read leaves its section out with a one-line reason instead of a crash or a
 * guess, and the rules that need the section say "not evaluated".
 */
export class FactsCollector {
  readonly facts: AuditFacts = {};
  readonly problems: string[] = [];

  take<K extends keyof AuditFacts>(key: K, build: () => AuditFacts[K]): void {
    const outcome = tryAdapter(build);
    if (outcome.ok) this.facts[key] = outcome.facts;
    else this.problems.push(outcome.problem);
  }

  result(): Adapted {
    return { facts: this.facts, problems: this.problems };
  }
}
