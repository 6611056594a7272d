# healthy: MS-CHAPv2 + MPPE-128 tunnel comes up; pings go through it.
scenario_main() {
  lab_topology direct
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_wait_tunnel 60
  lab_snapshot up
  lab_pings
  lab_guest_commands
  lab_snapshot end
}
