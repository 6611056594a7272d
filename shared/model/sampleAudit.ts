/**
 * The sample audit shipped with the app: a real audit of the `cleartext` scenario of the PPTP
 * lab (test/lab), recorded by test/lab/record-sample.ts. It is never an audit of a site: the
 * label below is its sealed site name (so every PDF printed from it carries it) and the GUI
 * shows it wherever the sample appears.
 */
export const SAMPLE_AUDIT_LABEL = 'Sample — recorded in the PPTP lab, not a real site';

/** Folder of the sample, relative to the repository (dev) or to the app's resources (packaged). */
export const SAMPLE_AUDIT_FOLDER = 'samples/lab-cleartext';
