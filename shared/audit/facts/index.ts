export { FactsInputError, tryAdapter, type AdapterOutcome } from './errors';
export { interfacesFacts, type TunnelTarget } from './interfaces';
export { modulesFacts, type ModulesInputTexts, type ModulesInputFiles, type ModulesFactsOptions } from './modules';
export { throughputFacts, readSamplesJsonl, type NumberedSample } from './throughput';
export { wireFacts, WireFactsBuilder, unansweredLcpRequests } from './wire';
export { logsFacts, guessLogKind, type LogInput, type LogInputKind, type LogsFactsOptions } from './logs';
export { latencyFacts, pathMtuFacts, probeFromDfPing, type CitedProbe } from './latency';
export { firewallFacts, nftFirewallFacts, pppOptionsFacts, chapSecretsFacts, sensorsFacts } from './hardening';
