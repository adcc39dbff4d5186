#!/usr/bin/env bash
# `make run`: tools/run.sh LINUX_VMS QEMU ARGS...
# Runs QEMU on the terminal as it is. With standard input not a terminal (a
# pipe, a file), what it says is held back until the LINUX_VMS Linux VMs of
# the configuration have offered their shells ("init: shell on the console"),
# then goes to QEMU's serial port: to the VM in focus (VM 1 first; Ctrl-] 2
# in the input moves the focus to VM 2, see hyp/README.md). Bytes sent before
# a VM's console is open would be lost (the PL011 driver drains its receive
# FIFO when the console opens). After the input ends QEMU runs on until the
# machine powers off (`poweroff -f` in every VM) or is interrupted.
#   printf 'ls /dev/tee*\n' | make run
#   printf 'tzv-client\npoweroff -f\n\0352poweroff -f\n' | make run   (\035 = Ctrl-])
set -u
linux_vms=$1
shift
if [ -t 0 ] || [ "$linux_vms" = 0 ]; then
	exec "$@"
fi

exec 3<&0 # a background job's stdin would be /dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/in"
: >"$tmp/out"
(
	# Until every Linux VM's shell is there (at most 10 minutes), then the input.
	for _ in $(seq 1200); do
		n=$(grep -c 'init: shell on the console' "$tmp/out" 2>/dev/null)
		[ "${n:-0}" -ge "$linux_vms" ] && break
		sleep 0.5
	done
	sleep 1
	cat <&3
	# Keep the port open: end of input must not end the machine.
	exec sleep infinity
) >"$tmp/in" &
feeder=$!
"$@" <"$tmp/in" 2>&1 | tee "$tmp/out"
status=${PIPESTATUS[0]}
kill "$feeder" 2>/dev/null
wait "$feeder" 2>/dev/null
exit "$status"
