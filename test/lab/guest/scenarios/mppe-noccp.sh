# mppe-noccp: the client refuses CCP altogether (`noccp`), so MPPE can never be
# negotiated: "MPPE required but peer negotiation failed" on the server.
CLIENT_MPPE=noccp
scenario_main() {
  lab_topology direct
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_guest_commands
  wait_for "client ppp0 created" 45 sh -c 'ip netns exec client ip link show ppp0'
  lab_wait_client_exit 60
  wait_for "server MPPE failure logged" 30 log_has /run/lab/server-pppd.log 'MPPE required'
  lab_snapshot end
}
