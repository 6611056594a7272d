import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode, LAB_HEALTHY, pcapRecordOffsets, readCapture, rng, WIRE } from './helpers';

const CAPTURES = [
  LAB_HEALTHY,
  WIRE('oneway-cleartext.pcapng'),
  WIRE('oneway-fragmented-sll.pcap'),
  WIRE('oneway-sll2.pcap'),
  WIRE('ipv6-fragmented.pcap'),
  WIRE('rawip-tun.pcap'),
  WIRE('loopback-null.pcap'),
];

describe('capture framing (pcap, pcapng) is independent of how the bytes arrive', () => {
  for (const file of CAPTURES) {
    it(`${file}: whole, byte by byte and in random chunks give the same report`, () => {
      const bytes = readCapture(file);
      const whole = JSON.stringify(decode(bytes));
      expect(JSON.stringify(decode(bytes, [1]))).toBe(whole);
      const random = rng(file.length);
      const sizes = Array.from({ length: 50 }, () => 1 + Math.floor(random() * 700));
      expect(JSON.stringify(decode(bytes, sizes))).toBe(whole);
    });
  }

  it('reads the pcapng timestamps and interface link type', () => {
    const r = decode(readCapture(WIRE('oneway-cleartext.pcapng')));
    expect(r.capture.format).toBe('pcapng');
    expect(r.capture.linkTypes).toEqual([1]);
    const first = execFileSync(
      'tshark',
      ['-r', WIRE('oneway-cleartext.pcapng'), '-c', '1', '-T', 'fields', '-e', 'frame.time_epoch'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    expect(r.capture.firstTime).toBeCloseTo(Number(first.trim()), 5);
  });

  it('reads nanosecond pcap timestamps', () => {
    const file = WIRE('loopback-nanosecond.pcap');
    const r = decode(readCapture(file));
    expect(r.capture.format).toBe('pcap');
    const first = execFileSync('tshark', ['-r', file, '-c', '1', '-T', 'fields', '-e', 'frame.time_epoch'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(r.capture.firstTime).toBeCloseTo(Number(first.trim()), 6);
    expect(Math.round(((r.capture.firstTime ?? 0) % 1) * 1e6)).toBe(Math.round((Number(first.trim()) % 1) * 1e6));
  });

  it('names the link types it met', () => {
    expect(decode(readCapture(WIRE('oneway-fragmented-sll.pcap'))).capture.linkTypes).toEqual([
      113,
    ]);
    expect(decode(readCapture(WIRE('oneway-sll2.pcap'))).capture.linkTypes).toEqual([276]);
    expect(decode(readCapture(WIRE('rawip-tun.pcap'))).capture.linkTypes).toEqual([101]);
    expect(decode(readCapture(WIRE('loopback-null.pcap'))).capture.linkTypes).toEqual([0]);
    expect(decode(readCapture(WIRE('loopback-loop.pcap'))).capture.linkTypes).toEqual([108]);
  });
});

describe('damaged input', () => {
  it('a truncated capture gives the results up to the damage and says so', () => {
    const bytes = readCapture(LAB_HEALTHY);
    const offsets = pcapRecordOffsets(bytes);
    const k = 60;
    const cut = (offsets[k] as number) + 25; // inside record k (0-based): k whole records survive
    const r = decode(bytes.subarray(0, cut), [4096]);
    expect(r.packets).toBe(k);
    expect(r.status.complete).toBe(false);
    expect(r.status.damage?.kind).toBe('truncated');
    expect(r.status.damage?.offset).toBe(offsets[k]);
    expect(r.status.warnings.join(' ')).toMatch(/truncated/);
    // The surviving part is decoded exactly as the intact file's first k packets would be.
    expect(r.gre.packets).toBeGreaterThan(0);
  });

  it('a cut exactly between records is a complete (shorter) capture', () => {
    const bytes = readCapture(LAB_HEALTHY);
    const offsets = pcapRecordOffsets(bytes);
    const r = decode(bytes.subarray(0, offsets[30]));
    expect(r.packets).toBe(30);
    expect(r.status.damage).toBeNull();
  });

  it('a text file is not a capture', () => {
    const text = new Uint8Array(readFileSync('test/fixtures/lab/healthy/syslog.txt'));
    const r = decode(text);
    expect(r.status.damage?.kind).toBe('not-a-capture');
    expect(r.status.damage?.message).toMatch(/not a packet capture/);
    expect(r.packets).toBe(0);
  });

  it('an empty input is not a capture', () => {
    const r = decode(new Uint8Array(0));
    expect(r.status.damage?.kind).toBe('not-a-capture');
    expect(r.status.damage?.message).toMatch(/empty/);
  });

  it('an absurd record length stops the decoder with results so far', () => {
    const bytes = readCapture(LAB_HEALTHY).slice();
    const offsets = pcapRecordOffsets(bytes);
    const at = offsets[10] as number;
    new DataView(bytes.buffer).setUint32(at + 8, 0x7fffffff, true);
    const r = decode(bytes);
    expect(r.packets).toBe(10);
    expect(r.status.damage?.kind).toBe('corrupt');
    expect(r.status.damage?.offset).toBe(at);
  });
});
