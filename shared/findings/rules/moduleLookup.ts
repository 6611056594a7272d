import type { ModuleFacts } from '../facts';

/** Module names as the kernel lists them (dashes and underscores are the same to modprobe). */
function normal(name: string): string {
  return name.replace(/-/g, '_');
}

export function findModule(modules: ModuleFacts, names: readonly string[]): ModuleFacts['present'][number] | undefined {
  const wanted = new Set(names.map(normal));
  return modules.present.find((m) => wanted.has(normal(m.name)));
}

/** The NAT helpers the gateway lacks (aliases count: ip_nat_pptp was renamed nf_nat_pptp). */
export function missingNatHelpers(
  modules: ModuleFacts,
  helpers: ReadonlyArray<{ name: string; aliases: readonly string[] }>,
): string[] {
  return helpers.filter((h) => !findModule(modules, [h.name, ...h.aliases])).map((h) => h.name);
}
