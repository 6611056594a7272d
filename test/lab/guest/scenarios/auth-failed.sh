# auth-failed: the client answers the MS-CHAPv2 challenge with a wrong secret;
# the server sends CHAP Failure E=691 and both ends hang up.
CLIENT_EXTRA='password WrongFakeSecret-000'
scenario_main() {
  lab_topology direct
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_guest_commands
  wait_for "client ppp0 created" 45 sh -c 'ip netns exec client ip link show ppp0'
  wait_for "client auth failure" 60 log_has /run/lab/client-pppd.log 'authentication failed'
  lab_wait_client_exit 60
  lab_snapshot end
}
