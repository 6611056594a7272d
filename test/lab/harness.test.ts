// The lab machinery itself: scenario list, guest-command validation, and our own
// CLI running inside the guest against the live tunnel, output landing on the host.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { guestCommandsScript, GUEST_DIR, shellQuote } from './boot';
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
    expect(() => guestCommandsScript('healthy', [{ ns: 'client', argv: ['true'], out: '../evil' }])).toThrow();
    expect(() => guestCommandsScript('healthy', [{ ns: 'client', argv: [], out: 'x.txt' }])).toThrow();
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
        { ns: 'server', argv: ['sh', '-c', 'ip -o link show ppp0 > {out}/server-ppp0-from-guest.txt'], out: 'sh.txt' },
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
