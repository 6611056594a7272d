import { describe, expect, it } from 'vitest';
import { scanSudoTranscript, sudoPromptMarker } from '../../../../electron/helper/sudoOutput';
import { HELPER_READY_MARKER } from '../../../../shared/ops/protocol';

const marker = sudoPromptMarker('abc123');
const scan = (t: string) => scanSudoTranscript(t, marker, HELPER_READY_MARKER);

describe('reading sudo in a terminal', () => {
  it('has no % in the prompt (sudo would expand it)', () => {
    expect(marker).not.toContain('%');
  });

  it('sees the prompt, a lecture does not confuse it', () => {
    expect(scan('\r\nWe trust you have received the usual lecture from the local System\r\nAdministrator.\r\n\r\n')).toEqual({ prompts: 0, outcome: null });
    expect(scan(`lecture...\r\n${marker}`)).toEqual({ prompts: 1, outcome: { kind: 'prompt' } });
  });

  it('a second prompt or "Sorry, try again." means a wrong password', () => {
    expect(scan(`${marker}\r\nSorry, try again.\r\n`).outcome).toEqual({ kind: 'wrong-password' });
    expect(scan(`${marker}\r\n${marker}`).outcome).toEqual({ kind: 'wrong-password' });
    expect(scan(`${marker}\r\nsudo: 3 incorrect password attempts\r\n`).outcome).toEqual({ kind: 'wrong-password' });
  });

  it('recognises a user without sudo rights', () => {
    const t = `${marker}\r\npa-x is not in the sudoers file.  This incident will be reported.\r\n`;
    expect(scan(t).outcome).toEqual({ kind: 'not-allowed', message: 'pa-x is not in the sudoers file.  This incident will be reported.' });
    const t2 = `${marker}\r\nSorry, user pa-x is not allowed to execute '/usr/bin/node /x' as root on host.\r\n`;
    expect(scan(t2).outcome).toMatchObject({ kind: 'not-allowed' });
  });

  it('recognises a PAM prompt that replaced ours', () => {
    expect(scan('[sudo] password for alice: ')).toEqual({ prompts: 1, outcome: { kind: 'prompt' } });
    expect(scan('Password: ')).toEqual({ prompts: 1, outcome: { kind: 'prompt' } });
    expect(scan('Password: \r\nSorry, try again.\r\nPassword: ').outcome).toEqual({ kind: 'wrong-password' });
    expect(scan('Password: x\r\nsome output').outcome).toBeNull();
  });

  it('sees the helper ready, with its pid', () => {
    expect(scan(`${marker}\r\n${HELPER_READY_MARKER} pid=4242\r\n`).outcome).toEqual({ kind: 'ready', pid: 4242 });
  });
});
