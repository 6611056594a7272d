import path from 'node:path';
import { summariseSamples } from '../../shared/analysis/throughputStats';
import type { ThroughputSample } from '../../shared/model/throughput';
import { LOG_FILES, PPP_OPTION_FILES } from '../../shared/ops/catalogue';
import { ThroughputSampler } from '../collectors/throughput/sampler';
import { readLinkSpeedMbps } from '../collectors/throughput/readCounters';
import { probeMtu } from '../collectors/mtu/probeMtu';
import { closeSync, openSync, readSync } from 'node:fs';
import { WireFactsBuilder } from '../../shared/audit/facts';
import { BUNDLE_FILES } from '../evidence';
import type { AuditSession, KeptOutput } from './auditSession';
import type { Collected } from './collected';

const problem = (c: Collected, step: string, kept: KeptOutput | null, fallback = '') => {
  const message = kept?.result.error ?? fallback;
  if (message) c.problems.push({ step, message });
  return message !== '';
};

/** Step 1: every interface (ip -j -d addr show). */
export async function collectInterfaces(s: AuditSession, c: Collected): Promise<string[]> {
  const kept = await s.run('identify-interfaces', { op: 'ip.addr' });
  if (!problem(c, 'identify-interfaces', kept)) c.ipAddr = kept;
  // The same facts in the form an engineer reads, with the tunnel's own counters.
  const link = await s.run('identify-interfaces', { op: 'ip.link.stats', iface: s.target.iface });
  return [link.file, kept.file];
}

/** Step 2: loaded and built-in modules, kernel config, the conntrack-helper and forwarding sysctls. */
export async function collectModules(s: AuditSession, c: Collected): Promise<string[]> {
  const procModules = await s.run('kernel-modules', { op: 'modules.list' });
  const builtin = await s.run('kernel-modules', { op: 'modules.builtin' });
  const kernelConfig = await s.run('kernel-modules', { op: 'kernel.config' });
  const helperSysctl = await s.run('kernel-modules', { op: 'sysctl.read', key: 'net.netfilter.nf_conntrack_helper' });
  const ipForward = await s.run('kernel-modules', { op: 'sysctl.read', key: 'net.ipv4.ip_forward' });
  const ok = (k: KeptOutput) => (k.result.error ? undefined : k);
  if (!problem(c, 'kernel-modules', procModules)) {
    c.modules = {
      procModules,
      builtin: ok(builtin),
      kernelConfig: ok(kernelConfig),
      helperSysctl: ok(helperSysctl),
      ipForward: ok(ipForward),
    };
  }
  return [procModules, builtin, kernelConfig, helperSysctl, ipForward].map((k) => k.file);
}

/** Step 3: samples the tunnel for `seconds`, appending them to the bundle as they come. */
export async function collectThroughput(
  s: AuditSession,
  c: Collected,
  options: { seconds: number; intervalMs: number; linkSpeedMbps: number | null },
): Promise<string[]> {
  const samples: ThroughputSample[] = [];
  const startedAt = s.at();
  const sampler = new ThroughputSampler({
    iface: s.target.iface,
    intervalMs: options.intervalMs,
    onSample: (sample) => {
      samples.push(sample);
      s.bundle.appendSamples([sample]);
    },
  });
  sampler.start();
  await new Promise((r) => setTimeout(r, options.seconds * 1000));
  sampler.stop();
  const sysfs = options.linkSpeedMbps === null ? readLinkSpeedMbps(s.target.carrier) : null;
  const stats = summariseSamples(samples);
  // The sampler reads /proc and sysfs in-process; recording it like a command keeps the appendix
  // complete (what was read, when, and what it amounted to).
  s.bundle.recordCommand(
    {
      op: 'throughput.sample',
      argv: ['read', '/proc/net/dev', `/sys/class/net/${s.target.iface}/ifindex`, `every ${options.intervalMs} ms`],
      startedAt,
      endedAt: s.at(),
      exitCode: 0,
      stdout: `${JSON.stringify({ samples: samples.length, stats }, null, 2)}\n`,
      stderr: '',
    },
    'throughput',
  );
  if (samples.every((x) => !x.present)) {
    c.problems.push({ step: 'throughput', message: `${s.target.iface} was absent for the whole sampling window` });
  }
  c.throughput = {
    samplesFile: BUNDLE_FILES.samples,
    samples,
    linkSpeedMbps: options.linkSpeedMbps ?? sysfs,
    linkSpeedSource: options.linkSpeedMbps !== null ? 'auditor' : sysfs !== null ? 'sysfs' : null,
  };
  return [BUNDLE_FILES.samples];
}

/** Step 4 begins: tcpdump on the carrier, writing straight into the bundle's captures/. */
export async function startCapture(s: AuditSession, c: Collected, seconds: number): Promise<{ captureId: string | null; file: string; pcapPath: string | null }> {
  const kept = await s.run('capture', {
    op: 'capture.start',
    iface: s.target.carrier,
    durationS: Math.min(3600, Math.max(1, Math.ceil(seconds))),
    maxBytes: 256 * 1024 * 1024,
    dir: path.resolve(s.bundle.dir, 'captures'),
  });
  if (problem(c, 'capture', kept)) return { captureId: null, file: kept.file, pcapPath: null };
  return { captureId: kept.result.captureId ?? null, file: kept.file, pcapPath: kept.result.files?.[0] ?? null };
}

