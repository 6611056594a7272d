# link-flap: pptp (the client's GRE/control process) is killed mid-session;
# pppd with `persist` redials. ppp0 vanishes and returns with fresh counters.
CLIENT_EXTRA=$'persist\nholdoff 1\nmaxfail 0'
scenario_main() {
  lab_topology direct
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_wait_tunnel 60 || return 1
  PING_COUNT=10 lab_pings
  lab_snapshot before-flap
  lab_guest_commands
  note "killing pptp"
  lab_kill_client_pptp
  # Generous bounds: on a loaded machine UML redials slowly; they only bound a failure.
  wait_for "client ppp0 gone" 30 ppp_absent_in client
  lab_snapshot during-flap
  wait_for "client redialled, ppp0 back" 90 ppp_up_in client || return 1
  wait_for "server ppp up again" 30 sh -c "ip netns exec server ip -o -4 addr show | grep -q 'ppp.*inet'"
  lab_snapshot after-flap
  step ping-after-flap --ns client --out ping-after-flap.txt -- ping -n -c 5 -i 0.2 -W 2 "$SERVER_TUN_IP"
  lab_snapshot end
}
