# gre-blocked-midsession: a healthy tunnel, then the server starts dropping
# GRE. LCP echoes go unanswered and the client gives up
# ("No response to 3 echo-requests", "Serial link appears to be disconnected").
CLIENT_ECHO_INTERVAL=1
CLIENT_ECHO_FAILURE=3
scenario_main() {
  lab_netfilter_modules
  lab_topology direct
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_wait_tunnel 60 || return 1
  lab_snapshot up
  PING_COUNT=10 lab_pings
  lab_guest_commands
  note "blocking GRE"
  step block-gre --ns server -- $IPT -I INPUT 1 -p 47 -j DROP
  step ping-blocked --ns client --out ping-blocked.txt -- ping -n -c 10 -i 0.2 -W 1 -s 1400 "$SERVER_TUN_IP"
  wait_for "client echo failure" 60 log_has /run/lab/client-pppd.log 'No response to'
  lab_wait_client_exit 60
  wait_for "client ppp0 gone" 30 ppp_absent_in client
  step iptables-counters --ns server --out server-iptables-counters.txt -- $IPT -L INPUT -v -n -x
  lab_snapshot end
}
