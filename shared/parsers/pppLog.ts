import type { LogLine, PppEvent, PppEventKind } from '../model/logs';

type Data = PppEvent['data'];
type Rule = [RegExp, PppEventKind, (m: RegExpExecArray) => Data];

const none = (): Data => ({});

/**
 * pppd messages, 2.4.x and 2.5.x wording (pppd main.c, auth.c, lcp.c, ccp.c, chap*.c, upap.c).
 * Anchored at both ends: a message that merely contains the words is not the event.
 */
const PPPD_RULES: Rule[] = [
  [
    /^pppd (\S+) started by (\S+), uid (\d+)$/,
    'start',
    (m) => ({ version: m[1] ?? null, user: m[2] ?? null }),
  ],
  [/^Using interface (\S+)$/, 'interface', (m) => ({ iface: m[1] ?? null })],
  [
    /^Connect: (\S+) <--> (\S+)$/,
    'connect',
    (m) => ({ iface: m[1] ?? null, device: m[2] ?? null }),
  ],
  [
    /^(sent|rcvd) \[LCP ConfAck id=0x[0-9a-f]+ .*<auth (chap MS-v2|chap MS|chap MD5|chap [0-9a-fx]+|pap|eap)>/,
    'auth-method',
    (m) => ({ method: m[2] ?? null }),
  ],
  [
    /^(CHAP|PAP|EAP) authentication succeeded(?::? ?(.*))?$/,
    'auth-ok',
    (m) => ({ side: 'client', protocol: m[1] ?? null, message: m[2] || null }),
  ],
  [
    /^(CHAP|PAP|EAP) peer authentication succeeded for (.+)$/,
    'auth-ok',
    (m) => ({ side: 'server', protocol: m[1] ?? null, user: m[2] ?? null }),
  ],
  // pppd 2.5 (auth.c) names the authenticated peer on the server side.
  [
    /^Peer (.+) authenticated with (MS-CHAP-v2|MS-CHAPv2|MS-CHAP|CHAP|PAP|EAP)(?: .*)?$/,
    'auth-ok',
    (m) => ({ side: 'server', protocol: /^MS-CHAP/.test(m[2] ?? '') ? 'CHAP' : (m[2] ?? null), method: m[2] ?? null, user: m[1] ?? null }),
  ],
  [
    /^peer from calling number (\S+) authorized$/,
    'peer',
    (m) => ({ address: m[1] ?? null, side: 'server', authorized: true }),
  ],
  [
    /^calling number (\S+) is not authorized$/,
    'auth-fail',
    (m) => ({ side: 'server', address: m[1] ?? null, message: 'calling number not authorized' }),
  ],
  [
    /^MS-CHAP authentication failed: (.*)$/,
    'auth-fail',
    (m) => ({ side: 'client', protocol: 'MS-CHAP', message: m[1] ?? null, code: msChapCode(m[1]) }),
  ],
  [
    /^(CHAP|PAP|EAP) authentication failed(?:: (.*))?$/,
    'auth-fail',
    (m) => ({
      side: 'client',
      protocol: m[1] ?? null,
      message: m[2] ?? null,
      code: msChapCode(m[2]),
    }),
  ],
  [
    /^Peer (.+) failed (CHAP|PAP|EAP) authentication$/,
    'auth-fail',
    (m) => ({ side: 'server', protocol: m[2] ?? null, user: m[1] ?? null }),
  ],
  [
    /^(CHAP|PAP) peer authentication failed(?: for (?:remote host )?(.+))?$/,
    'auth-fail',
    (m) => ({ side: 'server', protocol: m[1] ?? null, user: m[2] ?? null }),
  ],
  [
    /^No (CHAP|PAP) secret found for authenticating (?:us to )?(.+)$/,
    'auth-fail',
    (m) => ({ protocol: m[1] ?? null, user: m[2] ?? null, message: 'no secret found', soft: true }),
  ],
  [
    /^(?:CHAP|PAP|EAP) authentication timed out$|^No response to PAP authenticate-requests$/,
    'auth-fail',
    () => ({ message: 'authentication timed out' }),
  ],
  // pppd 2.4.9 prints the M= text ("MS-CHAP authentication failed: Access denied"); the E= code
  // is only in the debug line of the CHAP Failure packet.
  [
    /^(?:sent|rcvd) \[CHAP Failure id=0x[0-9a-f]+ "(.*)"\]$/,
    'auth-method',
    (m) => ({ failurePacket: m[1] ?? null, code: msChapCode(m[1]) }),
  ],
  [
    /^Remote message: (.*)$/,
    'auth-method',
    (m) => ({ remoteMessage: m[1] ?? null, code: msChapCode(m[1]) }),
  ],
  [
    /^(.+?) (?:(receive|transmit) )?compression enabled$/,
    'compression',
    (m) => compressionData(m[1] ?? '', m[2] ?? null),
  ],
  [/^local\s+IP address (\S+)$/, 'local-ip', (m) => ({ address: m[1] ?? null })],
  [/^remote\s+IP address (\S+)$/, 'remote-ip', (m) => ({ address: m[1] ?? null })],
  [/^(primary|secondary)\s+DNS address (\S+)$/, 'dns', (m) => ({ rank: m[1] ?? null, address: m[2] ?? null })],
  [/^LCP: timeout sending Config-Requests$/, 'lcp-timeout', () => ({ protocol: 'LCP' })],
  [/^(\S+): timeout sending Config-Requests$/, 'ncp-timeout', (m) => ({ protocol: m[1] ?? null })],
  [/^No response to (\d+) echo-requests$/, 'echo-failure', (m) => ({ count: Number(m[1]) })],
  [/^Serial link appears to be disconnected\.$/, 'link-disconnected', none],
  [/^MPPE required but peer refused$/, 'mppe-refused', none],
  [/^MPPE required but peer negotiation failed$/, 'mppe-failed', none],
  [/^MPPE required,? but (.+)$/, 'mppe-unavailable', (m) => ({ reason: m[1] ?? null })],
  [/^MPPE disabled(?:, closing LCP| by peer)?$/, 'mppe-disabled', none],
  [
    /^Refusing MPPE stateful mode offered by peer$/,
    'mppe-disabled',
    () => ({ refusedStateful: true }),
  ],
  [/^peer refused to authenticate(?:: terminating link)?$/, 'peer-refused-auth', none],
  [/^Terminating on signal (\d+)\.?$/, 'terminate', (m) => ({ reason: `signal ${m[1]}` })],
  [/^Hangup \(SIGHUP\)$/, 'terminate', () => ({ reason: 'SIGHUP' })],
  [
    /^LCP terminated by peer(?: \((.*)\))?$/,
    'terminate',
    (m) => ({ reason: m[1] ? `LCP terminated by peer (${m[1]})` : 'LCP terminated by peer' }),
  ],
  [/^Modem hangup$/, 'terminate', () => ({ reason: 'modem hangup', weak: true })],
  [
    /^Terminating connection due to lack of activity\.$/,
    'terminate',
    () => ({ reason: 'idle timeout' }),
  ],
  [/^Connect time expired$/, 'terminate', () => ({ reason: 'maxconnect reached' })],
  [
    /^Too many MPPE errors(?:, closing LCP)?$/,
    'terminate',
    () => ({ reason: 'too many MPPE errors' }),
  ],
  [/^Connection terminated\.$/, 'connection-terminated', none],
  [/^Connect time ([\d.]+) minutes\.$/, 'connect-time', (m) => ({ minutes: Number(m[1]) })],
  [
    /^Sent (\d+) bytes, received (\d+) bytes\.$/,
    'bytes',
    (m) => ({ sent: Number(m[1]), received: Number(m[2]) }),
  ],
  [/^Exit\.$/, 'exit', none],
  [
    /^(?:Child process|Script) pptp (\S+) .*--nolaunchpppd/,
    'peer',
    (m) => ({ address: m[1] ?? null, side: 'client' }),
  ],
];

/** pptpd (pptpctrl) lines: CTRL/GRE/MGR prefixes (pptpd 1.4 ctrlpacket.c, pptpctrl.c, pptpgre.c). */
const PPTPD_RULES: Rule[] = [
  // Printed when pppd is gone first (every normal hang-up): the end of a call, not a fault.
  [
    /^(?:CTRL: PTY read or GRE write failed.*|GRE: read\(fd=\d+,buffer=\w+,len=\d+\) from PTY failed: .*)$/,
    'ctrl-teardown',
    (m) => ({ message: m[0] ?? null }),
  ],
  [
    /^CTRL: Client (\S+) control connection started$/,
    'ctrl-start',
    (m) => ({ client: m[1] ?? null }),
  ],
  [
    /^CTRL: Client (\S+) control connection finished$/,
    'ctrl-finish',
    (m) => ({ client: m[1] ?? null }),
  ],
  [/^CTRL: Starting call \(launching pppd, opening GRE\)$/, 'ctrl-call', none],
  [/^CTRL: Reaping child PPP\[(\d+)\]$/, 'ctrl-reap', (m) => ({ pppPid: Number(m[1]) })],
  [
    /^(?:CTRL|MGR)(?: \([^)]*\))?: (.*(?:error|failed|EOF|timed out|Bad |[Cc]ouldn't|Could not|No free|giving up|Fatal|Too many|not supported|Unexpected|lost synchronization|buggy client|Retryable|outside|dropped).*)$/,
    'ctrl-error',
    (m) => ({ message: m[1] ?? null }),
  ],
  // Packets the receiver gave up waiting for (pptp_gre.c dequeue): real losses, unlike the
  // "buffering packet N (expecting M, lost or reordered)" lines that a late packet may still fill.
  [
    /^GRE: (?:.*: )?timeout waiting for (\d+) packets?$/,
    'gre-loss',
    (m) => ({ packets: Number(m[1]), message: m[0] ?? null }),
  ],
  [
    /^GRE: (.*(?:failed|[Dd]iscarding|timeout|Bad|too (?:large|long|short)|lost or reordered|aborting).*)$/,
    'gre-error',
    (m) => ({ message: m[1] ?? null }),
  ],
];

/** pptp-linux client lines: "anon warn[func:file.c:line]: message". */
const PPTP_CLIENT_RULES: Rule[] = [
  [
    /(?:log|warn)\[[^\]]*\]: (timeout waiting for (\d+) packets?)$/,
    'gre-loss',
    (m) => ({ packets: Number(m[2]), message: m[1] ?? null }),
  ],
  [
    /(?:log|warn)\[[^\]]*\]: (.*(?:lost or reordered|discarding duplicate|timeout waiting).*)$/,
    'gre-error',
    (m) => ({ message: m[1] ?? null }),
  ],
  [
    /(?:log|warn|fatal)\[[^\]]*\]: (.*(?:Connection refused|Could not open control connection|connect: |No route to host|Connection timed out|Received Stop-Control|result code).*)$/,
    'ctrl-error',
    (m) => ({ message: m[1] ?? null }),
  ],
];

