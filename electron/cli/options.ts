import { ifaceNameProblem } from '../../shared/model/ifaceName';
import { UsageError } from './errors';

export function requireIfaceName(value: string | undefined, option = '--iface'): string {
  if (value === undefined || value === '') throw new UsageError(`${option} is required`);
  const problem = ifaceNameProblem(value);
  if (problem) throw new UsageError(problem);
  return value;
}

export function parseNumberOption(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${name} must be a number from ${min} to ${max}, got ${JSON.stringify(raw.slice(0, 40))}`);
  }
  return value;
}
