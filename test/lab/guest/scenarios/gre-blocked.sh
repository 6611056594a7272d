# gre-blocked: the server drops IP protocol 47 before any ACCEPT. The TCP 1723
# control connection comes up, the call is placed, but no GRE reaches the
# server, so LCP times out ("LCP: timeout sending Config-Requests").
SERVER_EXTRA=$LAB_FAST_LCP
CLIENT_EXTRA=$LAB_FAST_LCP
scenario_main() {
  lab_netfilter_modules
  lab_topology direct
  step block-gre --ns server -- $IPT -I INPUT 1 -p 47 -j DROP
  step accept-pptp --ns server -- $IPT -A INPUT -p tcp --dport 1723 -j ACCEPT
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_guest_commands
  wait_for "client ppp0 created" 45 sh -c 'ip netns exec client ip link show ppp0'
  lab_snapshot negotiating
  wait_for "client LCP timeout" 60 log_has /run/lab/client-pppd.log 'LCP: timeout sending Config-Requests'
  lab_wait_client_exit 60
  wait_for "server call torn down" 60 log_has /run/lab/server-pppd.log "Connection terminated"
  step iptables-counters --ns server --out server-iptables-counters.txt -- $IPT -L INPUT -v -n -x
  lab_snapshot end
}
