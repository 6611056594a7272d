import type { PppOptionsFile, PppSecurityPosture } from '../model/hardening';

const has = (f: PppOptionsFile, name: string) => f.options.some((o) => o.name === name);
const value = (f: PppOptionsFile, name: string): string | null => {
  const found = f.options.filter((o) => o.name === name).at(-1);
  return found?.args[0] ?? null;
};
const numberOf = (f: PppOptionsFile, name: string): number | null => {
  const v = value(f, name);
  return v !== null && /^\d+$/.test(v) ? Number(v) : null;
};

/**
 * What a pppd options file allows (pppd 2.4.x/2.5 semantics, server side):
 * - MPPE is required by require-mppe / require-mppe-40 / require-mppe-128 or the old
 *   "mppe required,..." syntax; nomppe or noccp switch encryption off entirely.
 * - Without refuse-* options pppd accepts every protocol it has a secret for, so PAP
 *   (cleartext) and CHAP-MD5 stay possible unless refused or one require-* narrows it.
 * - Stateless MPPE is the default; mppe-stateful (or "mppe stateful") allows stateful.
 */
export function pppSecurityPosture(file: PppOptionsFile): PppSecurityPosture {
  const problems: string[] = [];
  const oldMppe = (value(file, 'mppe') ?? '').toLowerCase().split(',').filter(Boolean);
  const require128 =
    has(file, 'require-mppe-128') ||
    (oldMppe.includes('required') && oldMppe.includes('no40') && oldMppe.includes('no56'));
  const require40 = has(file, 'require-mppe-40');
  const mppeRequired =
    require128 || require40 || has(file, 'require-mppe') || oldMppe.includes('required');
  const mppeDisabled = has(file, 'nomppe') || has(file, 'noccp');

  let mppeAllowed: Array<40 | 56 | 128> = [];
  if (!mppeDisabled) {
    if (require128 && !require40) mppeAllowed = [128];
    else if (require40 && !require128) mppeAllowed = [40];
    else {
      mppeAllowed = [40, 128];
      if (has(file, 'nomppe-40') || oldMppe.includes('no40'))
        mppeAllowed = mppeAllowed.filter((b) => b !== 40);
      if (has(file, 'nomppe-128') || oldMppe.includes('no128'))
        mppeAllowed = mppeAllowed.filter((b) => b !== 128);
      if (oldMppe.length > 0 && !oldMppe.includes('no56'))
        mppeAllowed = [...mppeAllowed, 56].sort((a, b) => a - b) as Array<40 | 56 | 128>;
    }
  }
  const statefulAllowed =
    !mppeDisabled && (has(file, 'mppe-stateful') || oldMppe.includes('stateful'));

  const requireNames: Record<string, PppSecurityPosture['authAccepted'][number]> = {
    'require-pap': 'pap',
    'require-chap': 'chap',
    'require-mschap': 'mschap',
    'require-mschap-v2': 'mschap-v2',
    'require-eap': 'eap',
  };
  const required = Object.entries(requireNames)
    .filter(([opt]) => has(file, opt))
    .map(([, p]) => p);
  const noauth = has(file, 'noauth');
  const authRequired = !noauth && (has(file, 'auth') || required.length > 0);
  const all: PppSecurityPosture['authAccepted'] = ['pap', 'chap', 'mschap', 'mschap-v2', 'eap'];
  // require-X adds X to the demanded set; without any, "auth" demands any protocol pppd has.
  let accepted = required.length > 0 ? required : authRequired ? all : [];
  accepted = accepted.filter((p) => !has(file, `refuse-${p}`));
  if (has(file, 'refuse-mschap-v2') && required.includes('mschap-v2')) {
    problems.push('require-mschap-v2 and refuse-mschap-v2 are both set');
  }
  if (mppeRequired && mppeDisabled)
    problems.push('MPPE is both required and disabled (nomppe/noccp)');
  if (
    mppeRequired &&
    accepted.length > 0 &&
    !accepted.some((p) => p === 'mschap' || p === 'mschap-v2' || p === 'eap')
  ) {
    problems.push(
      'MPPE is required but no MS-CHAP/EAP authentication is allowed: MPPE keys cannot be derived',
    );
  }
  if (file.kind === 'pptpd.conf') {
    // pptpd.conf holds no pppd security options itself: they live in its "option" file.
  }

  return {
    mppeRequired,
    mppeAllowed,
    mppeDisabled,
    statefulAllowed,
    authRequired,
    authAccepted: accepted,
    mtu: numberOf(file, 'mtu'),
    mru: numberOf(file, 'mru'),
    lcpEchoInterval: numberOf(file, 'lcp-echo-interval'),
    lcpEchoFailure: numberOf(file, 'lcp-echo-failure'),
    debug: has(file, 'debug'),
    logfile: value(file, 'logfile'),
    optionFile: file.kind === 'pptpd.conf' ? value(file, 'option') : null,
    problems,
  };
}
