import { coverageSentence } from '../../../shared/findings/risk';
import { DRAFT_MARK, tamperBanner, type PaperSize, type ReportModel } from '../../../shared/report/model';
import { SeverityBadge } from '../components/SeverityBadge';
import { ReportAppendix } from './ReportAppendix';
import { ReportBaseline } from './ReportBaseline';
import { ReportLongTermBaseline } from './ReportLongTermBaseline';
import { ReportFindings } from './ReportFindings';
import { ReportMigration } from './ReportMigration';
import { ReportSteps } from './ReportSteps';
import { SEVERITIES } from '../../../shared/findings/types';
import { formatQuantity } from '../../../shared/format/units';

const PAGE_SIZE: Record<PaperSize, string> = { A4: '210mm 297mm', Letter: '8.5in 11in' };

function when(iso: string | null): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * A tampered bundle's report says so on every page: the top margin box of each page (CSS paged
 * media) carries the banner, printed in the margin so it never covers the evidence. The text is
 * ours (a count), quoted for CSS anyway.
 */
function tamperMarginBox(model: ReportModel): string {
  const banner = tamperBanner(model.integrity);
  if (!banner) return '';
  return ` @top-center { content: ${JSON.stringify(banner)}; color: #fff; background: #b42318; margin: 6mm 0; border-radius: 2pt; font: bold 10pt 'DejaVu Sans', sans-serif; }`;
}

/** An unfinished audit's report says so in the bottom margin box of every page. */
function draftMarginBox(model: ReportModel): string {
  if (!model.draft) return '';
  return ` @bottom-center { content: ${JSON.stringify(DRAFT_MARK)}; color: #b42318; font: bold 11pt 'DejaVu Sans', sans-serif; letter-spacing: 1pt; }`;
}

/** On the first page: which files break custody, so nobody signs without knowing. */
function TamperList({ model }: { model: ReportModel }) {
  if (model.integrity.verdict === 'intact') return null;
  return (
    <div className="callout tampered">
      <strong>{tamperBanner(model.integrity)}.</strong> The evidence bundle no longer matches its manifest; every figure below may have
      been altered. Files:
      <ul className="tampered-files">
        {model.integrity.problems.map((p) => (
          <li key={p} className="mono wrap">
            {p}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Cover({ model }: { model: ReportModel }) {
  const rows: Array<[string, string]> = [
    ['Site', model.identity.site],
    ['Asset', model.identity.asset || '—'],
    ['Auditor', model.identity.auditor || '—'],
    ['Audit started', when(model.createdAt)],
    ['Audit closed', when(model.closedAt)],
    ['Tunnel', model.target ? `${model.target.iface} over ${model.target.carrier}, far end ${model.target.remoteIp}` : '—'],
    ['Audited host', `${model.host.hostname} · ${model.host.os} · kernel ${model.host.kernel}`],
    ...(model.host.remote
      ? ([['Reached over SSH', `${model.host.remote.target} · host key ${model.host.remote.hostKeyType} ${model.host.remote.hostKeyFingerprint} (${model.host.remote.hostKeyTrust === 'known_hosts' ? 'pinned in known_hosts' : 'accepted on first use'})`]] as Array<[string, string]>)
      : []),
    ['Evidence bundle', model.bundleId],
  ];
  return (
    <section className="cover page" data-testid="cover">
      <div className="cover-band">
        <p className="cover-kicker">Legacy VPN security and performance audit</p>
        <h1>PPTP tunnel audit report</h1>
        <p className="cover-site">{model.identity.site}</p>
      </div>
      <TamperList model={model} />
      <div className="cover-risk">
        <span>Overall risk</span>
        {model.risk ? <SeverityBadge level={model.risk.rating} /> : <span>not assessed</span>}
      </div>
      {model.risk?.coverage && <p className="coverage" data-testid="coverage">{coverageSentence(model.risk.coverage)}</p>}
      <table className="kv">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="signoff">
        <div>
          <span>Auditor</span>
        </div>
        <div>
          <span>Security officer</span>
        </div>
      </div>
      <p className="fineprint">Generated {when(model.generatedAt)} by PPTP Auditor from the evidence bundle above. Every figure in this report is traceable to a file listed with its SHA-256 in the appendix.</p>
    </section>
  );
}

function Summary({ model }: { model: ReportModel }) {
  const counts = model.risk?.counts;
  const b = model.baseline;
  const fmt = formatQuantity;
  return (
    <section className="page-break">
      <h2>1. Executive summary</h2>
      <p className="lead">
        {model.risk ? model.risk.rationale : 'No findings were evaluated.'}{' '}
        PPTP relies on MS-CHAPv2 and RC4-based MPPE, both broken by design: whatever else this audit measured, the
        tunnel is a legacy dependency to migrate to WireGuard or IKEv2.
      </p>
      {counts && (
        <table className="counts">
          <thead>
            <tr>
              {SEVERITIES.map((s) => (
                <th key={s}>
                  <SeverityBadge level={s} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {SEVERITIES.map((s) => (
                <td key={s}>{counts[s]}</td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
      <h3>Key findings</h3>
      <ol className="key-findings">
        {model.findings.slice(0, 8).map((f) => (
          <li key={f.id}>
            <SeverityBadge level={f.severity} /> <strong>{f.title}</strong> — {f.summary}
          </li>
        ))}
        {model.findings.length === 0 && <li>No findings.</li>}
      </ol>
      <h3>Baseline at a glance</h3>
      <table className="grid">
        <tbody>
          <tr>
            <th>Throughput in (avg / max)</th>
            <td>{fmt(b.rxAvgMbps, 'Mbit/s')} / {fmt(b.rxMaxMbps, 'Mbit/s')}</td>
            <th>Throughput out (avg / max)</th>
            <td>{fmt(b.txAvgMbps, 'Mbit/s')} / {fmt(b.txMaxMbps, 'Mbit/s')}</td>
          </tr>
          <tr>
            <th>Latency avg / jitter</th>
            <td>{fmt(b.latencyAvgMs, 'ms')} / {fmt(b.jitterMs, 'ms')}</td>
            <th>Loss</th>
            <td>{fmt(b.lossPercent, '%')}</td>
          </tr>
          <tr>
            <th>Tunnel MTU / path MTU</th>
            <td>{fmt(b.tunnelMtu, 'bytes')} / {fmt(b.pathMtu, 'bytes')}</td>
            <th>Data channel</th>
            <td>{model.encryption ? `${model.encryption.verdict} (${model.encryption.encryptedFrames} MPPE / ${model.encryption.cleartextFrames} cleartext frames)` : 'not captured'}</td>
          </tr>
        </tbody>
      </table>
      {model.bundleProblems.length > 0 && (
        <div className="callout warn">
          <strong>Evidence integrity notes:</strong>
          <ul>
            {model.bundleProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export function ReportDocument({ model, paper }: { model: ReportModel; paper: PaperSize }) {
  const tampered = model.integrity.verdict === 'tampered';
  return (
    <article className={`report paper-${paper}${tampered ? ' tampered' : ''}`} data-paper={paper}>
      <style>{`@page { size: ${PAGE_SIZE[paper]}; margin: ${tampered ? '24mm' : '16mm'} 15mm 18mm 15mm;${tamperMarginBox(model)}${draftMarginBox(model)} }`}</style>
      <Cover model={model} />
      <Summary model={model} />
      <ReportBaseline model={model} />
      <ReportLongTermBaseline model={model} />
      <ReportSteps model={model} />
      <ReportFindings model={model} />
      <ReportMigration model={model} />
      <ReportAppendix model={model} />
    </article>
  );
}
