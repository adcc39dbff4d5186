# Helpers for the hypervisor system tests, sourced after lib.sh (not named *.sh: not a test).

# What guests/hyptest checks in every VM, by name.
HYPTEST_CHECKS="hyp_vm_info hyp_psci_version hyp_psci_version_by_hvc hyp_vm_info_by_hvc hyp_vmpidr_is_vm_local hyp_cpu_on_other_core_refused
	hyp_cpu_on_self_already_on hyp_affinity_info_self hyp_unknown_fid hyp_guest_lifecycle_refused
	hyp_optee_calls_uid hyp_open_hello hyp_own_tee_instance hyp_msg_at_0x40000000_refused
	hyp_msg_at_0x40800000_refused hyp_msg_at_0xe000000_refused hyp_msg_at_0x52000000_refused
	hyp_calls_complete_meanwhile hyp_early_session_works_later hyp_device_tree_in_x0
	hyp_gicd_is_v3_64_lines hyp_gicd_only_own_spis hyp_gicr_frames_own_vcpus hyp_vtimer_interrupts
	hyp_sgi_to_self hyp_sgi_to_missing_vcpu_goes_nowhere hyp_guest_sve_undefined_vm_runs"

# build_config <name>: builds that configuration's firmware (in build/<name>/).
build_config() {
	mkdir -p "$LOG_DIR"
	if make -C "$TOP" -s CONFIG="$1" firmware >"$LOG_DIR/build-$1.log" 2>&1; then
		check_pass "build_$1"
	else
		check_fail "build_$1" "make CONFIG=$1 failed, see $LOG_DIR/build-$1.log"
		return 1
	fi
}

# expect_guest_check <vm> <name>: the guest of VM <vm> printed "CHECK <name>: PASS".
expect_guest_check() {
	local vm=$1 t=$2 line
	line=$(grep -E -m1 -- "^\[vm$vm\] CHECK $t: " "$LOG")
	if [ "$line" = "[vm$vm] CHECK $t: PASS" ]; then
		check_pass "vm${vm}_$t"
	elif [ -n "$line" ]; then
		check_fail "vm${vm}_$t" "${line#*: }"
	else
		check_fail "vm${vm}_$t" "no CHECK line (VM stopped early?)"
	fi
}

# expect_order <regex A> <regex B> <name>: the first line matching A comes before the first matching B.
expect_order() {
	local a b
	a=$(grep -nEm1 -- "$1" "$LOG" | cut -d: -f1)
	b=$(grep -nEm1 -- "$2" "$LOG" | cut -d: -f1)
	if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then
		check_pass "$3"
	else
		check_fail "$3" "expected /$1/ (line ${a:-none}) before /$2/ (line ${b:-none})"
	fi
}

# boot_qemu_input <name> <feeder function> [extra QEMU args...]: like boot_qemu, but QEMU's
# stdin (the machine's serial port, -nographic) is a FIFO that <feeder function> writes
# to while QEMU runs; what it writes waits in QEMU until the guest side reads it.
boot_qemu_input() {
	local name=$1 feeder=$2
	shift 2
	mkdir -p "$LOG_DIR"
	LOG=$LOG_DIR/$name.log
	local raw=$LOG_DIR/$name.raw fifo=$LOG_DIR/$name.fifo
	rm -f "$fifo"
	mkfifo "$fifo"
	# The feeder keeps the FIFO open until it is killed, so QEMU never sees end of input.
	( "$feeder"; exec sleep "$QEMU_TIMEOUT" ) >"$fifo" &
	local feeder_pid=$! start=$SECONDS flash
	flash=$(flash_copy "${FLASH:-$TOP/build/flash.img}" "$name")
	timeout --kill-after=10 "$QEMU_TIMEOUT" "$QEMU" "${QEMU_MACHINE[@]}" \
		-drive "if=pflash,unit=0,format=raw,file=$flash" "$@" <"$fifo" >"$raw" 2>&1
	QEMU_STATUS=$?
	rm -f "$flash"
	kill "$feeder_pid" 2>/dev/null
	wait "$feeder_pid" 2>/dev/null
	rm -f "$fifo"
	tr -d '\r' <"$raw" >"$LOG"
	rm -f "$raw"
	echo "# $name: QEMU exit status $QEMU_STATUS after $((SECONDS - start)) s, log $LOG"
}

