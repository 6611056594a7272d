import type { z } from 'zod';
import type { InvokeChannel, PushChannel } from './define';
import { throughputInvoke, throughputPush } from './channels/throughput';
import { wirePush } from './channels/wire';
import { reportInvoke } from './channels/report';
import { auditInvoke, auditPush } from './channels/audit';
import { privilegesInvoke } from './channels/privileges';
import { terminalInvoke, terminalPush } from './channels/terminal';
import { auditsInvoke } from './channels/audits';
import { evidenceInvoke } from './channels/evidence';
import { baselineInvoke, baselinePush } from './channels/baseline';
import { targetInvoke, targetPush } from './channels/target';

/**
 * The whole IPC contract. Each domain declares its channels once, in its own file under
 * channels/, beside the schema of its request; this module only merges them. The map a
 * channel sits in gives its direction.
 */
export const invokeChannels = {
  ...throughputInvoke,
  ...reportInvoke,
  ...auditInvoke,
  ...privilegesInvoke,
  ...terminalInvoke,
  ...auditsInvoke,
  ...evidenceInvoke,
  ...baselineInvoke,
  ...targetInvoke,
} as const;

export const pushChannels = {
  ...throughputPush,
  ...wirePush,
  ...auditPush,
  ...terminalPush,
  ...baselinePush,
  ...targetPush,
} as const;

export type InvokeMap = typeof invokeChannels;
export type PushMap = typeof pushChannels;
export type InvokeName = keyof InvokeMap;
export type PushName = keyof PushMap;

export type RequestOf<C extends InvokeName> =
  InvokeMap[C] extends InvokeChannel<infer Req, unknown> ? z.input<Req> : never;
export type ParsedRequestOf<C extends InvokeName> =
  InvokeMap[C] extends InvokeChannel<infer Req, unknown> ? z.output<Req> : never;
export type ResponseOf<C extends InvokeName> =
  InvokeMap[C] extends InvokeChannel<z.ZodType, infer Res> ? Res : never;
export type PayloadOf<P extends PushName> =
  PushMap[P] extends PushChannel<infer T> ? T : never;

export function isInvokeName(name: unknown): name is InvokeName {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name);
}

export function isPushName(name: unknown): name is PushName {
  return typeof name === 'string' && Object.hasOwn(pushChannels, name);
}
