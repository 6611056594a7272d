import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/** Files handed to `--from` are evidence from a site engineer: read them, never trust them. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputFileError';
  }
}

export interface InputFile {
  path: string;
  text: string;
  bytes: number;
  gzipped: boolean;
}

/**
 * Reads one regular file (no FIFO, device or directory), at most MAX_INPUT_BYTES, and
 * gunzips it when it starts with the gzip magic (/proc/config.gz, rotated syslog.2.gz).
 * Every failure becomes an InputFileError with a one-line message naming the file.
 */
export async function readInputFile(path: string): Promise<InputFile> {
  const shown = JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputFileError(
      `cannot read ${shown}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`,
    );
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new InputFileError(`cannot read ${shown}: not a regular file`);
    if (stat.size > MAX_INPUT_BYTES) {
      throw new InputFileError(
        `cannot read ${shown}: ${stat.size} bytes is more than the ${MAX_INPUT_BYTES}-byte limit`,
      );
    }
    const buffer = Buffer.alloc(stat.size);
    let offset = 0;
    while (offset < buffer.length) {
      const { bytesRead } = await handle.read(buffer, offset, buffer.length - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    const data = buffer.subarray(0, offset);
    const gzipped = data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
    let text: string;
    if (gzipped) {
      try {
        text = gunzipSync(data, { maxOutputLength: MAX_INPUT_BYTES }).toString('utf8');
      } catch (e) {
        throw new InputFileError(
          `cannot read ${shown}: broken gzip data (${(e as Error).message})`,
        );
      }
    } else text = data.toString('utf8');
    if (text.includes('\u0000')) {
      throw new InputFileError(`cannot read ${shown}: binary data, expected text output of a tool`);
    }
    return { path, text, bytes: offset, gzipped };
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError(`cannot read ${shown}: ${(e as Error).message}`);
  } finally {
    await handle.close();
  }
}
