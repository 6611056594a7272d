import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WireFactsBuilder } from '../../../shared/audit/facts/wire';
import { findCaptures, tsharkAvailable } from './tsharkReference';

// Outer IP fragmentation as tshark sees it, on every real capture we hold: the fragments, the
// datagrams they belong to, the first fragment (the packet the finding cites) and, where the
// capture kept whole packets, how many datagrams tshark itself reassembled.
const captures = findCaptures(['test/fixtures/lab', 'test/fixtures/wire']);

function tsharkLines(file: string, args: string[]): string[][] {
  const text = execFileSync('tshark', ['-n', '-r', file, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('|'));
}

function tsharkFragments(file: string): { fragments: number; datagrams: number; first: number | null; reassembled: number } {
  // #1: the outer IP layer only (a cleartext tunnel carries inner IP that may look fragmented).
  const rows = tsharkLines(file, [
    '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE',
    // GRE and TCP (PPTP control) fragments: the ones the decoder reassembles.
    '-Y', '((ip.flags.mf#1 == 1 || ip.frag_offset#1 > 0) && (ip.proto#1 == 47 || ip.proto#1 == 6)) || (ipv6.fraghdr.nxt#1 == 47 || ipv6.fraghdr.nxt#1 == 6)',
    '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=f', '-e', 'frame.number', '-e', 'ip.frag_offset', '-e', 'ipv6.fraghdr.offset',
  ]);
  // One train per first piece (a datagram seen on two interfaces is two trains, as we count it).
  const datagrams = rows.filter(([, v4 = '', v6 = '']) => Number(v4 || v6) === 0).length;
  const reassembled = tsharkLines(file, ['-Y', 'ip.fragment.count#1 || ipv6.fragment.count#1', '-T', 'fields', '-e', 'frame.number']).length;
  return { fragments: rows.length, datagrams, first: rows.length > 0 ? Number(rows[0]?.[0]) : null, reassembled };
}

describe.skipIf(!tsharkAvailable())('outer IP fragmentation agrees with tshark on real captures', () => {
  for (const file of captures) {
    it(file, () => {
      const builder = new WireFactsBuilder(file);
      builder.push(new Uint8Array(readFileSync(file)));
      const { facts, report } = builder.finish();
      const theirs = tsharkFragments(file);
      const frag = facts.fragmentation;
      expect(report.ip.fragments).toBe(theirs.fragments);
      expect(frag?.firstPacket ?? null).toBe(theirs.first);
      // tshark reassembles only pieces it captured whole; with a snap length it decodes the
      // first piece alone, so the reassembled count is compared on whole-packet captures.
      if (report.capture.slicedRecords === 0) expect(frag?.reassembled).toBe(theirs.reassembled);
      expect(frag?.fragmentedDatagrams).toBe(theirs.datagrams);
      for (const c of report.gre.calls) expect(c.payloadBytes).toBeLessThanOrEqual(c.bytes);
    });
  }
});
