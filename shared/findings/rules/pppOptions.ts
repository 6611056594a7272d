import { ref } from '../evidence';
import type { Rule } from '../types';

/** pppd's authentication settings, judged from the options file pppd reads. */
export const pppAuthNotRequired: Rule = {
  id: 'ppp-auth-not-required',
  title: 'pppd does not require the peer to authenticate',
  uses: ['pppOptions'],
  troubleshooting: 'chap-secrets',
  evaluate({ pppOptions }) {
    if (!pppOptions) return { kind: 'not-evaluated', reason: 'pppd options not read' };
    if (pppOptions.posture.authRequired) return { kind: 'clear', basis: `${pppOptions.file} requires authentication (${pppOptions.posture.authAccepted.join(', ')})` };
    return {
      kind: 'fired',
      findings: [
        {
          title: 'pppd does not require the peer to authenticate',
          severity: 'critical',
          summary: `${pppOptions.file}: neither "auth" nor any require-* option is set (or "noauth" is): anyone who reaches TCP 1723 gets a tunnel into the network.`,
          evidence: [ref(pppOptions.source, `${pppOptions.file}: no auth / require-* option`)],
          remediation: 'Add "auth" and "require-mschap-v2" (and plan the migration: MS-CHAPv2 itself is broken).',
        },
      ],
    };
  },
};

export const pppLegacyAuth: Rule = {
  id: 'ppp-legacy-auth',
  title: 'Legacy authentication accepted (PAP, CHAP-MD5, MS-CHAPv1)',
  uses: ['pppOptions'],
  troubleshooting: 'chap-secrets',
  evaluate({ pppOptions }) {
    if (!pppOptions) return { kind: 'not-evaluated', reason: 'pppd options not read' };
    const legacy = pppOptions.posture.authAccepted.filter((p) => p === 'pap' || p === 'chap' || p === 'mschap');
    if (legacy.length === 0) return { kind: 'clear', basis: `${pppOptions.file} accepts ${pppOptions.posture.authAccepted.join(', ') || 'no protocol'}` };
    return {
      kind: 'fired',
      findings: [
        {
          title: `Legacy authentication accepted: ${legacy.join(', ').toUpperCase()}`,
          severity: legacy.includes('pap') ? 'critical' : 'high',
          summary: `${pppOptions.file}: ${legacy.includes('pap') ? 'PAP sends the password in cleartext; ' : ''}CHAP-MD5 and MS-CHAPv1 give no MPPE keys or are trivially cracked.`,
          evidence: [ref(pppOptions.source, `${pppOptions.file}: accepts ${legacy.join(', ')}`)],
          remediation: 'Add refuse-pap, refuse-chap, refuse-mschap and require-mschap-v2.',
        },
      ],
    };
  },
};

export const pppOptionsContradict: Rule = {
  id: 'ppp-options-contradict',
  title: 'Contradictory pppd options',
  uses: ['pppOptions'],
  troubleshooting: 'mppe-required-failed',
  evaluate({ pppOptions }) {
    if (!pppOptions) return { kind: 'not-evaluated', reason: 'pppd options not read' };
    const problems = pppOptions.posture.problems;
    if (problems.length === 0) return { kind: 'clear', basis: `${pppOptions.file} has no contradicting options` };
    return {
      kind: 'fired',
      findings: problems.map((problem, i) => ({
        qualifier: String(i + 1),
        title: 'Contradictory pppd options',
        severity: 'medium' as const,
        summary: `${pppOptions.file}: ${problem}. pppd applies the last one, so the file does not do what it reads as.`,
        evidence: [ref(pppOptions.source, `${pppOptions.file}: ${problem}`)],
        remediation: 'Remove the contradicting option.',
      })),
    };
  },
};
