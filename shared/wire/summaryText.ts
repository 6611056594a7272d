import type { WireReport } from './report';

function n(x: number): string {
  return x.toLocaleString('en-US');
}

function time(t: number | null): string {
  return t === null ? '-' : new Date(t * 1000).toISOString();
}

/** The human-readable summary of `pptp-auditor analyze` (plain text, one fact per line). */
export function formatWireSummary(r: WireReport, fileLabel: string): string {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(
    `Capture ${fileLabel}: ${r.capture.format ?? 'unknown format'}, ${n(r.packets)} packets, ${r.capture.durationSeconds} s (${time(r.capture.firstTime)} .. ${time(r.capture.lastTime)})`,
  );
  line();
  line('PPTP control (TCP 1723)');
  const msgs = Object.entries(r.pptp.messages).filter(([, c]) => c > 0);
  line(
    `  messages: ${msgs.length ? msgs.map(([k, c]) => `${k}=${c}`).join(' ') : 'none'}${r.pptp.unknownMessages ? ` unknown=${r.pptp.unknownMessages}` : ''}`,
  );
  for (const c of r.pptp.connections) {
    line(
      `  connection ${c.client}:${c.clientPort} → ${c.server}:${c.serverPort}: ${c.established ? 'established' : 'not established'}${c.startResult ? ` (${c.startResult})` : ''}${c.stopped ? ', stopped' : ''}`,
    );
    if (c.clientHost)
      line(
        `    client: host "${c.clientHost.hostname}" vendor "${c.clientHost.vendor}" firmware ${c.clientHost.firmware} protocol ${c.clientHost.protocolVersion}`,
      );
    if (c.serverHost)
      line(
        `    server: host "${c.serverHost.hostname}" vendor "${c.serverHost.vendor}" firmware ${c.serverHost.firmware} protocol ${c.serverHost.protocolVersion}`,
      );
  }
  for (const c of r.pptp.calls) {
    line(
      `  ${c.kind} call ${c.requesterCallId} → ${c.responderCallId ?? '?'}: ${c.result ?? 'no reply'}${c.error ? ` (error ${c.error})` : ''}${c.disconnectTime !== null ? `, disconnected (${c.disconnectResult ?? '?'})` : ''}`,
    );
  }
  line();
  line(
    `GRE: ${n(r.gre.packets)} packets, ${n(r.gre.bytes)} bytes${r.gre.nonPptpGre ? `, ${r.gre.nonPptpGre} non-PPTP GRE` : ''}${r.gre.icmpUnreachable ? `, ${r.gre.icmpUnreachable} ICMP unreachable` : ''}`,
  );
  for (const f of r.gre.calls) {
    const lag = f.ackLag ? `, ack lag max ${f.ackLag.max} mean ${f.ackLag.mean}` : '';
    line(
      `  call ID ${f.callId} ${f.src} → ${f.dst}: ${n(f.packets)} packets, ${n(f.bytes)} bytes, lost ${f.lost} (${f.lossPercent}%), reordered ${f.reordered}, duplicates ${f.duplicates}${lag}`,
    );
  }
  if (r.ip.fragments > 0) {
    const share = r.gre.packets > 0 ? ` (${((r.gre.fromFragments / r.gre.packets) * 100).toFixed(1)}% of GRE)` : '';
    line(
      `  outer IP fragmentation: ${n(r.gre.fromFragments)} GRE packets arrived in fragments${share}; ${n(r.ip.fragments)} fragments, ${n(r.ip.fragmentedDatagrams)} datagrams, ${n(r.ip.reassembled)} reassembled, ${n(r.ip.fragmentsExpired)} expired, ${n(r.skipped.fragmentsPending)} incomplete at the end`,
    );
  }
  line();
  const protos = Object.entries(r.ppp.protocols).map(
    ([k, c]) => `${k} ${r.ppp.protocolNames[k] ?? ''}=${c}`,
  );
  line(`PPP: ${n(r.ppp.frames)} frames${protos.length ? `: ${protos.join(', ')}` : ''}`);
  line(`Encryption: ${r.encryption.verdict.toUpperCase()} — ${r.encryption.explanation}`);
  const a = r.auth;
  line(
    `Authentication: ${a.protocol ?? 'not seen'}${a.offered.length ? ` (offered: ${a.offered.join(', ')})` : ''}${a.result ? `, result ${a.result}` : ''}`,
  );
  if (a.mschapv2Handshake)
    line(
      '  MS-CHAPv2 challenge/response crossed the wire (hashes are open to offline dictionary attack; not recorded here)',
    );
  if (a.papCleartextPassword) line('  PAP sent the password in cleartext (not recorded here)');
  for (const u of a.users)
    line(
      `  user "${u.name}"${u.nameTruncated ? ' (cut by the snap length)' : ''} via ${u.protocol} at ${time(u.time)} from ${u.src}: ${u.result}${u.message ? ` (${u.message})` : ''}`,
    );
  if (r.mppe) {
    line(
      `MPPE: ${r.mppe.bits.length ? r.mppe.bits.join('/') + '-bit' : 'no key length'} (${r.mppe.source})${r.mppe.stateless ? ', stateless' : ', stateful'}${r.mppe.refused ? ', REFUSED by the peer' : ''}`,
    );
  } else line('MPPE: not negotiated in the capture');
  if (r.ipcp.addresses.length > 0) {
    line(
      `IPCP: ${r.ipcp.addresses.map((a) => `${a.peer} got ${a.address}`).join(', ')}${r.ipcp.dns.length ? `; DNS ${r.ipcp.dns.join(', ')}` : ''}`,
    );
  }
  const o = r.overhead;
  line(
    `Overhead: payload ${n(o.payloadBytes)} B vs overhead ${n(o.overheadBytes)} B (outer IP + GRE + PPP + MPPE headers): ratio ${o.ratio ?? '-'}${o.overheadPercent !== null ? `, ${o.overheadPercent}% overhead` : ''}`,
  );
  for (const b of o.buckets)
    if (b.packets > 0)
      line(`  ${b.label.padStart(9)} B: ${n(b.packets)} packets, ratio ${b.ratio ?? '-'}`);
  line(`GRE blockage: ${r.blockage ? 'YES' : 'no'}`);
  for (const reason of r.blockageReasons) line(`  ${reason}`);
  if (r.skipped.total > 0) {
    const parts = Object.entries(r.skipped).filter(
      ([k, v]) => typeof v === 'number' && v > 0 && k !== 'total' && k !== 'fragmentsPending',
    );
    line(`Skipped: ${r.skipped.total} (${parts.map(([k, v]) => `${k}=${String(v)}`).join(', ')})`);
  }
  for (const w of r.status.warnings) line(`Warning: ${w}`);
  return out.join('\n') + '\n';
}
