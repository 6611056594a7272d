import type { EvidenceRef } from '../../model/evidence';
import { ref } from '../evidence';
import { CHAP_SECRET_MIN_ENTROPY_BITS, CHAP_SECRET_MIN_LENGTH } from '../thresholds';
import type { Rule, RuleFinding, Severity } from '../types';
import { readFirewall, unreadFirewallReason } from './firewallRead';
import { decisionText } from './firewallText';

export const tcp1723Unrestricted: Rule = {
  id: 'tcp1723-unrestricted',
  title: 'TCP 1723 not restricted to an allowlist',
  uses: ['firewall'],
  troubleshooting: 'control-port-exposed',
  evaluate({ firewall: facts, listeners }) {
    const firewall = readFirewall(facts);
    if (!firewall) return { kind: 'not-evaluated', reason: unreadFirewallReason(facts) };
    // Exposure needs something to expose: an empty ruleset in front of a closed port is not a finding.
    if (!listeners) return { kind: 'not-evaluated', reason: 'no list of listening sockets: whether anything answers on TCP 1723 is unknown' };
    const control = listeners.pptpControl;
    if (!control) return { kind: 'clear', basis: 'nothing listens on TCP 1723 on this host' };
    const listening = ref(listeners.source, `LISTEN ${control.address}:1723 ${control.processes.join(',')}`.trim(), { line: control.line });
    const cp = firewall.audit.controlPort;
    if (cp.status === 'allowlisted') return { kind: 'clear', basis: `TCP 1723 accepted only from ${cp.allowlist.join(', ')}` };
    if (cp.status === 'closed') return { kind: 'clear', basis: 'TCP 1723 is not accepted at all on this host' };
    const evidence: EvidenceRef[] =
      cp.status === 'no-filter'
        ? [ref(firewall.source, 'no INPUT filtering: no rule or DROP policy applies to incoming TCP 1723')]
        : cp.decisions.filter((d) => d.decision.verdict === 'accept').map((d) => ref(firewall.source, decisionText(d)));
    if (evidence.length === 0) evidence.push(ref(firewall.source, 'TCP 1723 accepted from any source'));
    evidence.unshift(listening);
    return {
      kind: 'fired',
      findings: [
        {
          title: 'PPTP control port open to any address',
          severity: 'high',
          summary:
            cp.status === 'no-filter'
              ? 'Nothing filters incoming traffic, so TCP 1723 is reachable from any address: anyone can attempt MS-CHAPv2 logins and collect challenge/response pairs.'
              : 'The rule that decides TCP 1723 accepts it from any source: anyone can attempt MS-CHAPv2 logins and collect challenge/response pairs.',
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
