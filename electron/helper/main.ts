// Entry point of the privileged sudo-helper (see electron/helper/README in issue 4).
process.stderr.write('pptp-auditor helper: not implemented yet\n');
process.exitCode = 1;
