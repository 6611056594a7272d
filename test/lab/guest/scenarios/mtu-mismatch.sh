# mtu-mismatch: the carrier path only carries 1400-byte packets, but ppp0 keeps
# its default MTU (1496), so 1400-byte pings through the tunnel need outer IP
# fragmentation and DF probes fail.
scenario_main() {
  lab_topology direct
  step path-mtu-client --ns client -- ip link set dev cl0 mtu 1400
  step path-mtu-server --ns server -- ip link set dev sv0 mtu 1400
  lab_capture_start
  lab_server_start
  lab_client_dial
  lab_wait_tunnel 60 || return 1
  lab_snapshot up
  lab_guest_commands
  lab_pings
  step ping-df-1300 --ns client --out ping-df-1300.txt -- ping -n -c 3 -i 0.2 -W 2 -M do -s 1300 "$SERVER_TUN_IP"
  lab_snapshot end
}
