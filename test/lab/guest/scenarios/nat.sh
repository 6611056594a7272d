# nat: client behind a third namespace doing masquerade NAT, WITH the PPTP
# conntrack/NAT helpers (nf_conntrack_pptp, nf_nat_pptp) attached by a CT rule.
EXTRA_NS=nat
scenario_main() {
  lab_netfilter_modules
  lab_modprobe nf_conntrack_pptp
  lab_modprobe nf_nat_pptp
  lab_topology nat
  step masquerade --ns nat -- $IPT -t nat -A POSTROUTING -o ns0 -j MASQUERADE
  step pptp-helper --ns nat -- $IPT -t raw -A PREROUTING -p tcp --dport 1723 -j CT --helper pptp
  lab_nat_common
}
