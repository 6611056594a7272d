/**
 * The one channel of the fleet print page (renderer/fleet.html): served only by the headless
 * printer's stand-in backend (electron/fleet/summary/printFleetPdf.ts), never by the app's,
 * because no window of the app shows a fleet. Declared once here for both sides.
 */
export const FLEET_PRINT_CHANNEL = 'fleet.model';

/** The print page's address under the renderer root. */
export function fleetPrintPage(paper: 'A4' | 'Letter'): string {
  return `fleet.html#paper=${paper}`;
}
