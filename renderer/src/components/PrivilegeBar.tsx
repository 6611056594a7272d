import { useEffect, useState } from 'react';
import type { PrivilegeStatus } from '../../../shared/ipc/channels/privileges';
import type { TargetState } from '../../../shared/ipc/channels/target';
import { auditor } from '../api/auditor';
import { useAppStore } from '../store/store';
import { PasswordDialog } from '../views/target/PasswordDialog';

type GatewayPrivilege = NonNullable<TargetState['privilege']>;

const GATEWAY_LABEL: Record<GatewayPrivilege, string> = {
  root: 'root on the gateway',
  'sudo-n': 'sudo on the gateway (no password)',
  'sudo-password': 'sudo on the gateway (password given)',
  none: 'unprivileged on the gateway',
};

/**
 * Whether privileged steps can run where the audit runs: on this machine (the sudo-helper) or
 * on the gateway (remote sudo). One password dialog for both; it goes to the one that applies.
 */
export function PrivilegeBar() {
  const [status, setStatus] = useState<PrivilegeStatus | null>(null);
  const [asking, setAsking] = useState(false);
  const target = useAppStore((s) => s.target);
  const elevateTarget = useAppStore((s) => s.elevateTarget);
  const onGateway = target !== null && target.state !== 'local' && target.state !== 'connecting';

  useEffect(() => {
    auditor().privileges.status({}).then(setStatus, () => setStatus(null));
  }, []);

  if (onGateway) {
    const privilege = target.privilege ?? 'none';
    // While the link is down nothing runs there: the privilege is what it will be once re-opened.
    const down = target.state !== 'connected';
    return (
      <div className="privileges" data-mode={privilege} data-where="gateway">
        <span className={`priv-dot ${down ? 'priv-down' : privilege === 'none' ? 'priv-unprivileged' : 'priv-root'}`} aria-hidden="true" />
        <span>
          {GATEWAY_LABEL[privilege]}
          {down ? ' (once reconnected)' : ''}
        </span>
        {privilege === 'none' && !asking && (
          <button type="button" className="small" onClick={() => setAsking(true)}>
            sudo password…
          </button>
        )}
        {privilege === 'none' && target.message && !asking && (
          <span className="priv-message" role="alert">
            {target.message}
          </span>
        )}
        {asking && (
          <PasswordDialog
            title={`sudo on the gateway ${target.target ?? ''}`.trim()}
            submitLabel="Use"
            error={privilege === 'none' ? target.message : null}
            onSubmit={async (password) => {
              await elevateTarget(password);
              // A refused password keeps the dialog open (emptied) with sudo's one line, to try again.
              if (useAppStore.getState().target?.privilege !== 'none') setAsking(false);
            }}
            onCancel={() => setAsking(false)}
          />
        )}
      </div>
    );
  }

  if (!status) return null;
  const label = { root: 'root', helper: `privileged helper (${status.method ?? ''})`, unprivileged: 'unprivileged' }[status.mode];
  return (
    <div className="privileges" data-mode={status.mode} data-where="local">
      <span className={`priv-dot priv-${status.mode}`} aria-hidden="true" />
      <span>{label}</span>
      {status.mode === 'unprivileged' && !asking && (
        <button type="button" className="small" onClick={() => setAsking(true)}>
          Start helper…
        </button>
      )}
      {status.message && <span className="priv-message" role="alert">{status.message}</span>}
      {asking && (
        <PasswordDialog
          title="Start the privileged helper"
          submitLabel="Start"
          onSubmit={async (password) => {
            try {
              setStatus(await auditor().privileges.elevate({ password, method: 'sudo' }));
            } finally {
              setAsking(false);
            }
          }}
          onCancel={() => setAsking(false)}
        />
      )}
    </div>
  );
}
