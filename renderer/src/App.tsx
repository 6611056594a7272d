import { useEffect } from 'react';
import { bindingName } from './api/auditor';
import { InterfacePicker } from './components/InterfacePicker';
import { PrivilegeBar } from './components/PrivilegeBar';
import { useAppStore } from './store/store';
import { ThroughputView } from './views/ThroughputView';
import { AuditView } from './views/audit/AuditView';
import { FindingsView } from './views/FindingsView';
import { HistoryView } from './views/HistoryView';
import { SampleAuditOffer } from './views/SampleAuditOffer';
import type { Tab } from './store/auditSlice';
import { EvidenceViewer } from './views/evidence/EvidenceViewer';
import { TargetBadge } from './views/target/TargetBadge';

const TABS: Array<[Tab, string]> = [
  ['audit', 'Guided audit'],
  ['throughput', 'Live throughput'],
  ['findings', 'Findings & report'],
  ['history', 'Earlier audits'],
];

export function App() {
  const refresh = useAppStore((s) => s.refreshInterfaces);
  const tab = useAppStore((s) => s.tab);
  const setTab = useAppStore((s) => s.setTab);
  const findings = useAppStore((s) => s.audit?.findings?.findings.length ?? 0);
  const attach = useAppStore((s) => s.attach);
  const followTarget = useAppStore((s) => s.followTarget);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  // A reload finds the audit the backend still holds (and the step it may be running).
  useEffect(() => attach(), [attach]);
  // Where the operations run (this machine or a gateway) and its connection, as the backend pushes it.
  useEffect(() => followTarget(), [followTarget]);

  return (
    <div className="app">
      <header className="topbar">
        <h1>PPTP Auditor</h1>
        <span className="subtitle">legacy tunnel baseline &amp; findings</span>
        <nav className="tabs" role="tablist">
          {TABS.map(([id, label]) => (
            <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => setTab(id)}>
              {label}
              {id === 'findings' && findings > 0 ? ` (${findings})` : ''}
            </button>
          ))}
        </nav>
        <TargetBadge />
        <PrivilegeBar />
        <span className="binding">{bindingName() === 'electron' ? 'desktop' : 'browser · loopback'}</span>
      </header>
      {tab === 'throughput' && (
        <main className="layout">
          <InterfacePicker />
          <ThroughputView />
        </main>
      )}
      {tab === 'audit' && (
        <main className="page">
          <SampleAuditOffer where="first-launch" />
          <AuditView />
        </main>
      )}
      {tab === 'history' && (
        <main className="page">
          <HistoryView />
        </main>
      )}
      {tab === 'findings' && (
        <main className="page">
          <FindingsView />
        </main>
      )}
      <EvidenceViewer />
    </div>
  );
}
