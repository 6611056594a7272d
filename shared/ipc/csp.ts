/**
 * The renderer's Content-Security-Policy, one string for both bindings. `connect-src` allows
 * the loopback WebSocket of the browser binding only on the page's own origin ('self').
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
