import { looksLikePppd, syslogLineForm } from './logLines';

/**
 * Every kind of input a step reads, recognised by its CONTENT (the file name only breaks
 * ties). Guessing is what turned `iptables -S` into "pppd options" with critical findings:
 * here an input either is positively one of these, or it is refused in one line.
 */
export type InputKind =
  | 'ip-addr-json'
  | 'ip-addr-text'
  | 'proc-net-dev'
  | 'proc-modules'
  | 'lsmod'
  | 'modules-builtin'
  | 'kernel-config'
  | 'sysctl'
  | 'ping'
  | 'iptables-save'
  | 'iptables-rules'
  | 'iptables-list'
  | 'nft-ruleset'
  | 'ss-listeners'
  | 'ps-list'
  | 'pppd-options'
  | 'pptpd-conf'
  | 'sensors-json'
  | 'journal-json'
  | 'syslog'
  | 'openwrt-logread'
  | 'pppd-logfile';

export const INPUT_KIND_LABELS: Record<InputKind, string> = {
  'ip-addr-json': 'ip -j addr show',
  'ip-addr-text': 'ip addr show',
  'proc-net-dev': '/proc/net/dev',
  'proc-modules': '/proc/modules',
  lsmod: 'lsmod',
  'modules-builtin': 'modules.builtin',
  'kernel-config': 'kernel config (/proc/config.gz or /boot/config-*)',
  sysctl: 'sysctl output',
  ping: 'ping output',
  'iptables-save': 'iptables-save',
  'iptables-rules': 'iptables -S',
  'iptables-list': 'iptables -L -n',
  'nft-ruleset': 'nft list ruleset',
  'ss-listeners': 'ss -ltnp',
  'ps-list': 'ps -eo pid,ppid,comm',
  'pppd-options': 'pppd options',
  'pptpd-conf': 'pptpd.conf',
  'sensors-json': 'sensors -j',
  'journal-json': 'journalctl -o json',
  syslog: 'syslog / messages',
  'openwrt-logread': 'OpenWrt logread',
  'pppd-logfile': 'pppd logfile',
};

export type Recognition =
  { ok: true; kind: InputKind; label: string } | { ok: false; looksLike: string; message: string };

/** How much of a file is looked at: recognition must stay cheap on a 100 MB syslog. */
const HEAD_CHARS = 256 * 1024;
const HEAD_LINES = 400;

const TCPDUMP =
  /^(?:\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2}\.\d{6} (?:IP6?|ARP|ethertype|STP|LLDP|\S+ > \S+:|In |Out |[0-9a-f]{2}(?::[0-9a-f]{2}){5} )/;
