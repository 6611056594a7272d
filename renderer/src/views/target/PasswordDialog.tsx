import { useState, type FormEvent } from 'react';

/**
 * The one sudo-password prompt: for the local privileged helper and for sudo on a gateway alike
 * (the caller says where it goes). The password lives only in this dialog's state, is handed
 * over once, and is cleared before the answer comes back, whatever it is.
 */
export function PasswordDialog({
  title,
  submitLabel,
  onSubmit,
  onCancel,
  error = null,
}: {
  /** What the password is for, as the dialog is named ("Start the privileged helper"). */
  title: string;
  submitLabel: string;
  onSubmit(password: string): Promise<void>;
  onCancel(): void;
  /** Why the last password was refused (one line), shown in the dialog so the auditor can try again. */
  error?: string | null;
}) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const sent = password;
    setPassword('');
    setBusy(true);
    try {
      await onSubmit(sent);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="priv-dialog" onSubmit={(e) => void submit(e)} aria-label={title}>
      <label>
        sudo password
        <input type="password" autoComplete="off" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error !== null && (
        <span className="priv-dialog-error" role="alert" data-testid="password-error">
          {error}
        </span>
      )}
      <button type="submit" className="small" disabled={busy || password === ''}>
        {submitLabel}
      </button>
      <button
        type="button"
        className="small"
        onClick={() => {
          setPassword('');
          onCancel();
        }}
      >
        Cancel
      </button>
    </form>
  );
}
