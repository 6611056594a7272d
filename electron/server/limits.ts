/**
 * What one loopback server lets its clients consume. Each bound, when reached, is refused to
 * the client that reached it with a message saying which bound; the others keep working.
 */
export interface LoopbackLimits {
  /** Open TCP connections, HTTP and WebSocket together. */
  maxConnections: number;
  /** Connected WebSocket clients (the app needs one per browser tab). */
  maxClients: number;
  /** One incoming WebSocket message; a larger one closes that client with 1009. */
  maxMessageBytes: number;
  /** Requests of one client still awaiting their reply. */
  maxInFlight: number;
  /** Bytes queued towards one client that is not reading; over it the client is dropped. */
  maxQueuedBytes: number;
}

export const DEFAULT_LOOPBACK_LIMITS: LoopbackLimits = {
  maxConnections: 64,
  maxClients: 16,
  maxMessageBytes: 1024 * 1024,
  maxInFlight: 32,
  maxQueuedBytes: 8 * 1024 * 1024,
};
