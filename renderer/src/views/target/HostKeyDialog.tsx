import type { UnknownHostKey } from '../../store/targetSlice';

/** The file on the gateway whose fingerprint the auditor reads on its console, by key type. */
function hostKeyFile(keyType: string): string {
  if (keyType.includes('ed25519')) return '/etc/ssh/ssh_host_ed25519_key.pub';
  if (keyType.startsWith('ecdsa')) return '/etc/ssh/ssh_host_ecdsa_key.pub';
  if (keyType.includes('rsa')) return '/etc/ssh/ssh_host_rsa_key.pub';
  return '/etc/ssh/ssh_host_*_key.pub';
}

/**
 * First contact with a gateway known_hosts does not hold. Nothing was sent to it: the auditor
 * compares the fingerprint with the one the gateway's own console prints, out of band, and only
 * then trusts it. Trusting connects again pinned to exactly this fingerprint (a different key
 * presented meanwhile is refused by the backend).
 */
export function HostKeyDialog({
  hostKey,
  busy,
  onTrust,
  onReject,
}: {
  hostKey: UnknownHostKey;
  busy: boolean;
  onTrust(): void;
  onReject(): void;
}) {
  return (
    <div className="confirm panel host-key-dialog" role="dialog" aria-label="Unknown host key">
      <h3>This gateway&apos;s host key is not known yet</h3>
      <p>
        <code>{hostKey.target}</code> presented a key that <code>{hostKey.knownHostsFile}</code> does not hold. Nothing has been sent to
        it.
      </p>
      <table className="kv-table">
        <tbody>
          <tr>
            <th>Key type</th>
            <td className="mono" data-testid="host-key-type">
              {hostKey.keyType}
            </td>
          </tr>
          <tr>
            <th>Fingerprint</th>
            <td className="mono fingerprint" data-testid="host-key-fingerprint">
              {hostKey.fingerprint}
            </td>
          </tr>
        </tbody>
      </table>
      <p>
        <strong>Before trusting it, compare it with the gateway&apos;s own fingerprint</strong>, read on the gateway&apos;s console (not
        over this network):
        <br />
        <code className="command">ssh-keygen -lf {hostKeyFile(hostKey.keyType)}</code>
        <br />
        If the two differ, do not connect: something may stand between this machine and the gateway.
      </p>
      <p className="muted small">Trusting records the key in {hostKey.knownHostsFile}; every later connection is checked against it.</p>
      <div className="controls">
        <button type="button" className="primary" disabled={busy} onClick={onTrust}>
          They match: trust and connect
        </button>
        <button type="button" disabled={busy} onClick={onReject}>
          Do not trust
        </button>
      </div>
    </div>
  );
}
