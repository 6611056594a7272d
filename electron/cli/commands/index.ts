import type { Command } from 'commander';
import { registerInterfaces } from './interfaces';
import { registerWatch } from './watch';
import { registerServe } from './serve';
import { registerAnalyze } from './analyze';
import { registerVerify } from './verify';
import { registerCompare } from './compare';
import { registerModules } from './modules';
import { registerLogs } from './logs';
import { registerPing } from './ping';
import { registerMtu } from './mtu';
import { registerHardening } from './hardening';
import { registerAudit } from './audit';
import { registerReport } from './report';
import { registerRecover } from './recover';
import { registerFleet } from './fleet';
import { registerBaseline } from './baseline';

/** Every subcommand of `pptp-auditor`, one module each. Add a line here for a new one. */
export const commandRegistrations: Array<(program: Command) => void> = [
  registerInterfaces,
  registerWatch,
  registerServe,
  registerAnalyze,
  registerVerify,
  registerCompare,
  registerModules,
  registerLogs,
  registerPing,
  registerMtu,
  registerHardening,
  registerAudit,
  registerReport,
  registerRecover,
  registerFleet,
  registerBaseline,
];
