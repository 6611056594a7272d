/**
 * A stand-in for a running audit: appends throughput samples every 10 ms and records a command
 * with its raw output every 10th sample, printing "ack <kind> <seq>" after each call returns.
 * The crash test kill -9s it at a random moment. Stops by itself after MAX_MS.
 */
import { join } from 'node:path';
import { EvidenceBundle } from '../../../electron/evidence';
import type { ThroughputSample } from '../../../shared/model/throughput';

const MAX_MS = 20_000;
const dir = process.argv[2];
if (!dir) throw new Error('usage: crash.child.ts DIR');

const bundle = EvidenceBundle.create(
  join(dir),
  { identity: { site: 'Crash Test Site', asset: 'lab', auditor: 'ci' }, target: { iface: 'ppp0', carrier: 'eth0', remoteIp: '10.8.0.1' } },
  { tools: { node: process.version }, onBackgroundError: (e) => process.stderr.write(`${e.message}\n`) },
);

function sample(seq: number): ThroughputSample {
  return {
    t: seq,
    iface: 'ppp0',
    ifindex: 7,
    present: true,
    intervalMs: 10,
    rxBytes: seq * 1000,
    txBytes: seq * 500,
    rxPackets: seq,
    txPackets: seq,
    rxBps: 800_000,
    txBps: 400_000,
    rxPps: 100,
    txPps: 100,
    rxErrors: 0,
    txErrors: 0,
    rxDropped: 0,
    txDropped: 0,
    gap: false,
    gapReason: null,
  };
}

const started = Date.now();
let seq = 0;
const timer = setInterval(() => {
  seq += 1;
  bundle.appendSamples([sample(seq)]);
  process.stdout.write(`ack sample ${seq}\n`);
  if (seq % 10 === 0) {
    const now = new Date().toISOString();
    const rec = bundle.recordCommand({
      op: 'ping.run',
      argv: ['ping', '-c', '1', '10.8.0.1'],
      startedAt: now,
      endedAt: now,
      exitCode: 0,
      stdout: `64 bytes from 10.8.0.1: icmp_seq=${seq} ttl=64 time=0.05 ms\n`,
      stderr: '',
    });
    process.stdout.write(`ack command ${rec.seq} ${seq}\n`);
  }
  if (Date.now() - started > MAX_MS) {
    clearInterval(timer);
    bundle.close();
    process.stdout.write('done\n');
  }
}, 10);
