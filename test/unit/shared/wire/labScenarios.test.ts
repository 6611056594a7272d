import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode, readCapture } from './helpers';

// Verdicts on the lab's real tunnels (User-Mode Linux, pptpd/pppd). The lab regenerates these
// captures (call IDs, times change), so only what the scenario is about is asserted.
const lab = (scenario: string, file = 'capture.pcap') => `test/fixtures/lab/${scenario}/${file}`;
const report = (scenario: string, file?: string) => decode(readCapture(lab(scenario, file)));
const has = (scenario: string) => existsSync(lab(scenario));

describe('lab scenarios', () => {
  it.runIf(has('healthy'))(
    'healthy: encrypted MPPE-128 stateless, MS-CHAPv2 seen, no blockage',
    () => {
      const r = report('healthy');
      expect(r.encryption.verdict).toBe('encrypted');
      expect(r.auth).toMatchObject({
        protocol: 'MS-CHAPv2',
        mschapv2Handshake: true,
        result: 'success',
      });
      expect(r.auth.users[0]?.name).toBe('labuser');
      expect(r.mppe).toMatchObject({ bits: [128], stateless: true, refused: false });
      expect(r.blockage).toBe(false);
    },
  );

  it.runIf(has('cleartext'))('cleartext: data frames readable on the wire', () => {
    const r = report('cleartext');
    expect(r.encryption.verdict).toBe('cleartext');
    expect(r.encryption.cleartextFrames).toBeGreaterThan(0);
    expect(r.mppe).toBeNull();
  });

  it.runIf(has('auth-failed'))(
    'auth-failed: the MS-CHAPv2 failure, its user and error code',
    () => {
      const r = report('auth-failed');
      expect(r.auth.result).toBe('failure');
      expect(r.auth.users[0]).toMatchObject({ name: 'labuser', result: 'failure' });
      expect(r.auth.users[0]?.message).toMatch(/^E=691/);
      expect(r.encryption.verdict).toBe('unknown'); // no data ever flowed
    },
  );

  it.runIf(has('gre-blocked'))(
    'gre-blocked: the client LCP requests are never acknowledged',
    () => {
      const r = report('gre-blocked');
      expect(r.blockage).toBe(true);
      expect(r.blockageReasons.join('\n')).toMatch(
        /LCP Configure-Requests from 10\.47\.0\.2 never acknowledged/,
      );
    },
  );

  it.runIf(has('gre-blocked-midsession'))(
    'gre-blocked-midsession: echo requests stop being answered',
    () => {
      const r = report('gre-blocked-midsession');
      expect(r.encryption.verdict).toBe('encrypted');
      expect(r.blockage).toBe(true);
      expect(r.blockageReasons.join('\n')).toMatch(
        /LCP Echo-Requests in a row from 10\.47\.0\.2 without a reply/,
      );
    },
  );

  for (const scenario of ['mppe-refused', 'mppe-noccp']) {
    it.runIf(has(scenario))(`${scenario}: MPPE offered and refused, no data frames`, () => {
      const r = report(scenario);
      expect(r.mppe?.refused).toBe(true);
      expect(r.mppe?.offered).toContain(128);
      expect(r.encryption.verdict).toBe('unknown');
    });
  }

  it.runIf(has('lossy'))('lossy: sequence gaps counted as losses', () => {
    const r = report('lossy');
    expect(r.gre.calls.reduce((a, c) => a + c.lost, 0)).toBeGreaterThan(0);
    expect(r.blockage).toBe(false);
  });

  it.runIf(has('mtu-mismatch'))('mtu-mismatch: outer fragments reassembled', () => {
    const r = report('mtu-mismatch');
    expect(r.ip.reassembled).toBeGreaterThan(0);
    expect(r.skipped.fragmentsPending).toBe(0);
  });

  it.runIf(has('nat'))(
    'nat: with the conntrack helper, GRE crosses both ways on both sides',
    () => {
      expect(report('nat').blockage).toBe(false);
      expect(report('nat', 'capture-nat-outside.pcap').blockage).toBe(false);
    },
  );

  it.runIf(has('nat-nohelper'))(
    'nat-nohelper: GRE blockage seen inside and outside the NAT',
    () => {
      expect(report('nat-nohelper').blockage).toBe(true);
      expect(report('nat-nohelper', 'capture-nat-outside.pcap').blockage).toBe(true);
      expect(report('nat-nohelper').auth.protocol).toBeNull(); // LCP never opened
    },
  );

  it.runIf(has('link-flap'))('link-flap: two control connections and two calls', () => {
    const r = report('link-flap');
    expect(r.pptp.connections).toHaveLength(2);
    expect(r.pptp.calls.filter((c) => c.established)).toHaveLength(2);
    expect(r.blockage).toBe(false);
  });

  it.runIf(has('shaped'))(
    'shaped (snap length 96): decoded as far as captured, names flagged as cut',
    () => {
      const r = report('shaped');
      expect(r.capture.slicedRecords).toBeGreaterThan(0);
      expect(r.status.damage).toBeNull();
      expect(r.encryption.verdict).toBe('encrypted');
      expect(r.auth.users[0]?.nameTruncated).toBe(true);
    },
  );
});
