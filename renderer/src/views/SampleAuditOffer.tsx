import { useEffect, useState } from 'react';
import type { AuditSummary, SavedAudit } from '../../../shared/ipc/channels/audits';
import { auditor } from '../api/auditor';
import { SeverityBadge } from '../components/SeverityBadge';
import { useAppStore } from '../store/store';
import { SampleAuditView, SampleLabel } from './SampleAuditView';
import './SampleAuditOffer.css';

/**
 * "Open the sample audit": on first launch (no audit in the audits folder, none in progress) so a
 * newcomer without a tunnel sees the whole product at once, and always in the history. The sample
 * opens read-only, in place; nothing here can write to it.
 */
export function SampleAuditOffer({ where }: { where: 'first-launch' | 'history' }) {
  const current = useAppStore((s) => s.audit);
  const [sample, setSample] = useState<AuditSummary | null>(null);
  const [firstLaunch, setFirstLaunch] = useState(false);
  const [opened, setOpened] = useState<SavedAudit | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const api = auditor().audits;
    Promise.all([api.sample({}), where === 'first-launch' ? api.list({}) : Promise.resolve([])])
      .then(([found, audits]) => {
        setSample(found);
        setFirstLaunch(audits.length === 0);
      })
      .catch((e: Error) => setError(e.message));
  }, [where]);

  if (where === 'first-launch' && (current !== null || !firstLaunch)) return null;
  if (error) return <p className="error">The sample audit could not be read: {error}</p>;
  if (!sample) return null;
  if (opened) return <SampleAuditView saved={opened} onClose={() => setOpened(null)} />;

  const open = () =>
    void auditor()
      .audits.open({ auditId: sample.auditId })
      .then(setOpened)
      .catch((e: Error) => setError(e.message));
  return (
    <section className="panel sample-offer" aria-label="Sample audit offer" data-testid="sample-offer">
      <h2>
        {where === 'first-launch' ? 'New here? See a finished audit first' : 'Sample audit'} {sample.risk && <SeverityBadge level={sample.risk as 'critical'} />}
      </h2>
      <SampleLabel />
      <p className="muted">
        A real PPTP tunnel without encryption, audited in the lab that ships with PPTP Auditor: six steps, {sample.findings} finding{sample.findings === 1 ? '' : 's'}{' '}
        with their evidence. It opens read-only and never counts as an audit of a site.
      </p>
      <div>
        <button type="button" className="primary" onClick={open}>
          Open the sample audit
        </button>
      </div>
    </section>
  );
}
