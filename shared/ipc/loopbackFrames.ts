import { z } from 'zod';
import type { Envelope } from './define';

/** Frames of the loopback WebSocket binding. The payload is validated later by the dispatcher. */
export const clientFrameSchema = z
  .object({
    id: z.number().int().nonnegative(),
    channel: z.string().max(64),
    payload: z.unknown(),
  })
  .strict();

export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ServerFrame =
  | { kind: 'reply'; id: number; envelope: Envelope<unknown> }
  | { kind: 'push'; channel: string; payload: unknown };
