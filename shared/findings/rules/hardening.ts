import type { EvidenceRef } from '../../model/evidence';
import { ref } from '../evidence';
import { CHAP_SECRET_MIN_ENTROPY_BITS, CHAP_SECRET_MIN_LENGTH } from '../thresholds';
import type { Rule, RuleFinding, Severity } from '../types';

/** Sources that mean "anyone" in iptables -S / -L output. */
const ANY_SOURCE = new Set(['', '0.0.0.0/0', '::/0', 'anywhere', '0/0']);

export const tcp1723Unrestricted: Rule = {
  id: 'tcp1723-unrestricted',
  title: 'TCP 1723 not restricted to an allowlist',
  uses: ['firewall'],
  troubleshooting: 'control-port-exposed',
  evaluate({ firewall }) {
    if (!firewall) return { kind: 'not-evaluated', reason: 'no firewall rules' };
    const open = firewall.tcp1723AcceptRules.filter((r) => ANY_SOURCE.has(r.source.trim()));
    const evidence: EvidenceRef[] = open.map((r) => ref(firewall.source, r.text, { line: r.line }));
    if (firewall.inputPolicy === 'ACCEPT') {
      evidence.push(ref(firewall.source, '-P INPUT ACCEPT (every port not explicitly dropped is open)'));
    }
    if (evidence.length === 0) {
      const sources = firewall.tcp1723AcceptRules.map((r) => r.source);
      return {
        kind: 'clear',
        basis: sources.length > 0 ? `TCP 1723 accepted only from ${sources.join(', ')} with INPUT policy ${firewall.inputPolicy}` : `no rule accepts TCP 1723 and INPUT policy is ${firewall.inputPolicy}`,
      };
    }
    return {
      kind: 'fired',
      findings: [
        {
          title: 'PPTP control port open to any address',
          severity: 'high',
          summary:
            open.length > 0
              ? `${open.length} rule(s) accept TCP 1723 from any source: anyone can attempt MS-CHAPv2 logins and capture challenge/response pairs.`
              : 'The INPUT policy is ACCEPT, so TCP 1723 is reachable from any address.',
          evidence,
          remediation:
            'Accept TCP 1723 (and GRE) only from the known peers: iptables -A INPUT -p tcp --dport 1723 -s <peer> -j ACCEPT for each, then iptables -A INPUT -p tcp --dport 1723 -j DROP (or a DROP policy).',
        },
      ],
    };
  },
};

export const chapSecretsExposed: Rule = {
  id: 'chap-secrets-exposed',
  title: 'chap-secrets readable by others',
  uses: ['chapSecrets'],
  troubleshooting: 'chap-secrets',
  evaluate({ chapSecrets }) {
    if (!chapSecrets) return { kind: 'not-evaluated', reason: 'chap-secrets not read' };
    const s = chapSecrets.summary;
    const problems: string[] = [];
    let severity: Severity = 'medium';
    if (s.worldReadable) {
      problems.push('world-readable');
      severity = 'high';
    }
    if (s.worldWritable) {
      problems.push('world-writable');
      severity = 'high';
    }
    if (s.groupReadable) problems.push(`group-readable (group ${s.group ?? s.gid})`);
    if (problems.length === 0) return { kind: 'clear', basis: `mode ${s.mode}, owner ${s.owner ?? s.uid}` };
    return {
      kind: 'fired',
      findings: [
        {
          title: `chap-secrets is ${problems.join(' and ')}`,
          severity,
          summary: `${s.path} has mode ${s.mode} (owner ${s.owner ?? s.uid}:${s.group ?? s.gid}): local users or services can read the tunnel passwords.`,
          evidence: [ref(chapSecrets.source, `${s.path}: mode ${s.mode}, owner ${s.owner ?? s.uid}:${s.group ?? s.gid}`)],
          remediation: `chown root:root ${s.path} && chmod 600 ${s.path}`,
        },
      ],
    };
  },
};

export const chapSecretsWeak: Rule = {
  id: 'chap-secrets-weak',
  title: 'Weak chap-secrets',
  uses: ['chapSecrets'],
  troubleshooting: 'chap-secrets',
  evaluate({ chapSecrets }) {
    if (!chapSecrets) return { kind: 'not-evaluated', reason: 'chap-secrets not read' };
    const literal = chapSecrets.summary.entries.filter((e) => e.secretKind !== 'file-reference');
    if (literal.length === 0) {
      return chapSecrets.summary.entries.length === 0
        ? { kind: 'not-evaluated', reason: 'chap-secrets holds no entries' }
        : { kind: 'not-evaluated', reason: 'every secret is a @file reference, whose content is not read' };
    }
    const weak = literal.filter(
      (e) => e.secretKind === 'empty' || e.secretLength < CHAP_SECRET_MIN_LENGTH || e.entropyBits < CHAP_SECRET_MIN_ENTROPY_BITS || e.secretInName,
    );
    if (weak.length === 0) {
      return { kind: 'clear', basis: `${literal.length} secret(s), all ≥ ${CHAP_SECRET_MIN_LENGTH} characters and ≥ ${CHAP_SECRET_MIN_ENTROPY_BITS} bits estimated` };
    }
    // Only lengths and entropy estimates: the secrets themselves never reach the evidence.
    const evidence = weak.slice(0, 20).map((e) =>
      ref(
        chapSecrets.source,
        `chap-secrets line ${e.line} (client ${e.client}): ${e.secretKind === 'empty' ? 'empty secret' : `${e.secretLength} characters, ~${e.entropyBits} bits estimated`}${e.secretInName ? ', secret contained in the user/server name' : ''}`,
      ),
    );
    const finding: RuleFinding = {
      title: `${weak.length} weak CHAP secret${weak.length > 1 ? 's' : ''}`,
      severity: 'high',
      summary: `${weak.length} of ${literal.length} secrets are shorter than ${CHAP_SECRET_MIN_LENGTH} characters or below ${CHAP_SECRET_MIN_ENTROPY_BITS} bits of estimated entropy: a captured MS-CHAPv2 exchange falls to an offline dictionary attack.`,
      evidence,
      remediation: `Replace them with random secrets of ${CHAP_SECRET_MIN_LENGTH}+ characters (e.g. head -c 32 /dev/urandom | base64), and rotate after the migration.`,
    };
    return { kind: 'fired', findings: [finding] };
  },
};
