import type { Rule } from '../types';
import { pppAuthFailures } from './authFailures';
import { greBlockage } from './greBlockage';
import { chapSecretsExposed, chapSecretsWeak, tcp1723Unrestricted } from './hardening';
import { missingModules, natHelpersMissing } from './modules';
import { tunnelFragmentation } from './fragmentation';
import { mtuFragmentation } from './mtu';
import { greSequenceLoss, jitterHigh, latencyHigh, lossHigh, throughputCeiling, txqueuelenBufferbloat } from './performance';
import { dataChannelUnencrypted, mppeNegotiationFailed, mppeNotRequired, msChapV2Observable, pptpInUse, tunnelKindUnknown, weakMppe } from './protocol';
import { firewallAcceptShadowed, greForwardBlocked, mssClampMissing, pptpHelperNotAssigned } from './firewall';
import { pppAuthNotRequired, pppLegacyAuth, pppOptionsContradict } from './pppOptions';
import { dynamicAddress, thermalStress, tunnelFlapping } from './stability';

/** Every rule, in the order the report lists them when severities tie. */
export const RULES: readonly Rule[] = [
  pptpInUse,
  tunnelKindUnknown,
  dataChannelUnencrypted,
  weakMppe,
  mppeNotRequired,
  pppAuthNotRequired,
  pppLegacyAuth,
  pppOptionsContradict,
  msChapV2Observable,
  mppeNegotiationFailed,
  pppAuthFailures,
  greBlockage,
  firewallAcceptShadowed,
  greForwardBlocked,
  pptpHelperNotAssigned,
  mtuFragmentation,
  tunnelFragmentation,
  mssClampMissing,
  missingModules,
  natHelpersMissing,
  tcp1723Unrestricted,
  chapSecretsExposed,
  chapSecretsWeak,
  throughputCeiling,
  latencyHigh,
  jitterHigh,
  lossHigh,
  greSequenceLoss,
  tunnelFlapping,
  dynamicAddress,
  txqueuelenBufferbloat,
  thermalStress,
];
