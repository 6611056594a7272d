import type { RiskRating, Severity } from '../../../shared/findings/types';

/** One look for severities and risk ratings, in the app and in the PDF. */
export function SeverityBadge({ level }: { level: Severity | RiskRating }) {
  return <span className={`severity severity-${level}`}>{level}</span>;
}
