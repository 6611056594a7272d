# cleartext: MPPE off on both sides (and no CCP at all), so the tunnel carries
# plain PPP protocol 0x0021 (IPv4) frames inside GRE: readable on the wire.
SERVER_MPPE=$'nomppe\nnoccp'
CLIENT_MPPE=$'nomppe\nnoccp'
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