const IP_TEXT_HEADER = /^\d+: [^:\s]+(?:@\S+)?: <[^>]*> mtu \d+/m;
const NET_DEV_ROW = /^\s*[^\s:]+:\s*\d+(?:\s+\d+){15}\s*$/;
const PROC_MODULES_ROW = /^\S+ \d+ (?:\d+|-) \S+ (?:Live|Loading|Unloading)\b/;
const LSMOD_ROW = /^[A-Za-z_][\w-]*\s+\d+\s+(?:\d+|-)(?:\s+\S+)?$/;
const BUILTIN_ROW = /^(?:kernel\/)?\S+\.ko(?:\.\w+)?$/;
const CONFIG_ROW = /^(?:CONFIG_\w+=.*|# CONFIG_\w+ is not set|#.*)$/;
const SYSCTL_ROW = /^(?:[\w-]+(?:[./][\w-]+)+ = .*|sysctl: cannot stat \/proc\/sys\/\S+: .*)$/;
const PS_ROW = /^\s*\d+\s+\d+\s+\S.*$/;
const IPTABLES_RULE_ROW = /^-[PNA] \S+/;
const SS_HEADER = /^(?:Netid\s+)?State\s+Recv-Q\s+Send-Q\s+Local Address:Port/m;

/** pptpd.conf keywords (pptpd 1.4 pptpd.conf(5)). */
const PPTPD_KEYWORDS = new Set([
  'option',
  'localip',
  'remoteip',
  'speed',
  'stimeout',
  'debug',
  'noipparam',
  'logwtmp',
  'bcrelay',
  'delegate',
  'connections',
  'listen',
  'pidfile',
  'ppp',
  'vrf',
]);

/** pppd option names (pppd(8) 2.4/2.5 and the pptp/pppoe plugins' common ones). */
const PPPD_OPTIONS = new Set([
  'asyncmap',
  'auth',
  'noauth',
  'call',
  'connect',
  'crtscts',
  'nocrtscts',
  'cdtrcts',
  'defaultroute',
  'nodefaultroute',
  'replacedefaultroute',
  'disconnect',
  'escape',
  'file',
  'init',
  'lock',
  'nolock',
  'mru',
  'mtu',
  'passive',
  'silent',
  'local',
  'modem',
  'persist',
  'nopersist',
  'maxfail',
  'holdoff',
  'idle',
  'active-filter',
  'pass-filter',
  'bsdcomp',
  'nobsdcomp',
  'deflate',
  'nodeflate',
  'noccp',
  'novj',
  'novjccomp',
  'vj-max-slots',
  'nopcomp',
  'noaccomp',
  'nomagic',
  'default-asyncmap',
  'name',
  'user',
  'password',
  'remotename',
  'hide-password',
  'show-password',
  'usehostname',
  'domain',
  'ipparam',
  'linkname',
  'logfile',
  'logfd',
  'nologfd',
  'debug',
  'kdebug',
  'dump',
  'dryrun',
  'updetach',
  'nodetach',
  'unit',
  'ifname',
  'proxyarp',
  'noproxyarp',
  'ms-dns',
  'ms-wins',
  'usepeerdns',
  'netmask',
  'noipdefault',
  'ipcp-accept-local',
  'ipcp-accept-remote',
  'ipcp-max-configure',
  'ipcp-max-failure',
  'ipcp-max-terminate',
  'ipcp-restart',
  'ipcp-no-addresses',
  'ipcp-no-address',
  'noip',
  'noipx',
  'ipx',
  'ipv6',
  '+ipv6',
  'noipv6',
  '-ipv6',
  'ipv6cp-use-ipaddr',
  'ipv6cp-accept-local',
  'lcp-echo-interval',
  'lcp-echo-failure',
  'lcp-echo-adaptive',
  'lcp-max-configure',
  'lcp-max-failure',
  'lcp-max-terminate',
  'lcp-restart',
  'pap-max-authreq',
  'pap-restart',
  'pap-timeout',
  'chap-interval',
  'chap-max-challenge',
  'chap-restart',
  'require-pap',
  'require-chap',
  'require-mschap',
  'require-mschap-v2',
  'require-eap',
  'refuse-pap',
  'refuse-chap',
  'refuse-mschap',
  'refuse-mschap-v2',
  'refuse-eap',
  '+pap',
  '-pap',
  '+chap',
  '-chap',
  'mppe',
  'nomppe',
  'require-mppe',
  'require-mppe-40',
  'require-mppe-128',
  'nomppe-40',
  'nomppe-128',
  'mppe-stateful',
  'nomppe-stateful',
  'refuse-mppe',
  'plugin',
  'pty',
  'notty',
  'record',
  'sync',
  'multilink',
  'nomultilink',
  'mp',
  'nomp',
  'endpoint',
  'mrru',
  'connect-delay',
  'demand',
  'privgroup',
  'noremoteip',
  'allow-ip',
  'allow-number',
  'remotenumber',
  'welcome',
  'xonxoff',
  'ktune',
  'noktune',
  'lcp-rtt-file',
  'maxconnect',
  'receive-all',
  'set',
  'unset',
  'ip-up-script',
  'ip-down-script',
  'ipv6-up-script',
  'ipv6-down-script',
  'path',
  'up_sdnotify',
  'ca',
  'cert',
  'key',
  'crl',
  'max-tls-version',
  'need-peer-eap',
  'noendpoint',
  'pptp_server',
  'pptp_client',
  'pptp_phone',
  'pptp_window',
  'pptp_sock',
]);

function isComment(line: string): boolean {
  return /^\s*#/.test(line);
}

/** Share of `lines` that pass `test` (0 for no lines). */
function share<T>(lines: readonly T[], test: (l: T) => boolean): number {
  if (lines.length === 0) return 0;
  let n = 0;
  for (const l of lines) if (test(l)) n++;
  return n / lines.length;
}

function firstWord(line: string): string {
  return line.trim().split(/\s+/, 1)[0] ?? '';
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?').slice(0, 60);
}

function refuse(looksLike: string): Recognition {
  return { ok: false, looksLike, message: `not a recognised input: looks like ${looksLike}` };
}

function accept(kind: InputKind): Recognition {
  return { ok: true, kind, label: INPUT_KIND_LABELS[kind] };
}

/** pcap / pcapng magic, whether the bytes were decoded as latin1 or (lossily) as UTF-8. */
function looksLikeCapture(text: string): boolean {
  if (
    /^(?:\u00d4\u00c3\u00b2\u00a1|\u00a1\u00b2\u00c3\u00d4|\u004d\u003c\u00b2\u00a1|\u00a1\u00b2\u003c\u004d)/.test(
      text,
    )
  )
    return true;
  if (/^\n\r\r\n[\s\S]{4}(?:\u001a\+<M|M<\+\u001a)/.test(text)) return true;
  // UTF-8 decoding turns the magic into replacement characters; the version (2.4) survives.
  return /^[\ufffd\u00f2M<\u00b2\u00a1\u00c3]{1,4}\u0002\u0000\u0004\u0000|^[\ufffd\u00f2M<\u00b2\u00a1\u00c3]{1,4}\u0000\u0002\u0000\u0004/.test(
    text,
  );
}

function looksBinary(head: string): boolean {
  if (head.includes('\u0000')) return true;
  const sample = head.slice(0, 4096);
  const odd = sample.match(/[\u0001-\u0008\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return sample.length > 0 && odd / sample.length > 0.05;
}

function recogniseJson(text: string, lines: readonly string[]): Recognition {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  if (Array.isArray(whole)) {
    if (
      whole.length > 0 &&
      whole.every((e) => typeof e === 'object' && e !== null && 'ifname' in e)
    )
      return accept('ip-addr-json');
    if (whole.length === 0) return refuse('an empty JSON list');
    return refuse('a JSON list that is not ip -j addr output');
  }
  if (typeof whole === 'object' && whole !== null) {
    const values = Object.values(whole as Record<string, unknown>);
    if (
      values.length > 0 &&
      values.every((v) => typeof v === 'object' && v !== null && 'Adapter' in v)
    )
      return accept('sensors-json');
    if ('MESSAGE' in whole || '__REALTIME_TIMESTAMP' in whole) return accept('journal-json');
    if (values.length === 0) return accept('sensors-json');
    return refuse('a JSON object that is neither sensors -j nor a journal entry');
  }
  // One JSON object per line: the journal.
  const objects = lines.filter((l) => {
    try {
      const v: unknown = JSON.parse(l);
      return typeof v === 'object' && v !== null && ('MESSAGE' in v || '__REALTIME_TIMESTAMP' in v);
    } catch {
      return false;
    }
  });
  if (objects.length > 0 && objects.length >= lines.length * 0.9) return accept('journal-json');
  return refuse('JSON that is neither ip -j addr, sensors -j nor journalctl -o json');
}

/**
 * What `text` is, by content. `name` (a file name) only breaks ties the content cannot
 * settle: a bare sysctl value ("1"), or a pptpd.conf that holds nothing but shared keywords.
 */
export function recogniseInput(text: string, name?: string): Recognition {
  const head = text.length > HEAD_CHARS ? text.slice(0, HEAD_CHARS) : text;
  if (head.trim() === '') return refuse('an empty file');
  if (
    looksLikeCapture(head) ||
    (name !== undefined && /\.(?:pcap|pcapng|cap)$/i.test(name) && looksBinary(head))
  ) {
    return refuse('a packet capture (pcap) given as text: give it as the capture of step 4');
  }
  if (looksBinary(head)) return refuse('binary data');

  const all = head.split(/\r?\n/).filter((l) => l.trim() !== '');
  const lines = all.slice(0, HEAD_LINES);
  const trimmed = lines.map((l) => l.trim());
  const first = trimmed[0] ?? '';

  if (first.startsWith('#!')) return refuse('a script');
  if (share(trimmed, (l) => /^\[\s*\d+\.\d+\] /.test(l)) >= 0.5)
    return refuse('a kernel log (dmesg)');
  if (first.startsWith('{') || first.startsWith('[')) return recogniseJson(head, trimmed);

  if (share(lines, (l) => TCPDUMP.test(l)) >= 0.5)
    return refuse('a tcpdump text dump (give the pcap file, not tcpdump -r output)');

  if (/^\*\w+$/m.test(head) && /^COMMIT$/m.test(head)) return accept('iptables-save');
  if (/^table (?:ip|ip6|inet|arp|bridge|netdev) \S+ \{(?: # handle \d+)?$/m.test(head))
    return accept('nft-ruleset');
  if (
    /^Chain \S+ \((?:policy \w+|\d+ references)/m.test(head) &&
    /^\s*(?:num\s+)?(?:pkts\s+bytes\s+)?target\s+prot\s+opt\b/m.test(head)
  ) {
    return accept('iptables-list');
  }
  if (share(trimmed, (l) => IPTABLES_RULE_ROW.test(l)) >= 0.9) return accept('iptables-rules');
  if (SS_HEADER.test(head)) return accept('ss-listeners');
  if (IP_TEXT_HEADER.test(head)) return accept('ip-addr-text');
  if (/^Inter-\|\s+Receive/m.test(head) || share(lines, (l) => NET_DEV_ROW.test(l)) >= 0.9)
    return accept('proc-net-dev');
  if (share(trimmed, (l) => PROC_MODULES_ROW.test(l)) >= 0.9) return accept('proc-modules');
  if (/^Module\s+Size\s+Used by/.test(first) || share(trimmed, (l) => LSMOD_ROW.test(l)) >= 0.9)
    return accept('lsmod');
  if (
    /^\s*PID\s+PPID\s+(?:COMMAND|CMD|COMM)\s*$/.test(lines[0] ?? '') ||
    share(lines, (l) => PS_ROW.test(l)) >= 0.9
  )
    return accept('ps-list');
  if (share(trimmed, (l) => BUILTIN_ROW.test(l)) >= 0.9) return accept('modules-builtin');
  if (
    trimmed.some((l) => /^(?:CONFIG_\w+=|# CONFIG_\w+ is not set)/.test(l)) &&
    share(trimmed, (l) => CONFIG_ROW.test(l)) >= 0.95
  ) {
    return accept('kernel-config');
  }
  if (share(trimmed, (l) => SYSCTL_ROW.test(l)) >= 0.9) return accept('sysctl');
  if (
    trimmed.length === 1 &&
    /^-?\d+$/.test(first) &&
    name !== undefined &&
    /(?:sysctl|ip_forward|nf_conntrack_helper|proc[/_]sys)/i.test(name)
  ) {
    return accept('sysctl');
  }
  if (
    /^PING \S+.* (?:bytes of data\.|data bytes)$/m.test(head) ||
    /^--- .+ ping statistics ---$/m.test(head) ||
    share(trimmed, (l) => /^\d+ bytes from /.test(l)) >= 0.5
  ) {
    return accept('ping');
  }

  const forms = lines.map((l) => syslogLineForm(l));
  const logread = share(forms, (f) => f === 'openwrt-logread');
  const syslog = share(forms, (f) => f === 'syslog-iso' || f === 'syslog-rfc3164');
  if (logread >= 0.5 && logread >= syslog) return accept('openwrt-logread');
  if (syslog >= 0.5) return accept('syslog');

  // Option files: every option line starts with a known keyword (comments aside).
  const optionLines = trimmed.filter((l) => !isComment(l));
  if (optionLines.length > 0) {
    const words = optionLines.map(firstWord);
    const pptpdShare = share(words, (w) => PPTPD_KEYWORDS.has(w));
    const pppdShare = share(
      optionLines,
      (l) =>
        PPPD_OPTIONS.has(firstWord(l)) ||
        /^(?:\d{1,3}(?:\.\d{1,3}){3})?:(?:\d{1,3}(?:\.\d{1,3}){3})?$/.test(l),
    );
    const pptpdSpecific = words.some((w) => w === 'localip' || w === 'remoteip' || w === 'option');
    if (pptpdShare === 1 && (pptpdSpecific || (name !== undefined && /pptpd\.conf$/i.test(name))))
      return accept('pptpd-conf');
    if (pppdShare >= 0.9) return accept('pppd-options');
  }

  if (
    share(
      trimmed,
      (l) =>
        looksLikePppd(l) ||
        /^(?:using channel \d+|Script .* finished|added response cache|response found in cache)/.test(
          l,
        ),
    ) >= 0.5
  ) {
    return accept('pppd-logfile');
  }
  return {
    ok: false,
    looksLike: 'unknown text',
    message: `not a recognised input (first line: "${printable(first)}")`,
  };
}
