import type { ReportModel } from '../../../shared/report/model';
import { MIGRATION_PROTOCOLS, PROTOCOL_LABELS } from '../../../shared/report/migration';
import { formatMbps, formatShare } from '../../../shared/format/units';

const pct = formatShare;

export function ReportMigration({ model }: { model: ReportModel }) {
  const m = model.migration;
  // The traffic mix is known only when a capture gave a size histogram; otherwise the sizes are
  // typical ones, equally weighted, and the table must not pretend to a share it never measured.
  const observed = m.rows.some((r) => r.share !== null);
  return (
    <section className="page-break">
      <h2>5. Migration: PPTP against WireGuard and IKEv2</h2>
      <p>
        Per-packet cost of each protocol for the inner packet sizes {observed ? 'observed in the capture' : 'typical of telemetry links (no capture histogram in this audit)'}.
        PPTP overhead is {m.pptpOverheadBytes} bytes per packet ({m.pptpOverheadSource === 'measured' ? 'measured on the wire' : 'nominal: IP 20 + GRE 16 + PPP 4 + MPPE 2 + inner protocol 2'}).
        WireGuard adds 60 bytes plus padding to 16; IKEv2/ESP with AES-GCM and NAT-T adds 62 bytes plus padding to 4.
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>Inner packet</th>
            {observed && <th>Share of traffic</th>}
            {MIGRATION_PROTOCOLS.map((p) => (
              <th key={p}>{PROTOCOL_LABELS[p]}<br />overhead · efficiency</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.rows.map((r) => (
            <tr key={r.size}>
              <td className="num">{r.size} B</td>
              {observed && <td className="num">{r.share === null ? '—' : pct(r.share)}</td>}
              {MIGRATION_PROTOCOLS.map((p) => (
                <td key={p} className="num">
                  {r.overhead[p]} B · {pct(r.efficiency[p])}
                </td>
              ))}
            </tr>
          ))}
          <tr className="total">
            <td colSpan={observed ? 2 : 1}>{observed ? 'Efficiency over the observed traffic mix' : 'One packet of each size together (traffic mix not measured)'}</td>
            {MIGRATION_PROTOCOLS.map((p) => (
              <td key={p} className="num">{pct(m.weighted[p])}</td>
            ))}
          </tr>
          {m.linkPayloadMbps && (
            <tr className="total">
              <td colSpan={observed ? 2 : 1}>Payload over the {m.linkSpeedMbps} Mbit/s carrier (headers only)</td>
              {MIGRATION_PROTOCOLS.map((p) => (
                <td key={p} className="num">{formatMbps(m.linkPayloadMbps![p])}</td>
              ))}
            </tr>
          )}
        </tbody>
      </table>
      <p>
        Measured PPTP ceiling in this audit: {m.measuredPptpMaxMbps === null ? 'not measured' : formatMbps(m.measuredPptpMaxMbps)}.
        Header arithmetic is not the whole story: MPPE runs single-threaded in pppd's kernel path (the field guide puts
        PPTP's practical ceiling at 100–150 Mbit/s on modern hardware), while WireGuard and IPsec encrypt in the kernel
        across cores. Encryption strength decides the migration regardless of speed: MS-CHAPv2 and RC4/MPPE are broken,
        WireGuard (Curve25519, ChaCha20-Poly1305) and IKEv2 with AES-GCM are not.
      </p>
      <h3>Recommended path</h3>
      <ol>
        <li>Until migration: restrict TCP 1723 and GRE to the known peer addresses; require MPPE-128 stateless and MS-CHAPv2 only; set the tunnel MTU to {model.baseline.pathMtu ? `${Math.min(1400, model.baseline.pathMtu)} (the lower of 1400 and the probed path MTU of ${model.baseline.pathMtu})` : '1400'} and clamp TCP MSS to it minus 40.</li>
        <li>Stand up WireGuard (or IKEv2 where a certificate PKI exists) beside the PPTP tunnel; move the controller's telemetry over; compare with this baseline using PPTP Auditor's audit comparison.</li>
        <li>Decommission pptpd and remove the PPTP NAT helpers and firewall openings.</li>
      </ol>
    </section>
  );
}
