# nat-nohelper: the same NAT without any PPTP helper: GRE replies cannot be
# mapped back to the client's call, so the tunnel does not come up.
EXTRA_NS=nat
CLIENT_EXTRA=$LAB_FAST_LCP
SERVER_EXTRA=$LAB_FAST_LCP
scenario_main() {
  lab_netfilter_modules
  lab_topology nat
  step masquerade --ns nat -- $IPT -t nat -A POSTROUTING -o ns0 -j MASQUERADE
  lab_nat_common
}
