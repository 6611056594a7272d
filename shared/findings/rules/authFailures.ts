import type { EvidenceRef } from '../../model/evidence';
import { ref } from '../evidence';
import type { LogEvent, WireFacts } from '../facts';
import { AUTH_FAILURE_BURST, AUTH_FAILURE_WINDOW_SECONDS } from '../thresholds';
import type { Rule, RuleFinding, Severity } from '../types';

/** One refused login: a failed pppd session in the logs, or a CHAP Failure packet on the wire. */
interface Attempt {
  at: number | null;
  evidence: EvidenceRef;
}

/** Refused logins of one peer (or of this host's own login), in time order. */
interface Group {
  /** 'server': peers refused by this host; 'client': this host refused by its peer. */
  side: 'server' | 'client';
  who: string;
  /** User names the refused logins gave, when the logs name them. */
  users: Set<string>;
  attempts: Attempt[];
}

const MAX_CITED = 10;
const timeOf = (iso: string | null): number | null => {
  const t = iso === null ? NaN : Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

/** The most attempts inside any window of AUTH_FAILURE_WINDOW_SECONDS; null when some carry no time. */
function mostInWindow(attempts: readonly Attempt[]): Attempt[] | null {
  if (attempts.some((a) => a.at === null)) return null;
  const sorted = [...attempts].sort((a, b) => (a.at as number) - (b.at as number));
  let best: Attempt[] = [];
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end]?.at as number) - (sorted[start]?.at as number) > AUTH_FAILURE_WINDOW_SECONDS * 1000) start++;
    if (end - start + 1 > best.length) best = sorted.slice(start, end + 1);
  }
  return best;
}

/** MS-CHAP failure codes (RFC 2759 §6, RFC 2433 §2.2.2). */
const MSCHAP_ERRORS: Record<number, string> = {
  691: 'E=691, user name or password refused',
  646: 'E=646, outside the permitted logon hours',
  647: 'E=647, account disabled',
  648: 'E=648, password expired',
  649: 'E=649, no dial-in permission',
  709: 'E=709, error changing the password',
};

function groupsFromLogs(events: readonly LogEvent[]): Group[] {
  const groups = new Map<string, Group>();
  for (const e of events) {
    if (e.kind !== 'chap-failure') continue;
    // A line that says nothing of its side is pppd's own "CHAP authentication failed": this host
    // was refused (chap-new.c prints it on the authenticatee).
    const side = e.side ?? 'client';
    const who = side === 'server' ? (e.peer ?? (e.user !== undefined ? `user "${e.user}"` : 'an unnamed peer')) : (e.peer ?? 'its peer');
    const key = `${side}|${who}`;
    const code = e.errorCode !== undefined ? ` [${MSCHAP_ERRORS[e.errorCode] ?? `E=${e.errorCode}`}]` : '';
    const user = side === 'server' && e.user !== undefined && e.peer !== undefined && !e.text.includes(e.user) ? ` (user "${e.user}")` : '';
    const attempt: Attempt = { at: timeOf(e.at), evidence: ref(e.file, `${e.text}${user}${code}`, { line: e.line }) };
    const g = groups.get(key) ?? { side, who, users: new Set<string>(), attempts: [] };
    groups.set(key, g);
    g.attempts.push(attempt);
    if (side === 'server' && e.user !== undefined) g.users.add(e.user);
  }
  return [...groups.values()];
}

/**
 * From the capture: CHAP Failure packets grouped by the peer they were sent to. Which end is
 * this host is not known from a capture alone, so these count as peers refused by the
 * authenticator (the PPTP server, where the audit usually runs).
 */
function groupsFromWire(wire: WireFacts): Group[] {
  const groups = new Map<string, Group>();
  for (const p of wire.authFailures?.packets ?? []) {
    const attempt: Attempt = { at: timeOf(p.at), evidence: ref(wire.source, `CHAP Failure ${p.from} → ${p.to}: "${p.message}"`, { packet: p.packet }) };
    const g = groups.get(p.to);
    if (g) g.attempts.push(attempt);
    else groups.set(p.to, { side: 'server', who: p.to, users: new Set(), attempts: [attempt] });
  }
  return [...groups.values()];
}