function msChapCode(text: string | undefined | null): number | null {
  const m = /\bE=(\d{3})\b/.exec(text ?? '');
  return m ? Number(m[1]) : null;
}

/** "MPPE 128-bit stateless", "MPPE 40-bit stateful", "Deflate (15)", "BSD-Compress (15)". */
function compressionData(method: string, direction: string | null): Data {
  const mppe = /MPPE (?:(128|56|40)-bit )?(?:(?:128|56|40)-bit )*(stateless|stateful)?/.exec(
    method,
  );
  return {
    method,
    direction,
    mppe: mppe !== null,
    bits: mppe?.[1] ? Number(mppe[1]) : null,
    stateless: mppe?.[2] ? mppe[2] === 'stateless' : null,
  };
}

function apply(rules: Rule[], message: string, line: LogLine): PppEvent | null {
  for (const [re, kind, data] of rules) {
    const m = re.exec(message);
    if (m) {
      const event: PppEvent = { kind, line, data: data(m) };
      if (kind === 'compression' && event.data.mppe) event.kind = 'mppe';
      return event;
    }
  }
  return null;
}

/** The program a line belongs to, as far as PPTP is concerned. */
export function pptpProgram(line: LogLine): 'pppd' | 'pptpd' | 'pptp' | null {
  const p = (line.program ?? '').toLowerCase();
  if (p === 'pppd') return 'pppd';
  if (p === 'pptpd' || p === 'pptpctrl') return 'pptpd';
  if (p === 'pptp') return 'pptp';
  return null;
}

/** Classifies one log line; null for lines of other programs or messages we do not track. */
export function classifyPppLine(line: LogLine): PppEvent | null {
  const program = pptpProgram(line);
  const message = line.message.trim();
  if (program === 'pppd') return apply(PPPD_RULES, message, line);
  if (program === 'pptpd') return apply(PPTPD_RULES, message, line);
  if (program === 'pptp') return apply(PPTP_CLIENT_RULES, message, line);
  return null;
}
