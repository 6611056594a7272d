/** An error the user caused or can fix: printed as one line, exit status 2, never a stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
