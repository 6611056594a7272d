export { EvidenceBundle, DEFAULT_FLUSH_INTERVAL_MS, type BundleOptions, type CommandOutcome } from './bundle';
export { resumeBundle, type RecoveryReport } from './recovery';
export { readBundle, type BundleContents } from './read';
export { verifyBundle } from './verify';
export { compareBundles } from './compare';
export { EvidenceError, EvidenceDiskFullError } from './errors';
export { BUNDLE_FILES } from './layout';
