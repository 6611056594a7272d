import type { ModuleScope } from '../model/modules';

interface ModuleSpec {
  module: string;
  /** Older names the same code had (2.6-era ip_conntrack_pptp...). */
  aliases: string[];
  config: string;
  scope: ModuleScope;
  breaks: string;
}

/** The modules step 2 checks, with what their absence breaks (troubleshooting matrix). */
export const PPTP_MODULES: readonly ModuleSpec[] = [
  {
    module: 'ppp_generic',
    aliases: [],
    config: 'CONFIG_PPP',
    scope: 'endpoint',
    breaks: 'no PPP at all: pppd cannot open /dev/ppp or create ppp0, every call fails.',
  },
  {
    module: 'ppp_mppe',
    aliases: [],
    config: 'CONFIG_PPP_MPPE',
    scope: 'endpoint',
    breaks:
      'no MPPE: "MPPE required but not available in kernel"; with require-mppe the call fails, without it the tunnel runs in cleartext.',
  },
  {
    module: 'ppp_async',
    aliases: [],
    config: 'CONFIG_PPP_ASYNC',
    scope: 'endpoint',
    breaks:
      'userspace PPTP (pptpd/pptp hand pppd a pty) cannot attach the PPP line discipline: calls fail right after the control connection.',
  },
  {
    module: 'pptp',
    aliases: [],
    config: 'CONFIG_PPTP',
    scope: 'endpoint',
    breaks:
      'kernel-mode PPTP (pppd "plugin pptp.so", accel-pptp) unavailable; userspace pptpd/pptp still work but slower.',
  },
  {
    module: 'gre',
    aliases: ['ip_gre'],
    config: 'CONFIG_NET_IPGRE_DEMUX',
    scope: 'endpoint',
    breaks:
      'no GRE demultiplexer: kernel-mode PPTP receives no GRE, the data channel stays silent (LCP timeouts).',
  },
  {
    module: 'nf_conntrack_pptp',
    aliases: ['ip_conntrack_pptp'],
    config: 'CONFIG_NF_CONNTRACK_PPTP',
    scope: 'gateway',
    breaks:
      'a stateful firewall cannot relate GRE to the TCP 1723 call: GRE blockage behind the gateway, error 619.',
  },
  {
    module: 'nf_nat_pptp',
    aliases: ['ip_nat_pptp'],
    config: 'CONFIG_NF_NAT_PPTP',
    scope: 'gateway',
    breaks:
      'NAT cannot rewrite PPTP call IDs: GRE of clients behind NAT is dropped or misrouted, error 619 under load or with several clients.',
  },
];
