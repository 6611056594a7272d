import type { EvidenceRef } from '../../model/evidence';
import { ref } from '../evidence';
import type { Rule, RuleFinding } from '../types';
import { pptpEvidence } from './pptpEvidence';

/** PPTP is broken by design: evidence of PPTP itself (never a ppp* name alone) is a critical finding, always. */
export const pptpInUse: Rule = {
  id: 'pptp-in-use',
  title: 'PPTP in use',
  uses: ['interfaces', 'processes', 'listeners', 'wire', 'logs'],
  troubleshooting: 'pptp-legacy',
  evaluate(facts) {
    const { proof } = pptpEvidence(facts);
    if (proof.length === 0) {
      const looked = [
        facts.interfaces && facts.processes ? 'no PPP link with a pppd/pptpd process' : null,
        facts.listeners ? 'nothing listening on TCP 1723' : null,
        facts.wire ? 'no TCP 1723/GRE traffic on the carrier' : null,
        facts.logs ? 'no pppd/pptpd log lines' : null,
      ].filter(Boolean);
      if (looked.length === 0) return { kind: 'not-evaluated', reason: 'no process list, listener list, capture or log to show PPTP (an interface name is not evidence)' };
      return { kind: 'clear', basis: looked.join('; ') };
    }
    return {
      kind: 'fired',
      findings: [
        {
          title: 'PPTP is in use',
          severity: 'critical',
          summary:
            'The site relies on PPTP, whose authentication (MS-CHAPv2) and encryption (RC4-based MPPE) are broken by design; no configuration makes it safe.',
          evidence: proof,
          remediation:
            'Plan and execute the migration to WireGuard or IKEv2. Until then isolate the tunnel: restrict TCP 1723 to known peers, require 128-bit stateless MPPE, use 32+ character random secrets.',
        },
      ],
    };
  },
};

/** A ppp-named interface that nothing else shows to be PPTP: reported, never judged as PPTP. */
export const tunnelKindUnknown: Rule = {
  id: 'tunnel-kind-unknown',
  title: 'Tunnel of unknown kind',
  uses: ['interfaces'],
  troubleshooting: 'pptp-legacy',
  evaluate(facts) {
    const { proof, nameOnly } = pptpEvidence(facts);
    if (!facts.interfaces) return { kind: 'not-evaluated', reason: 'no interface list' };
    if (proof.length > 0) return { kind: 'clear', basis: 'PPTP itself is evidenced (see pptp-in-use)' };
    if (!nameOnly) return { kind: 'clear', basis: `no ${facts.interfaces.tunnel} interface named like a PPP tunnel` };
    return {
      kind: 'fired',
      findings: [
        {
          title: `${facts.interfaces.tunnel} is named like a PPP tunnel, but nothing shows it is PPTP`,
          severity: 'info',
          summary: `${facts.interfaces.tunnel} exists, but it is not a PPP link run by pppd/pptpd, nothing listens on TCP 1723, and no PPTP traffic or log line was seen. The PPTP findings are not made on a name alone.`,
          evidence: [nameOnly],
          remediation: 'Confirm what the interface is (ip -d link show, the process that created it). If it is a PPTP tunnel that was down, audit again while it is up.',
        },
      ],
    };
  },
};

export const dataChannelUnencrypted: Rule = {
  id: 'data-unencrypted',
  title: 'Data channel not encrypted',
  uses: ['wire'],
  troubleshooting: 'cleartext-pptp',
  evaluate({ wire }) {
    if (!wire) return { kind: 'not-evaluated', reason: 'no capture' };
    const { verdict, encryptedFrames, cleartextFrames, firstCleartextPacket } = wire.encryption;
    if (verdict === 'no-data') return { kind: 'not-evaluated', reason: 'the capture holds no PPP data frames inside GRE' };
    if (verdict === 'encrypted') {
      return { kind: 'clear', basis: `all ${encryptedFrames} PPP data frames carry MPPE (protocol 0x00FD)` };
    }
    const total = encryptedFrames + cleartextFrames;
    return {
      kind: 'fired',
      findings: [
        {
          title: verdict === 'cleartext' ? 'Tunnel data travels in cleartext' : 'Part of the tunnel data travels in cleartext',
          severity: 'critical',
          summary: `${cleartextFrames} of ${total} PPP data frames inside GRE are not MPPE-encrypted: the payload (telemetry, control commands) is readable by anyone on the path.`,
          evidence: [
            ref(wire.source, `first cleartext PPP data frame (protocol 0x0021 or other non-0x00FD); ${cleartextFrames}/${total} frames cleartext`, {
              packet: firstCleartextPacket,
            }),
          ],
          remediation:
            'Set require-mppe-128 in /etc/ppp/options.pptpd (and on the client) so unencrypted sessions are refused. Running without MPPE is only acceptable on a link already protected by a hardware encryptor.',
        },
      ],
    };
  },
};

