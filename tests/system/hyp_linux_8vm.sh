#!/usr/bin/env bash
# System test: qemu-8vm-linux, eight Linux VMs under the hypervisor, one core each,
# each with its own TEE instance, all eight instances in the 16 MiB of secure SRAM
# (1 MiB of private memory each). Under -icount (one host thread runs the eight
# cores, so the run does not depend on how many host cores there are):
#  - every instance reports its secure memory, inside secure SRAM, none overlapping;
#  - every VM's boot-time tzv-client passes all its checks;
#  - VM k increments the `hello` TA's instance-wide counter k times and then reads
#    k + 1 (the boot-time client counted once): each VM sees its own TEE state
#    only, whatever the other seven did;
#  - the hello example user TA (loaded by each VM's tee-supplicant into its own
#    instance) passes its client in every VM; every instance got the driver's
#    CALL_WITH_REGD_ARG calls (OP-TEE 3.19's path, RPC arguments preallocated);
#  - `poweroff -f` in every VM powers the machine off.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"
cd "$TOP" || exit 1

CFG=qemu-8vm-linux
NVM=8
LINUX_TIMEOUT=${LINUX_TIMEOUT:-420}
build_config "$CFG" || { finish; exit; }

linux_session_start hyp_linux_8vm "$CFG" -icount shift=0,sleep=off
if linux_wait_for 'init: shell on the console' 300 $NVM; then
	check_pass hyp_linux_8vm_all_shells
	sleep 1
	for ((vm = 1; vm <= NVM; vm++)); do
		linux_to_vm $vm "for i in \$(seq $vm); do tzv-client global; done; ta-hello | tail -n 1; echo DONE-$vm"$'\n'
		linux_wait_for "^\\[vm$vm\\] DONE-$vm" 120
	done
	for ((vm = 1; vm <= NVM; vm++)); do
		linux_to_vm $vm $'poweroff -f\n'
	done
else
	check_fail hyp_linux_8vm_all_shells "$(tr -d '\r' <"$SESSION_RAW" | grep -c 'init: shell on the console') of $NVM shells"
fi
linux_session_stop 60
expect_status 0 hyp_linux_8vm_poweroff

# Eight instances, each in secure SRAM [0x0e000000, 0x0f000000), none overlapping.
inst=$(sed -nE 's/^tvisor: instance [0-9]+ vm ([0-9]+) secure bytes [0-9]+ \(data ([0-9]+) at (0x[0-9a-f]+),.*/\1 \2 \3/p' "$LOG")
# in_sram_apart: every "vm size base" line inside SRAM and apart from the others.
in_sram_apart() {
	local -a los=() his=()
	local vm size base lo hi i
	while read -r vm size base; do
		lo=$((base)) hi=$((base + size))
		((lo >= 0x0e000000 && hi <= 0x0f000000)) || return 1
		for i in "${!los[@]}"; do
			((lo < his[i] && los[i] < hi)) && return 1
		done
		los+=("$lo") his+=("$hi")
	done <<<"$inst"
}
if [ "$(grep -c . <<<"$inst")" = $NVM ] && in_sram_apart; then
	check_pass hyp_linux_8vm_instances_in_secure_sram
else
	check_fail hyp_linux_8vm_instances_in_secure_sram "instances: $(tr '\n' ';' <<<"$inst")"
fi

for ((vm = 1; vm <= NVM; vm++)); do
	expect_line "^\\[vm$vm\\] tzv-client: [0-9]+ passed, 0 failed\$" "hyp_linux_8vm_vm${vm}_client_passes"
	# The last counter VM k read is k + 1, and it never saw another VM's counts.
	counts=$(sed -nE "s/^\\[vm$vm\\] tzv-client: global ([0-9]+)\$/\\1/p" "$LOG" | tr '\n' ' ')
	want=$(seq 2 $((vm + 1)) | tr '\n' ' ')
	if [ "$counts" = "$want" ]; then
		check_pass "hyp_linux_8vm_vm${vm}_own_tee_state"
	else
		check_fail "hyp_linux_8vm_vm${vm}_own_tee_state" "counters read: '$counts', expected '$want'"
	fi
	expect_line "^\\[vm$vm\\] ta-hello: [0-9]+ passed, 0 failed\$" "hyp_linux_8vm_vm${vm}_user_ta"
done
n=$(grep -cE '^tee[1-8]: the driver passes RPC arguments with its calls \(function 0x32000013\)$' "$LOG")
if [ "$n" = $NVM ]; then
	check_pass hyp_linux_8vm_regd_arg_calls
else
	check_fail hyp_linux_8vm_regd_arg_calls "$n of $NVM instances saw CALL_WITH_REGD_ARG"
fi
expect_no_line 'tvisor: TEE instance of VM [0-9]+ killed' hyp_linux_8vm_no_instance_killed
finish
