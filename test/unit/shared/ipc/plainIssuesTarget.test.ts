import { describe, expect, it } from 'vitest';
import { auditInvoke } from '../../../../shared/ipc/channels/audit';
import { targetInvoke } from '../../../../shared/ipc/channels/target';
import { fieldMessages } from '../../../../shared/ipc/plainIssues';

/** What the gateway chooser shows beside its fields: the schema the backend uses, in an auditor's words. */
function said(request: Record<string, unknown>) {
  const parsed = targetInvoke['target.connect'].request.safeParse(request);
  if (parsed.success) throw new Error('expected the request to be refused');
  return fieldMessages(parsed.error.issues, request);
}

describe('the gateway chooser says what is wrong with an ssh:// target, beside the field', () => {
  it('names the field once, by its label, with the parser\'s own reason', () => {
    expect(said({ target: 'root@10.0.0.1' })).toEqual({ target: 'SSH target "root@10.0.0.1": expected ssh://USER@HOST[:PORT].' });
    expect(said({ target: 'ssh://root@gw:70000' })).toEqual({ target: 'SSH target "ssh://root@gw:70000": port must be 1 to 65535.' });
    expect(said({ target: 'ssh://-oProxyCommand=x@gw' })).toEqual({
      target: 'SSH target "ssh://-oProxyCommand=x@gw": user must be an account name (letters, digits, _ . -; not starting with - or a digit).',
    });
    expect(said({ target: '  ' })).toEqual({ target: 'SSH target is required.' });
  });

  it('says the other fields by their labels', () => {
    expect(said({ target: 'ssh://root@gw', identityFile: 'a\0b', trustFingerprint: 'MD5:aa' })).toEqual({
      identityFile: 'Private key file: a file name cannot contain a NUL byte.',
      trustFingerprint: 'Fingerprint to trust must be a SHA256:… fingerprint as ssh-keygen -lf prints it.',
    });
  });

  it('audit.start\'s gateway is said as Gateway; its target object is not called an SSH target', () => {
    const request = { identity: { site: 'S' }, target: { iface: 'ppp0', carrier: 'eth0', remoteIp: '10.0.0.2' }, gateway: 'ssh://root@gw:0' };
    const parsed = auditInvoke['audit.start'].request.safeParse(request);
    expect(fieldMessages(parsed.error!.issues, request)).toEqual({ gateway: 'Gateway "ssh://root@gw:0": port must be 1 to 65535.' });
    const noTarget = { identity: { site: 'S' } };
    const refused = auditInvoke['audit.start'].request.safeParse(noTarget);
    expect(fieldMessages(refused.error!.issues, noTarget).target).toBe('target is missing or of the wrong kind.');
  });
});
