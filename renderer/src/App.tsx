import { useEffect } from 'react';
import { bindingName } from './api/auditor';
import { InterfacePicker } from './components/InterfacePicker';
import { useAppStore } from './store/store';
import { ThroughputView } from './views/ThroughputView';

export function App() {
  const refresh = useAppStore((s) => s.refreshInterfaces);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <div className="app">
      <header className="topbar">
        <h1>PPTP Auditor</h1>
        <span className="subtitle">legacy tunnel baseline &amp; findings</span>
        <span className="binding">{bindingName() === 'electron' ? 'desktop' : 'browser · loopback'}</span>
      </header>
      <main className="layout">
        <InterfacePicker />
        <ThroughputView />
      </main>
    </div>
  );
}
