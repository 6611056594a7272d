// The lab's scenarios: one guest script each under test/lab/guest/scenarios/.
// Keep this list and that folder in step (test/lab/scenarios.test.ts checks it).
export const SCENARIOS = [
  'healthy',
  'cleartext',
  'gre-blocked',
  'gre-blocked-midsession',
  'mppe-refused',
  'mppe-noccp',
  'auth-failed',
  'link-flap',
  'lossy',
  'shaped',
  'mtu-mismatch',
  'nat',
  'nat-nohelper',
  'fragmented',
] as const;

export type ScenarioName = (typeof SCENARIOS)[number];

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(name);
}

/** Namespaces inside the guest a guest command may run in ('root' = the guest's own). */
export const GUEST_NAMESPACES = ['client', 'server', 'nat', 'root'] as const;
export type GuestNamespace = (typeof GUEST_NAMESPACES)[number];

/** Addresses every scenario uses (see guest/lib.sh). */
export const LAB_ADDRESSES = {
  serverCarrier: '10.47.0.1',
  clientCarrier: '10.47.0.2',
  clientCarrierBehindNat: '10.47.1.2',
  natOutside: '10.47.0.254',
  serverTunnel: '192.168.47.1',
  clientTunnel: '192.168.47.10',
} as const;

/** The FAKE chap secret written into the guest's chap-secrets (a test fixture). */
export const LAB_FAKE_SECRET = 'LabFakeSecret-0123456789';
export const LAB_USER = 'labuser';