function findingOf(g: Group): RuleFinding {
  const n = g.attempts.length;
  const window = mostInWindow(g.attempts);
  const burst = window !== null && window.length >= AUTH_FAILURE_BURST;
  const minutes = AUTH_FAILURE_WINDOW_SECONDS / 60;
  const cited = (burst ? window : g.attempts).slice(0, MAX_CITED).map((a) => a.evidence);
  const timesText = window === null ? 'the lines carry no time, so the rate is unknown' : `at most ${window.length} within ${minutes} min`;
  if (g.side === 'client') {
    return {
      qualifier: `client:${g.who}`,
      title: n === 1 ? 'This host was refused a PPP login' : 'This host is repeatedly refused a PPP login',
      severity: n === 1 ? 'low' : 'medium',
      summary: `${g.who} refused this host's CHAP/MS-CHAPv2 login ${n === 1 ? 'once' : `${n} times (${timesText})`}: the user name or secret it sends (chap-secrets) is not what the peer expects. Each retry puts another MS-CHAPv2 exchange on the wire.`,
      evidence: cited,
      remediation: "Check the user name and secret of this host's entry in /etc/ppp/chap-secrets against the server's (the server's log names the refused user); stop a redialling pppd (persist) until it is fixed.",
    };
  }
  const names = [...g.users].slice(0, 5).map((u) => `"${u}"`);
  const as = names.length > 0 && !g.who.startsWith('user ') ? ` (as ${names.join(', ')}${g.users.size > names.length ? ', ...' : ''})` : '';
  let severity: Severity = 'low';
  let title = 'A PPP authentication failure';
  let summary = `${g.who}${as} failed CHAP/MS-CHAPv2 authentication once.`;
  if (burst) {
    severity = 'high';
    title = 'Repeated PPP authentication failures from one peer: possible password guessing';
    summary = `${g.who}${as} failed CHAP/MS-CHAPv2 authentication ${n} times, ${window.length} of them within ${minutes} min (${AUTH_FAILURE_BURST} in ${minutes} min is the line drawn): possible online password guessing against chap-secrets.`;
  } else if (n > 1) {
    severity = 'medium';
    title = 'Repeated PPP authentication failures';
    summary = `${g.who}${as} failed CHAP/MS-CHAPv2 authentication ${n} times (${timesText}).`;
  }
  return {
    qualifier: `server:${g.who}`,
    title,
    severity,
    summary: `${summary} Every attempt also hands an observer a challenge/response pair to crack offline.`,
    evidence: cited,
    remediation: burst
      ? 'Block the source now (iptables -I INPUT -s <peer> -p tcp --dport 1723 -j DROP), restrict TCP 1723 to the known peers, rotate the secret of the user named if it is a real account, and watch for a later "peer authentication succeeded" from that address.'
      : `Confirm with the peer's owner that ${n === 1 ? 'this was a mistyped or outdated secret' : 'these were mistyped or outdated secrets'}; restrict TCP 1723 to the known peers so strangers cannot try logins at all.`,
  };
}

/**
 * Refused PPP logins (CHAP / MS-CHAPv2 failures). One is a mistake or a changed secret; many from
 * one peer in a short time is someone guessing passwords. From the logs (one per failed pppd
 * session, with the peer's address from pptpd) or, when the logs show none, the CHAP Failure
 * packets of the capture.
 */
export const pppAuthFailures: Rule = {
  id: 'ppp-auth-failures',
  title: 'PPP authentication failures',
  uses: ['logs', 'wire'],
  troubleshooting: 'auth-failures',
  evaluate({ logs, wire }) {
    const fromLogs = logs ? groupsFromLogs(logs.events) : [];
    // The capture sees the same attempts the logs record: counted from the logs when they have any.
    const groups = fromLogs.length > 0 ? fromLogs : wire ? groupsFromWire(wire) : [];
    if (groups.length === 0) {
      if (!logs && (!wire || wire.authFailures === undefined)) return { kind: 'not-evaluated', reason: wire ? 'the capture facts predate CHAP Failure counting, and no logs' : 'neither logs nor a capture' };
      const seen = [logs ? 'no CHAP/MS-CHAP failure in the logs' : null, wire?.authFailures ? 'no CHAP Failure packet in the capture' : null];
      return { kind: 'clear', basis: seen.filter(Boolean).join('; ') };
    }
    // The wire corroborates log-based findings: its packets are cited beside the lines.
    const wirePackets = fromLogs.length > 0 && wire ? groupsFromWire(wire) : [];
    const findings = groups.map((g) => {
      const f = findingOf(g);
      const same = wirePackets.find((w) => w.who === g.who) ?? (g.side === 'server' && wirePackets.length === 1 ? wirePackets[0] : undefined);
      if (same && g.side === 'server') f.evidence.push(...same.attempts.slice(0, 3).map((a) => a.evidence));
      return f;
    });
    return { kind: 'fired', findings };
  },
};
