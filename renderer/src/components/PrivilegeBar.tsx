import { useEffect, useState, type FormEvent } from 'react';
import type { PrivilegeStatus } from '../../../shared/ipc/channels/privileges';
import { auditor } from '../api/auditor';

/**
 * Shows whether privileged steps can run, and starts the sudo-helper. The password lives only
 * in this dialog's state, is sent once, and is cleared whatever the outcome.
 */
export function PrivilegeBar() {
  const [status, setStatus] = useState<PrivilegeStatus | null>(null);
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    auditor().privileges.status({}).then(setStatus, () => setStatus(null));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const sent = password;
    setPassword('');
    try {
      setStatus(await auditor().privileges.elevate({ password: sent, method: 'sudo' }));
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };

  if (!status) return null;
  const label = { root: 'root', helper: `privileged helper (${status.method ?? ''})`, unprivileged: 'unprivileged' }[status.mode];
  return (
    <div className="privileges" data-mode={status.mode}>
      <span className={`priv-dot priv-${status.mode}`} aria-hidden="true" />
      <span>{label}</span>
      {status.mode === 'unprivileged' && !asking && (
        <button type="button" className="small" onClick={() => setAsking(true)}>
          Start helper…
        </button>
      )}
      {status.message && <span className="priv-message" role="alert">{status.message}</span>}
      {asking && (
        <form className="priv-dialog" onSubmit={(e) => void submit(e)} aria-label="Start the privileged helper">
          <label>
            sudo password
            <input type="password" autoComplete="off" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <button type="submit" className="small" disabled={busy}>
            Start
          </button>
          <button type="button" className="small" onClick={() => { setPassword(''); setAsking(false); }}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