export const weakMppe: Rule = {
  id: 'weak-mppe',
  title: 'Weak MPPE (40/56-bit or stateful)',
  uses: ['wire', 'logs', 'pppOptions'],
  troubleshooting: 'weak-mppe',
  evaluate({ wire, logs, pppOptions }) {
    const observations: Array<{ bits: number; stateless: boolean | undefined; ref: EvidenceRef }> = [];
    for (const m of wire?.mppe ?? []) {
      const bits = m.bits.length > 0 ? Math.max(...m.bits) : 0;
      observations.push({
        bits,
        stateless: m.stateless,
        ref: ref(wire!.source, `CCP agreed MPPE ${m.bits.join('/')}-bit, ${m.stateless ? 'stateless' : 'stateful'}`, { packet: m.packet }),
      });
    }
    for (const e of logs?.events ?? []) {
      if (e.kind === 'mppe-enabled' && e.bits !== undefined) {
        observations.push({ bits: e.bits, stateless: e.stateless, ref: ref(e.file, e.text, { line: e.line }) });
      }
    }
    const posture = pppOptions?.posture;
    const configuredWeak = posture && !posture.mppeDisabled ? posture.mppeAllowed.filter((b) => b < 128) : [];
    const configuredStateful = posture !== undefined && !posture.mppeDisabled && posture.statefulAllowed;
    if (observations.length === 0 && !posture) {
      return { kind: 'not-evaluated', reason: 'no MPPE negotiation in the capture, no "MPPE ... enabled" log line and no pppd options' };
    }
    const shortKeys = observations.filter((o) => o.bits < 128);
    const stateful = observations.filter((o) => o.bits >= 128 && o.stateless === false);
    const findings: RuleFinding[] = [];
    if (shortKeys.length > 0) {
      findings.push({
        qualifier: 'key-length',
        title: `MPPE negotiated with ${Math.min(...shortKeys.map((o) => o.bits))}-bit keys`,
        severity: 'high',
        summary: `${shortKeys.length} negotiation(s) used 40- or 56-bit RC4 keys, which can be brute-forced outright.`,
        evidence: shortKeys.map((o) => o.ref),
        remediation: 'Add require-mppe-128 (and nomppe-40, nomppe-56) to /etc/ppp/options.pptpd and the client options.',
      });
    }
    if (stateful.length > 0) {
      findings.push({
        qualifier: 'stateful',
        title: 'MPPE runs in stateful mode',
        severity: 'medium',
        summary: `${stateful.length} negotiation(s) use stateful MPPE: one lost GRE packet forces a key resynchronisation and stalls the tunnel, and the RC4 state spans the whole session.`,
        evidence: stateful.map((o) => o.ref),
        remediation: 'Remove mppe-stateful from the pppd options so the default stateless mode (H bit) is negotiated.',
      });
    }
    if (pppOptions && (configuredWeak.length > 0 || configuredStateful) && shortKeys.length === 0 && stateful.length === 0) {
      const allowed = [configuredWeak.length > 0 ? `${configuredWeak.join('/')}-bit keys` : null, configuredStateful ? 'stateful mode' : null].filter(Boolean).join(' and ');
      findings.push({
        qualifier: 'configured',
        title: `pppd options allow ${allowed}`,
        severity: 'medium',
        summary: `${pppOptions.file} lets a peer negotiate ${allowed}: a misconfigured or hostile client can downgrade the session.`,
        evidence: [ref(pppOptions.source, `${pppOptions.file}: MPPE allowed ${posture!.mppeAllowed.join('/')}-bit${configuredStateful ? ', stateful allowed' : ''}`)],
        remediation: 'Use require-mppe-128 (with nomppe-40 and nomppe-56) and remove mppe-stateful in the pppd options.',
      });
    }
    if (findings.length === 0) {
      if (observations.length === 0 && posture?.mppeDisabled) return { kind: 'not-evaluated', reason: 'MPPE is disabled altogether (see mppe-not-required); no key length to judge' };
      if (observations.length === 0) return { kind: 'clear', basis: `${pppOptions?.file ?? 'pppd options'} allow only 128-bit stateless MPPE (no negotiation observed)` };
      return { kind: 'clear', basis: `${observations.length} MPPE negotiation(s) seen, all 128-bit stateless` };
    }
    return { kind: 'fired', findings };
  },
};

