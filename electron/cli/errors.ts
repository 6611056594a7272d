/** An error the user caused or can fix: printed as one line, exit status 2, never a stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit status of an audit that wrote its bundle but could not run every step. */
export const INCOMPLETE_AUDIT_EXIT = 3;
