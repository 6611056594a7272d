import { statfsSync } from 'node:fs';

/** Anything that stops the evidence store from doing its job, with a message for people. */
export class EvidenceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EvidenceError';
  }
}

/**
 * The disk (or quota) is full. Raised only after the partial write was rolled back, so the
 * message can promise that everything already in the bundle is intact.
 */
export class EvidenceDiskFullError extends EvidenceError {
  constructor(
    readonly bundleDir: string,
    readonly file: string,
    cause: unknown,
  ) {
    super(
      `disk full: could not write ${file} to the evidence bundle ${bundleDir}${freeSpaceNote(bundleDir)}. ` +
        'Nothing already written was lost (the partial write was rolled back). Free some space on that disk, ' +
        'or move the audit to a larger one, then continue.',
      { cause },
    );
    this.name = 'EvidenceDiskFullError';
  }
}

function freeSpaceNote(dir: string): string {
  try {
    const s = statfsSync(dir);
    return ` (${Number(s.bavail) * Number(s.bsize)} bytes free)`;
  } catch {
    return '';
  }
}

export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
}

/** Turns a low-level write error into an EvidenceError that names the bundle and the file. */
export function wrapWriteError(bundleDir: string, file: string, error: unknown): EvidenceError {
  if (error instanceof EvidenceError) return error;
  if (isDiskFull(error)) return new EvidenceDiskFullError(bundleDir, file, error);
  const message = error instanceof Error ? error.message : String(error);
  return new EvidenceError(`could not write ${file} in the evidence bundle ${bundleDir}: ${message}`, { cause: error });
}