/** The server accepts sessions without MPPE when require-mppe(-128) is absent or MPPE is off. */
export const mppeNotRequired: Rule = {
  id: 'mppe-not-required',
  title: 'Encryption not required by the pppd options',
  uses: ['pppOptions'],
  troubleshooting: 'mppe-required-failed',
  evaluate({ pppOptions }) {
    if (!pppOptions) return { kind: 'not-evaluated', reason: 'pppd options not read' };
    const p = pppOptions.posture;
    if (p.mppeRequired && !p.mppeDisabled) return { kind: 'clear', basis: `${pppOptions.file} requires MPPE (${p.mppeAllowed.join('/')}-bit)` };
    return {
      kind: 'fired',
      findings: [
        {
          title: p.mppeDisabled ? 'MPPE is disabled in the pppd options' : 'MPPE is not required by the pppd options',
          severity: 'high',
          summary: `${pppOptions.file} ${p.mppeDisabled ? 'disables MPPE (nomppe/noccp)' : 'has no require-mppe / require-mppe-128'}: a peer can bring the tunnel up without encryption and everything crosses the network in cleartext.`,
          evidence: [ref(pppOptions.source, `${pppOptions.file}: ${p.mppeDisabled ? 'nomppe/noccp' : 'no require-mppe-128'}`)],
          remediation: 'Add require-mppe-128 to /etc/ppp/options.pptpd (and to the client options).',
          troubleshooting: 'cleartext-pptp',
        },
      ],
    };
  },
};

export const msChapV2Observable: Rule = {
  id: 'mschapv2-observable',
  title: 'MS-CHAPv2 handshake observable',
  uses: ['wire', 'logs'],
  troubleshooting: 'chap-secrets',
  evaluate({ wire, logs }) {
    const evidence: EvidenceRef[] = [];
    if (wire?.auth?.msChapV2) {
      evidence.push(ref(wire.source, `PPP authentication with ${wire.auth.protocol} seen inside GRE (challenge and response on the wire)`, { packet: wire.auth.packet }));
    }
    for (const e of logs?.events ?? []) {
      if (e.kind === 'mschapv2') evidence.push(ref(e.file, e.text, { line: e.line }));
    }
    if (evidence.length > 0) {
      return {
        kind: 'fired',
        findings: [
          {
            title: 'MS-CHAPv2 handshake can be captured',
            severity: 'high',
            summary:
              'The MS-CHAPv2 challenge/response crosses the network. Whoever records it can reduce it to a single DES key search (2^56) and recover the NT hash, impersonate the user and decrypt recorded MPPE traffic. (The auditor never attempts this.)',
            evidence: evidence.slice(0, 10),
            remediation:
              'Migrate to WireGuard or IKEv2 (certificate or EAP-TLS authentication). Meanwhile use 32+ character random secrets and rotate them after the migration.',
          },
        ],
      };
    }
    if (wire?.auth) return { kind: 'clear', basis: `authentication on the wire used ${wire.auth.protocol}, not MS-CHAPv2` };
    return { kind: 'not-evaluated', reason: 'the PPP authentication phase was not in the capture and no log line names MS-CHAPv2' };
  },
};

export const mppeNegotiationFailed: Rule = {
  id: 'mppe-negotiation-failed',
  title: 'MPPE required but peer negotiation failed',
  uses: ['logs'],
  troubleshooting: 'mppe-required-failed',
  evaluate({ logs }) {
    if (!logs) return { kind: 'not-evaluated', reason: 'no logs' };
    const hits = logs.events.filter((e) => e.kind === 'mppe-required-failed');
    if (hits.length === 0) return { kind: 'clear', basis: `no "MPPE required but peer negotiation failed" in ${logs.sources.join(', ')}` };
    return {
      kind: 'fired',
      findings: [
        {
          title: 'Peers attempt sessions without MPPE',
          severity: 'medium',
          summary: `${hits.length} session(s) were refused because the peer would not negotiate MPPE: a client is configured for an unencrypted session (or a downgrade is being attempted).`,
          evidence: hits.slice(0, 10).map((e) => ref(e.file, e.text, { line: e.line })),
          remediation:
            'Keep require-mppe-128 in /etc/ppp/options.pptpd and fix the client configuration so it requires 128-bit MPPE; investigate unknown clients.',
        },
      ],
    };
  },
};
