import { useState, type FormEvent } from 'react';
import { useAppStore } from '../../store/store';
import { Field } from '../audit/StartAuditForm';
import { HostKeyDialog } from './HostKeyDialog';

const NO_PROFILE = '';

/**
 * Where the audit runs: this machine, or one Linux gateway over SSH (issue 12). The login
 * password lives only in this component's state: it is sent with the connect that uses it and
 * cleared after; kept meanwhile only while an unknown host key waits for the auditor's decision
 * (nothing was sent to the gateway then). Saved profiles carry no password: none exists to save.
 */
export function TargetChooser() {
  const target = useAppStore((s) => s.target);
  const mode = useAppStore((s) => s.targetMode);
  const setMode = useAppStore((s) => s.setTargetMode);
  const form = useAppStore((s) => s.targetForm);
  const setForm = useAppStore((s) => s.setTargetForm);
  const errors = useAppStore((s) => s.targetErrors);
  const error = useAppStore((s) => s.targetError);
  const connecting = useAppStore((s) => s.connecting);
  const hostKey = useAppStore((s) => s.unknownHostKey);
  const connect = useAppStore((s) => s.connectTarget);
  const dismissHostKey = useAppStore((s) => s.dismissHostKey);
  const disconnect = useAppStore((s) => s.disconnectTarget);
  const profiles = useAppStore((s) => s.profiles);
  const applyProfile = useAppStore((s) => s.applyProfile);
  const saveProfile = useAppStore((s) => s.saveProfile);
  const deleteProfile = useAppStore((s) => s.deleteProfile);
  const setTab = useAppStore((s) => s.setTab);
  const [password, setPassword] = useState('');
  const [profile, setProfile] = useState(NO_PROFILE);
  const [naming, setNaming] = useState(false);
  const [profileName, setProfileName] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await connect(password);
    // Kept only while the auditor decides on an unknown key (it was not used then).
    if (!useAppStore.getState().unknownHostKey) setPassword('');
  };
  const trust = async () => {
    if (!hostKey) return;
    await connect(password, hostKey.fingerprint);
    setPassword('');
  };
  const reject = () => {
    setPassword('');
    dismissHostKey();
  };
  const save = async () => {
    if (await saveProfile(profileName)) {
      setProfile(profileName.trim());
      setNaming(false);
      setProfileName('');
    }
  };

  const connected = target !== null && target.state !== 'local' && target.state !== 'connecting';
  const invalid = (field: string) => (errors[field] ? { 'aria-invalid': true as const } : {});
  const localUnsupported = target !== null && !target.local.supported;

  return (
    <section className="panel target-chooser" aria-label="Where the audit runs">
      <h2>Where the audit runs</h2>
      <div className="target-modes" role="radiogroup" aria-label="Where the audit runs">
        <label>
          <input type="radio" name="target-mode" checked={mode === 'local'} onChange={() => void setMode('local')} />
          This machine
        </label>
        <label>
          <input type="radio" name="target-mode" checked={mode === 'ssh'} onChange={() => void setMode('ssh')} />A gateway over SSH
        </label>
      </div>

      {mode === 'local' && localUnsupported && (
        <div className="target-notice" role="note" data-testid="local-unsupported">
          <p>
            <strong>The collectors run on Linux only.</strong> This machine cannot read a tunnel&apos;s counters, logs or traffic
            itself{target.local.reason ? ` (${target.local.reason})` : ''}.
          </p>
          <p>
            Audit the Linux gateway that holds the tunnel over SSH instead (nothing is installed on it), or analyse a capture taken
            there offline (<code>pptp-auditor analyze FILE.pcap</code>) and open earlier audits.
          </p>
          <div className="controls">
            <button type="button" onClick={() => void setMode('ssh')}>
              Audit a gateway over SSH
            </button>
            <button type="button" onClick={() => setTab('history')}>
              Open earlier audits
            </button>
          </div>
        </div>
      )}

      {mode === 'ssh' && (
        <form className="target-form" onSubmit={(e) => void submit(e)} aria-label="Connect to a gateway" noValidate>
          <div className="target-profiles">
            <label>
              <span>Saved gateways</span>
              <select
                value={profile}
                onChange={(e) => {
                  setProfile(e.target.value);
                  applyProfile(e.target.value);
                }}
              >
                <option value={NO_PROFILE}>{profiles.length === 0 ? 'none saved yet' : 'choose…'}</option>
                {profiles.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name} — {p.target}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="small"
              disabled={profile === NO_PROFILE}
              onClick={() => void deleteProfile(profile).then(() => setProfile(NO_PROFILE))}
            >
              Delete profile
            </button>
            {!naming && (
              <button type="button" className="small" onClick={() => setNaming(true)}>
                Save as profile…
              </button>
            )}
            {naming && (
              <>
                <Field label="Profile name" error={errors.name}>
                  <input value={profileName} onChange={(e) => setProfileName(e.target.value)} maxLength={60} placeholder="Lakeside GW-3" {...invalid('name')} />
                </Field>
                <button type="button" className="small" onClick={() => void save()}>
                  Save
                </button>
                <button type="button" className="small" onClick={() => setNaming(false)}>
                  Cancel
                </button>
                <span className="muted small">The target and file names are saved, never a password.</span>
              </>
            )}
          </div>
          <div className="form-grid">
            <Field label="SSH target" error={errors.target} required>
              <input
                value={form.target}
                onChange={(e) => setForm({ target: e.target.value })}
                aria-required="true"
                {...invalid('target')}
                maxLength={300}
                placeholder="ssh://root@192.0.2.10:22"
                spellCheck={false}
                autoCapitalize="off"
              />
            </Field>
            <Field label="Private key file (optional)" error={errors.identityFile}>
              <input
                value={form.identityFile}
                onChange={(e) => setForm({ identityFile: e.target.value })}
                {...invalid('identityFile')}
                maxLength={4096}
                placeholder="empty: the ssh-agent; or /home/you/.ssh/id_ed25519"
                spellCheck={false}
              />
            </Field>
            <Field label="known_hosts file (optional)" error={errors.knownHostsFile}>
              <input
                value={form.knownHostsFile}
                onChange={(e) => setForm({ knownHostsFile: e.target.value })}
                {...invalid('knownHostsFile')}
                maxLength={4096}
                placeholder="~/.ssh/known_hosts"
                spellCheck={false}
              />
            </Field>
            <Field label="Login password (optional)" error={errors.loginPassword}>
              <input type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} maxLength={1024} />
            </Field>
          </div>
          <div className="controls">
            <button type="submit" className="primary" disabled={connecting}>
              {connecting ? 'Connecting…' : connected ? 'Connect again' : 'Connect'}
            </button>
            {connected && (
              <button type="button" onClick={() => void disconnect()}>
                Disconnect
              </button>
            )}
          </div>
        </form>
      )}

      {hostKey && <HostKeyDialog hostKey={hostKey} busy={connecting} onTrust={() => void trust()} onReject={reject} />}
      {error && (
        <p className="error" role="alert" data-testid="target-error">
          {error}
        </p>
      )}
      {mode === 'ssh' && connected && target && (
        <p className="target-connected small" data-testid="target-connected">
          Connected to <code>{target.target}</code>
          {target.gateway ? ` (${target.gateway.hostname}, Linux ${target.gateway.kernelRelease})` : ''}. Host key {target.hostKey?.keyType}{' '}
          <code>{target.hostKey?.fingerprint}</code>{' '}
          {target.hostKey?.trust === 'accepted-new' ? 'accepted by you now and recorded in known_hosts.' : 'as pinned in known_hosts.'} The steps
          run there; the tunnels listed below are the gateway&apos;s.
        </p>
      )}
    </section>
  );
}