# ---- interactive Linux sessions (QEMU in the background, input through a FIFO) ----
# linux_session_start <name> <config> [extra QEMU args...]: boots <config>'s flash image with
# its Linux images preloaded (make linux-qemu-args, or SESSION_LOAD when a test changes them)
# and `-smp` from its cpus; console input is written to fd 3. The raw console grows in $SESSION_RAW; LOG is set for the checks
# after linux_session_stop.
linux_session_start() {
	local name=$1 cfg=$2
	shift 2
	local -a load
	read -r -a load <<<"${SESSION_LOAD:-$(make -C "$TOP" -s CONFIG="$cfg" linux-qemu-args)}"
	local smp
	smp=$(sed -nE 's/^cpus[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' "$TOP/configs/$cfg/platform.cfg")
	mkdir -p "$LOG_DIR"
	LOG=$LOG_DIR/$name.log
	SESSION_NAME=$name
	SESSION_RAW=$LOG_DIR/$name.raw
	SESSION_FIFO=$(mktemp -u)
	SESSION_START=$SECONDS
	SESSION_FLASH=$(flash_copy "$TOP/build/$cfg/flash.img" "$name")
	mkfifo "$SESSION_FIFO"
	exec 3<>"$SESSION_FIFO"
	: >"$SESSION_RAW"
	timeout --kill-after=10 "${LINUX_TIMEOUT:-240}" "$QEMU" \
		-M virt,secure=on,virtualization=on,gic-version=3 -smp "${smp:-2}" -m 2048M -nographic \
		-semihosting-config enable=on,target=native \
		-drive "if=pflash,unit=0,format=raw,file=$SESSION_FLASH" \
		"${load[@]}" "$@" <"$SESSION_FIFO" >"$SESSION_RAW" 2>&1 &
	SESSION_PID=$!
	declare -gA SESSION_SWITCHES=()
}

# linux_wait_for <regex> <seconds> [n]: until the console shows n (default 1) lines matching
# regex; fails when the time is up or QEMU is gone.
linux_wait_for() {
	local end=$((SECONDS + $2)) n
	while [ $SECONDS -lt $end ] && kill -0 "$SESSION_PID" 2>/dev/null; do
		n=$(tr -d '\r' <"$SESSION_RAW" | grep -Ec -- "$1")
		[ "$n" -ge "${3:-1}" ] && return 0
		sleep 0.5
	done
	return 1
}

# linux_to_vm <n> <text>: moves the hypervisor's console input to VM n (Ctrl-] n) and types text.
linux_to_vm() {
	printf '\035%s' "$1" >&3
	SESSION_SWITCHES[$1]=$((${SESSION_SWITCHES[$1]:-0} + 1))
	linux_wait_for "^hyp: console input -> VM $1\$" 10 "${SESSION_SWITCHES[$1]}"
	printf '%s' "$2" >&3
}

# linux_session_stop [seconds]: waits up to seconds (default 0) for QEMU to end by itself,
# then stops it; QEMU_STATUS is its exit status, or "stopped" when it had to be stopped (QEMU
# ends with status 0 on SIGTERM), and LOG the console.
linux_session_stop() {
	local end=$((SECONDS + ${1:-0})) stopped=
	while [ $SECONDS -lt $end ] && kill -0 "$SESSION_PID" 2>/dev/null; do
		sleep 0.5
	done
	kill "$SESSION_PID" 2>/dev/null && stopped=1
	wait "$SESSION_PID"
	QEMU_STATUS=$?
	[ -n "$stopped" ] && QEMU_STATUS=stopped
	exec 3>&-
	rm -f "$SESSION_FIFO" "$SESSION_FLASH"
	tr -d '\r' <"$SESSION_RAW" >"$LOG"
	rm -f "$SESSION_RAW"
	echo "# $SESSION_NAME: QEMU exit status $QEMU_STATUS after $((SECONDS - SESSION_START)) s, log $LOG"
}