/** Step 4 ends: stop tcpdump, decode the pcap, keep the analysis beside it. */
export async function finishCapture(s: AuditSession, c: Collected, captureId: string | null): Promise<string[]> {
  if (!captureId) return [];
  const kept = await s.run('capture', { op: 'capture.stop', captureId });
  const pcapPath = kept.result.files?.[0];
  if (problem(c, 'capture', kept) || !pcapPath) return [kept.file];
  const pcapFile = path.relative(s.bundle.dir, pcapPath).split(path.sep).join('/');
  try {
    const { facts, report } = decodeCapture(pcapPath, pcapFile);
    const reportFile = s.bundle.addOutput('wire-report.json', `${JSON.stringify(report, null, 2)}\n`);
    c.capture = { pcapFile, pcapPath, report, reportFile, facts };
    return [pcapFile, reportFile, kept.file];
  } catch (error) {
    c.problems.push({ step: 'capture', message: `${pcapFile}: ${(error as Error).message}` });
  }
  return [pcapFile, kept.file];
}

/** Streams the pcap through the decoder in 1 MiB chunks: memory stays flat on long captures. */
function decodeCapture(pcapPath: string, pcapFile: string) {
  const builder = new WireFactsBuilder(pcapFile);
  const fd = openSync(pcapPath, 'r');
  try {
    const chunk = new Uint8Array(1 << 20);
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got <= 0) break;
      builder.push(chunk.subarray(0, got));
    }
  } finally {
    closeSync(fd);
  }
  return builder.finish();
}

/** Step 5: the pptpd and pppd journals and the syslog files of the allowlist. */
export async function collectLogs(s: AuditSession, c: Collected): Promise<string[]> {
  const files: string[] = [];
  const journals = [
    { op: 'logs.journal' as const, unit: 'pptpd' as const },
    { op: 'logs.journal' as const, identifier: 'pppd' as const },
  ];
  for (const request of journals) {
    const kept = await s.run('logs', request);
    files.push(kept.file);
    if (!kept.result.error && kept.text.trim() !== '') c.logs.push({ ...kept, kind: 'journal-json' });
  }
  for (const logPath of LOG_FILES) {
    const kept = await s.run('logs', { op: 'logs.file', path: logPath });
    files.push(kept.file);
    if (!kept.result.error && kept.text.trim() !== '') c.logs.push({ ...kept, kind: 'syslog' });
  }
  if (c.logs.length === 0) c.problems.push({ step: 'logs', message: 'no pptpd/pppd journal and no readable syslog file' });
  return files;
}

/** Step 6: latency, jitter and loss with 1400-byte echoes, then the DF path-MTU bisection. */
export async function collectLatency(s: AuditSession, c: Collected, count: number): Promise<string[]> {
  const files: string[] = [];
  const kept = await s.run('latency', {
    op: 'ping.run',
    target: s.target.remoteIp,
    count,
    intervalS: 0.2,
    size: 1400,
    dontFragment: false,
    deadlineS: Math.ceil(count * 0.2) + 10,
  });
  files.push(kept.file);
  if (!problem(c, 'latency', kept)) c.ping = kept;
  try {
    const probes: KeptOutput[] = [];
    const mtu = await probeMtu(
      async (request, onLine) => {
        const probe = await s.run('latency', request, onLine);
        probes.push(probe);
        return probe.result;
      },
      { target: s.target.remoteIp, perProbe: 2 },
    );
    const mtuFile = s.bundle.addOutput('mtu-probe.json', `${JSON.stringify(mtu, null, 2)}\n`);
    files.push(mtuFile, ...probes.map((p) => p.file));
    c.mtu = { run: mtu, file: mtuFile, probes };
  } catch (error) {
    c.problems.push({ step: 'latency', message: `path-MTU probe: ${(error as Error).message}` });
  }
  return files;
}

/** The hardening reads: firewall rules, chap-secrets summary, pppd options, sensors. */
export async function collectHardening(s: AuditSession, c: Collected): Promise<string[]> {
  const files: string[] = [];
  const firewall = await s.run('hardening', { op: 'firewall.iptables', family: 'ipv4' });
  files.push(firewall.file);
  if (!firewall.result.error) c.firewall = firewall;
  const chap = await s.run('hardening', { op: 'ppp.chapSecrets' });
  files.push(chap.file);
  if (!chap.result.error) c.chapSecrets = chap;
  for (const optionsPath of PPP_OPTION_FILES) {
    const kept = await s.run('hardening', { op: 'ppp.options', path: optionsPath });
    files.push(kept.file);
    if (!kept.result.error) c.pppOptions.push(kept);
  }
  const sensors = await s.run('hardening', { op: 'sensors.read' });
  files.push(sensors.file);
  if (!sensors.result.error) c.sensors = sensors;
  return files;
}
