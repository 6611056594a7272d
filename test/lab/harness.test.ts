// The lab machinery itself: scenario list, guest-command validation, and our own
// CLI running inside the guest against the live tunnel, output landing on the host.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { guestCommandsScript, GUEST_DIR, shellQuote } from './boot';
import { interfaces } from './expect-helpers';
import { scenario, type ScenarioArtefacts } from './lab';
import { SCENARIOS } from './scenarios';

const CLI = path.resolve(GUEST_DIR, '..', '..', '..', 'dist', 'cli.cjs');

describe('lab harness', () => {
  it('has one guest script per declared scenario, and no others', () => {
    const scripts = readdirSync(path.join(GUEST_DIR, 'scenarios'))
      .filter((f) => f.endsWith('.sh'))
      .map((f) => f.replace(/\.sh$/, ''))
      .sort();
    expect(scripts).toEqual([...SCENARIOS].sort());
  });

  it('quotes guest command words so hostile arguments stay single words', () => {
    expect(shellQuote(`a'b; rm -rf /`)).toBe(`'a'\\''b; rm -rf /'`);
    const script = guestCommandsScript('healthy', [
      { ns: 'client', argv: ['echo', '$(id)', '{out}/x'], out: 'echo.txt' },
    ]);
    expect(script).toContain(`'$(id)' '/tmp/out/healthy/x'`);
    expect(script).toContain('--ns client');
  });

  it('refuses output names that could escape the scenario folder', () => {
    expect(() =>
      guestCommandsScript('healthy', [{ ns: 'client', argv: ['true'], out: '../evil' }]),
    ).toThrow();
    expect(() =>
      guestCommandsScript('healthy', [{ ns: 'client', argv: [], out: 'x.txt' }]),
    ).toThrow();
  });

  it('rejects unknown scenarios with the list of known ones', async () => {
    await expect(scenario('no-such-thing')).rejects.toThrow(/known: healthy/);
  });
});

describe('guest commands', () => {
  let s: ScenarioArtefacts;
  beforeAll(async () => {
    expect(existsSync(CLI), `${CLI} missing: run npm run build first`).toBe(true);
    s = await scenario('healthy', {
      guestCommands: [
        { ns: 'client', argv: ['node', CLI, 'interfaces', '--json'], out: 'cli-interfaces.json' },
        {
          ns: 'server',
          argv: ['sh', '-c', 'ip -o link show ppp0 > {out}/server-ppp0-from-guest.txt'],
          out: 'sh.txt',
        },
      ],
    });
  });

  it('runs our own CLI inside the guest, in the client namespace, while the tunnel is up', () => {
    const step = s.manifest.steps.find((st) => st.out === 'cli-interfaces.json');
    expect(step?.exit).toBe(0);
    expect(step?.ns).toBe('client');
    const listing = s.read('cli-interfaces.json');
    expect(listing).toContain('ppp0');
    expect(listing).toContain('192.168.47.10');
    // A file written by the command itself through {out} also lands on the host.
    expect(s.read('server-ppp0-from-guest.txt')).toMatch(/ppp0: <POINTOPOINT/);
  });
});

describe('background guest commands across a link flap', () => {
  let s: ScenarioArtefacts;
  // Samples ppp0's ifindex in the client namespace every 0.25 s until the scenario has taken
  // its after-flap snapshot (a condition, not a number of samples: a loaded machine redials
  // slowly), then once more and says so. Bounded by 600 samples and the step's timeout.
  const afterFlap = '{out}/client-ip-addr-after-flap.json';
  const sample = 'cat /sys/class/net/ppp0/ifindex 2>/dev/null || echo absent';
  const sampler = [
    `i=0; while [ $i -lt 600 ] && [ ! -e ${afterFlap} ]; do i=$((i+1)); ${sample}; sleep 0.25; done`,
    sample,
    `[ -e ${afterFlap} ] && echo after-flap-seen`,
  ].join('; ');
  beforeAll(async () => {
    s = await scenario('link-flap', {
      guestCommands: [
        {
          ns: 'client',
          argv: ['sh', '-c', sampler],
          out: 'ppp0-ifindex-samples.txt',
          background: true,
          timeoutSec: 240,
        },
      ],
    });
  });

  it('runs while the flap happens and sees ppp0 re-created under a new ifindex', () => {
    const step = s.manifest.steps.find((st) => st.out === 'ppp0-ifindex-samples.txt');
    expect(step?.exit, s.read('ppp0-ifindex-samples.txt')).toBe(0);
    const at = (note: string) => s.manifest.notes.find((n) => n.note === note)?.at ?? '';
    expect(at('ready: background command launched') <= at('killing pptp')).toBe(true);
    expect(step!.end > at('ready: client redialled, ppp0 back')).toBe(true);
    // Samples end on the re-created ppp0, whose ifindex differs from the one before the flap.
    const lines = s.read('ppp0-ifindex-samples.txt').trim().split('\n');
    expect(lines.at(-1)).toBe('after-flap-seen');
    const samples = lines.slice(0, -1);
    const before = interfaces(s, 'client-ip-addr-before-flap.json').get('ppp0')?.ifindex;
    const after = interfaces(s, 'client-ip-addr-after-flap.json').get('ppp0')?.ifindex;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(samples.at(-1)).toBe(String(after));
    // ...and it saw the flap: the old ifindex or no ppp0 at all, earlier on.
    expect(samples.some((x) => x !== String(after))).toBe(true);
  });
});

describe('isolation from the host', () => {
  it('the guest has no network device towards the host: only loopback outside the scenario namespaces', async () => {
    const s = await scenario('healthy');
    const links = JSON.parse(s.read('guest-root-links.json')) as { ifname: string }[];
    expect(links.map((l) => l.ifname)).toEqual(['lo']);
  });
});
