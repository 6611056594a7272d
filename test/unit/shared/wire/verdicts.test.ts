import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatWireSummary } from '../../../../shared/wire/summaryText';
import { decode, LAB_CLEARTEXT, LAB_HEALTHY, readCapture, WIRE } from './helpers';

function tshark(file: string, filter: string, field: string): string[] {
  const out = execFileSync('tshark', ['-r', file, '-Y', filter, '-T', 'fields', '-e', field], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out.split('\n').filter(Boolean);
}

describe('lab healthy tunnel (MS-CHAPv2, MPPE-128)', () => {
  const r = decode(readCapture(LAB_HEALTHY));

  it('follows the control connection: hosts, vendors, call IDs', () => {
    expect(r.pptp.messages).toMatchObject({
      SCCRQ: 1,
      SCCRP: 1,
      OCRQ: 1,
      OCRP: 1,
      CCRQ: 1,
      CDN: 0,
      StopCCRQ: 0,
    });
    const [conn] = r.pptp.connections;
    expect(conn?.established).toBe(true);
    expect(conn?.startResult).toBe('Successful channel establishment');
    expect(conn?.clientHost?.vendor).toBe(
      tshark(LAB_HEALTHY, 'pptp.control_message_type == 1', 'pptp.vendor_name')[0],
    );
    expect(conn?.serverHost?.vendor).toBe(
      tshark(LAB_HEALTHY, 'pptp.control_message_type == 2', 'pptp.vendor_name')[0],
    );
    expect(conn?.clientHost?.hostname).toBe(
      tshark(LAB_HEALTHY, 'pptp.control_message_type == 1', 'pptp.host_name')[0],
    );
    const [call] = r.pptp.calls;
    expect(call?.requesterCallId).toBe(
      Number(tshark(LAB_HEALTHY, 'pptp.control_message_type == 7', 'pptp.call_id')[0]),
    );
    expect(call?.responderCallId).toBe(
      Number(tshark(LAB_HEALTHY, 'pptp.control_message_type == 8', 'pptp.call_id')[0]),
    );
    expect(call?.established).toBe(true);
    expect(call?.result).toBe('Connected');
  });

  it('judges the data encrypted and reports MPPE 128-bit stateless', () => {
    expect(r.encryption.verdict).toBe('encrypted');
    expect(r.encryption.cleartextFrames).toBe(0);
    expect(r.encryption.encryptedFrames).toBeGreaterThan(0);
    expect(r.mppe).toMatchObject({
      bits: [128],
      source: 'agreed',
      stateless: true,
      refused: false,
      statelessObserved: true,
    });
  });

  it('reports the MS-CHAPv2 handshake with the user name, never the hashes', () => {
    expect(r.auth.protocol).toBe('MS-CHAPv2');
    expect(r.auth.mschapv2Handshake).toBe(true);
    expect(r.auth.users.map((u) => [u.name, u.result])).toEqual([['labuser', 'success']]);
    const json = JSON.stringify(r);
    const response = tshark(LAB_HEALTHY, 'chap.code == 2', 'chap.value')[0] ?? '';
    expect(response.length).toBeGreaterThan(40);
    expect(json.toLowerCase()).not.toContain(response.slice(0, 32).toLowerCase());
    expect(json).not.toContain('LabFakeSecret');
  });

  it('accounts every outer byte of GRE as payload, header overhead or PPP signalling', () => {
    const ipBytes = tshark(LAB_HEALTHY, 'gre', 'ip.len').reduce((a, b) => a + Number(b), 0);
    expect(r.gre.bytes).toBe(ipBytes);
    expect(r.overhead.payloadBytes + r.overhead.overheadBytes + r.overhead.signallingBytes).toBe(
      ipBytes,
    );
    expect(r.overhead.ratio).toBeCloseTo(r.overhead.payloadBytes / r.overhead.overheadBytes, 2);
    expect(r.overhead.buckets.reduce((a, b) => a + b.packets, 0)).toBe(r.gre.packets);
  });

  it('sees GRE both ways: no blockage; acknowledgment lag measured', () => {
    expect(r.blockage).toBe(false);
    expect(r.gre.calls).toHaveLength(2);
    for (const c of r.gre.calls) expect(c.ackLag).not.toBeNull();
  });

  it('prints a summary with the verdicts', () => {
    const text = formatWireSummary(r, 'healthy.pcap');
    expect(text).toMatch(/Encryption: ENCRYPTED/);
    expect(text).toMatch(/Authentication: MS-CHAPv2/);
    expect(text).toMatch(/MPPE: 128-bit \(agreed\), stateless/);
    expect(text).toMatch(/GRE blockage: no/);
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
});

describe('other real captures', () => {
  it('lab cleartext: data frames in clear, no MPPE', () => {
    const r = decode(readCapture(LAB_CLEARTEXT));
    expect(r.encryption.verdict).toBe('cleartext');
    expect(r.encryption.encryptedFrames).toBe(0);
    expect(r.mppe).toBeNull();
    expect(r.blockage).toBe(false);
  });

  it('GRE one way only: blockage, naming the direction', () => {
    const r = decode(readCapture(WIRE('oneway-encrypted.pcap')));
    expect(r.blockage).toBe(true);
    expect(r.blockageReasons.join('\n')).toMatch(
      /GRE only from 10\.99\.0\.2 to 10\.99\.0\.1, none back/,
    );
  });

  it('a call set up on TCP 1723 with no GRE at all is blockage', () => {
    const r = decode(readCapture(WIRE('gre-dropped-by-router.pcap')));
    expect(r.gre.packets).toBe(0);
    expect(r.pptp.calls[0]?.established).toBe(true);
    expect(r.blockage).toBe(true);
    expect(r.blockageReasons[0]).toMatch(
      /established on TCP 1723 but no GRE seen in either direction/,
    );
    expect(r.encryption.verdict).toBe('unknown');
  });

  it('ICMP protocol-unreachable answers to GRE count as blockage evidence', () => {
    const r = decode(readCapture(WIRE('gre-icmp-unreachable.pcap')));
    expect(r.gre.icmpUnreachable).toBe(
      tshark(WIRE('gre-icmp-unreachable.pcap'), 'icmp.type == 3 && icmp.code == 2', 'frame.number')
        .length,
    );
    expect(r.blockageReasons.join('\n')).toMatch(/ICMP unreachable/);
  });

  it('real sequence gaps are losses', () => {
    const r = decode(readCapture(WIRE('oneway-lossy.pcap')));
    const [call] = r.gre.calls;
    expect(call?.lost).toBe(15);
    expect(call?.lossPercent).toBeCloseTo((100 * 15) / (161 + 15), 2);
    expect(r.encryption.verdict).toBe('cleartext');
  });

  it('reassembles outer IPv4 and IPv6 fragments', () => {
    for (const [file, v6] of [
      [WIRE('ipv6-fragmented.pcap'), true],
      [WIRE('oneway-fragmented-sll.pcap'), false],
      [WIRE('rawip-tun.pcap'), false],
    ] as const) {
      const r = decode(readCapture(file));
      expect(r.ip.reassembled).toBeGreaterThan(0);
      expect(r.skipped.fragmentsPending).toBe(0);
      expect(r.gre.calls[0]?.src.includes(':')).toBe(v6);
      // Every frame tshark shows as carrying a (reassembled) GRE packet, we count once.
      expect(r.gre.packets).toBe(tshark(file, 'gre', 'frame.number').length);
    }
  });
});
