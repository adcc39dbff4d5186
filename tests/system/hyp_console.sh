#!/usr/bin/env bash
# System test: console input under the hypervisor (qemu-4vm, -smp 4). QEMU's
# serial input comes from a FIFO: text for VM 1 (the first focus), then Ctrl-] 2
# and text for VM 2, Ctrl-] n (the next VM, 3) and text for VM 3, then "bye" to
# each of them. Every VM runs guests/hyptest, which echoes each line it reads
# from its emulated PL011 with its VM id: each line must reach its VM only, and
# VM 4, never in focus, reads nothing.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"

SWITCH=$'\x1d' # Ctrl-]
type_input() {
	sleep 0.2
	printf 'one for vm1\n'
	sleep 0.1
	printf '%s2' "$SWITCH"
	printf 'two for vm2\n'
	sleep 0.1
	printf '%sn' "$SWITCH"
	printf 'three for vm3\n'
	printf '%s1bye\n%s2bye\n%s3bye\n' "$SWITCH" "$SWITCH" "$SWITCH"
}

build_config qemu-4vm || { finish; exit; }
FLASH=$TOP/build/qemu-4vm/flash.img boot_qemu_input hyp_console type_input -smp 4

expect_status 0 hyp_console_exit_status
expect_line '^hyp: console input -> VM 2$' hyp_console_switch_to_vm2
expect_line '^hyp: console input -> VM 3$' hyp_console_next_is_vm3
expect_line '^hyp: console input -> VM 1$' hyp_console_switch_back_to_vm1
expect_line '^\[vm1\] hyptest: VM 1 read: one for vm1$' hyp_console_vm1_reads_its_line
expect_line '^\[vm2\] hyptest: VM 2 read: two for vm2$' hyp_console_vm2_reads_its_line
expect_line '^\[vm3\] hyptest: VM 3 read: three for vm3$' hyp_console_vm3_reads_its_line
for vm in 1 2 3; do
	expect_line "^\[vm$vm\] hyptest: VM $vm read: bye\$" "hyp_console_vm${vm}_reads_bye"
done
expect_no_line '^\[vm[234]\] .*read: one' hyp_console_vm1_line_nowhere_else
expect_no_line '^\[vm[134]\] .*read: two' hyp_console_vm2_line_nowhere_else
expect_no_line '^\[vm[124]\] .*read: three' hyp_console_vm3_line_nowhere_else
expect_no_line '^\[vm[123]\] .*read: .*(for|bye).*(for|bye)' hyp_console_no_lines_run_together
expect_line '^\[vm4\] hyptest: VM 4: no console input$' hyp_console_vm4_unfocused_reads_nothing
expect_no_line '^\[vm4\] .*read:' hyp_console_vm4_read_nothing
expect_no_line 'CHECK .*: FAIL' hyp_console_no_guest_failures
finish
