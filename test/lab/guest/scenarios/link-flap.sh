# link-flap: pptp (the client's GRE/control process) is killed mid-session;
# pppd with `persist` redials. ppp0 vanishes and returns with fresh counters.
CLIENT_EXTRA=$'persist\nholdoff 1\nmaxfail 0'
# ppp_replaced_in NS IFINDEX: NS has no ppp0, or a ppp0 with another ifindex.
ppp_replaced_in() {
  local now
  now=$(inns "$1" cat /sys/class/net/ppp0/ifindex 2>/dev/null) || return 0
  [ "$now" != "$2" ]
}
scenario_main() {
  lab_topology direct
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_wait_tunnel 60 || return 1
  PING_COUNT=10 lab_pings
  lab_snapshot before-flap
  lab_guest_commands
  local before_ifindex
  before_ifindex=$(inns client cat /sys/class/net/ppp0/ifindex)
  note "killing pptp"
  lab_kill_client_pptp
  # ppp0 is gone for about a second (holdoff 1) before pppd re-creates it: a poll on a loaded
  # machine can miss that window, so the condition is "gone, or already a new ppp0".
  # Generous bounds: on a loaded machine UML redials slowly; they only bound a failure.
  wait_for "client ppp0 gone or re-created" 30 ppp_replaced_in client "$before_ifindex"
  lab_snapshot during-flap
  wait_for "client redialled, ppp0 back" 90 ppp_up_in client || return 1
  wait_for "server ppp up again" 30 sh -c "ip netns exec server ip -o -4 addr show | grep -q 'ppp.*inet'"
  lab_snapshot after-flap
  step ping-after-flap --ns client --out ping-after-flap.txt -- ping -n -c 5 -i 0.2 -W 2 "$SERVER_TUN_IP"
  lab_snapshot end
}
