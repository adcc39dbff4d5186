# Sourced by tools/bench.sh: boots of the Linux configurations, driven through the
# serial console (VM 1 in focus first; "\035N" moves the focus to VM N, hyp/README.md).
# Needs lib.sh's LOG_DIR and QEMU, and figure() from bench.sh.

# linux_start <config> <log> <nvm> [extra QEMU args...]: boots <config> in the background
# with its console in <log>, input through fd 4; returns when <nvm> shells are up (or QEMU
# ended: LINUX_PID is then gone).
linux_start() {
	local cfg=$1 log=$2 nvm=$3 args smp mem
	shift 3
	read -r -a args <<<"$(make -s CONFIG="$cfg" linux-qemu-args)"
	smp=$(sed -nE 's/^QEMU_SMP := //p' "$BB/$cfg/config/config.mk")
	mem=$(sed -nE 's/^QEMU_MEM := //p' "$BB/$cfg/config/config.mk")
	LINUX_FIFO=$(mktemp -u)
	mkfifo "$LINUX_FIFO"
	exec 4<>"$LINUX_FIFO"
	LINUX_RAW=$log.raw
	LINUX_LOG=$log
	: >"$LINUX_RAW"
	LINUX_FLASH=$(flash_copy "$BB/$cfg/flash.img" "bench-$cfg")
	timeout --kill-after=10 1200 "$QEMU" -M virt,secure=on,virtualization=on,gic-version=3 \
		-smp "${smp:-2}" -m "${mem:-1G}" -nographic -semihosting-config enable=on,target=native \
		-drive "if=pflash,unit=0,format=raw,file=$LINUX_FLASH" "${args[@]}" "$@" \
		<"$LINUX_FIFO" >"$LINUX_RAW" 2>&1 &
	LINUX_PID=$!
	linux_wait 'init: shell on the console' "$nvm" 900
}

# linux_wait <regex> <count> <seconds>: until <count> console lines match (or QEMU ended).
linux_wait() {
	local i
	for ((i = 0; i < $3 * 4; i++)); do
		[ "$(tr -d '\r' <"$LINUX_RAW" | grep -cE -- "$1")" -ge "$2" ] && return 0
		kill -0 "$LINUX_PID" 2>/dev/null || return 1
		sleep 0.25
	done
	return 1
}

# linux_send <text>: console input (printf format).
linux_send() {
	# shellcheck disable=SC2059
	printf "$1" >&4
}

# linux_stop <nvm>: `poweroff -f` in every VM (VM <nvm> last), then the log without \r.
linux_stop() {
	local vm
	for ((vm = 1; vm <= $1; vm++)); do
		if [ "$1" -gt 1 ]; then linux_send "\035$vm"; sleep 0.3; fi
		linux_send 'poweroff -f\n'
		sleep 0.3
	done
	for _ in $(seq 120); do kill -0 "$LINUX_PID" 2>/dev/null || break; sleep 0.5; done
	kill "$LINUX_PID" 2>/dev/null
	wait "$LINUX_PID" 2>/dev/null
	exec 4>&-
	rm -f "$LINUX_FIFO" "$LINUX_FLASH"
	tr -d '\r' <"$LINUX_RAW" >"$LINUX_LOG"
	rm -f "$LINUX_RAW"
}

# vm_line <vm|""> <sed regex with one group>: the first match in VM <vm>'s lines of the log.
vm_line() {
	local prefix=
	[ -n "$1" ] && prefix="\\[vm$1\\] "
	sed -nE "s/^$prefix$2/\\1/p" "$LINUX_LOG" | head -n 1
}

# tzv-bench's figures of one VM (instructions under -icount shift=0).
paths_figures() { # <figure prefix> <vm|"">
	local p
	for p in null_invoke user_ta_invoke open_session attest_token; do
		figure "${1}_$p" "$(vm_line "$2" "tzv-bench: $p: ([0-9]+) ns")" instructions
	done
}

# boot_breakdown <figure prefix> <"vm numbers"|"">: where the virtual time until the first invoke went
# (seconds from power-on, CNTPCT/CNTVCT): the monitor's entry into the normal world (its
# measurements, the TEE-visor and the TEE instances before it), the hypervisor starting
# the VMs (the images copied into them), /init's first command (the kernel's boot), the
# supplicant having opened teepriv0 (the modules, the driver, tee-supplicant -d).
boot_breakdown() {
	local us
	us=$(vm_line "" 'monitor: normal world starts at ([0-9]+) us.*')
	[ -n "$us" ] && figure "${1}_boot_normal_world_start" "$(awk -v u="$us" 'BEGIN { printf "%.3f", u / 1e6 }')" s
	us=$(vm_line "" 'hyp: VMs start at ([0-9]+) us.*')
	[ -n "$us" ] && figure "${1}_boot_vms_start" "$(awk -v u="$us" 'BEGIN { printf "%.3f", u / 1e6 }')" s
	local vm
	for vm in ${2:-""}; do
		figure "${1}${vm:+_vm$vm}_boot_init_start" "$(vm_line "$vm" 'init: started at ([0-9.]+) s')" s
		figure "${1}${vm:+_vm$vm}_boot_supplicant_ready" \
			"$(vm_line "$vm" 'init: tee-supplicant ready at ([0-9.]+) s')" s
	done
}

# tzv-bench paths 2000: enough calls per figure that the timer ticks landing among them
# average out (with 200, one tick more or less moved the null invoke by about 80).
# Icount boots: virtual time, one nanosecond per instruction executed on any core; idle
# cores jump to their next timer (sleep=off), so the figures do not depend on the host.
ICOUNT=(-icount shift=0,sleep=off)

bench_linux_direct() {
	make -s CONFIG=linux-direct firmware >"$LOG_DIR/bench-build-linux-direct.log" 2>&1 || {
		echo "bench: warning: make CONFIG=linux-direct failed" >&2
		return
	}
	linux_start linux-direct "$LOG_DIR/bench_linux_direct.log" 1 "${ICOUNT[@]}"
	linux_send 'tzv-bench paths 2000\n'
	linux_wait 'tzv-bench: (attest_token|.*FAIL)' 1 600
	linux_stop 1
	figure linux_direct_boot_to_first_invoke \
		"$(vm_line "" 'tzv-client: first invoke at ([0-9.]+) s.*')" s
	boot_breakdown linux_direct ""
	paths_figures linux_direct ""
}

bench_linux_2vm() {
	local log=$LOG_DIR/bench_linux_2vm.log t last=0
	make -s CONFIG=qemu-2vm-linux firmware >"$LOG_DIR/bench-build-qemu-2vm-linux.log" 2>&1 || {
		echo "bench: warning: make CONFIG=qemu-2vm-linux failed" >&2
		return
	}
	linux_start qemu-2vm-linux "$log" 2 "${ICOUNT[@]}"
	linux_send 'tzv-bench paths 2000\n'
	linux_wait '\[vm1\] tzv-bench: (attest_token|.*FAIL)' 1 600
	linux_stop 2
	for vm in 1 2; do
		t=$(vm_line $vm 'tzv-client: first invoke at ([0-9.]+) s.*')
		figure "linux_2vm_vm${vm}_boot_to_first_invoke" "$t" s
		last=$(awk -v a="$last" -v b="${t:-0}" 'BEGIN { print (b > a) ? b : a }')
	done
	figure linux_2vm_boot_to_every_vm_first_invoke "$last" s
	boot_breakdown linux_2vm "1 2"
	paths_figures linux_2vm_vm1 1
	# The same path as the bare-metal client's null invoke, from Linux user space.
	figure linux_null_invoke_instructions "$(vm_line 1 'tzv-bench: null_invoke: ([0-9]+) ns')" \
		instructions
}

# The same kernel and initramfs on bare QEMU: no firmware, no TEE, one core; its client
# gets as far as starting.
bench_linux_bare() {
	timeout --kill-after=10 600 "$QEMU" -M virt,gic-version=3 -cpu max,sve=off,sme=off -smp 1 \
		-m 512M -nographic -kernel build/linux/Image -initrd build/linux/initramfs.cpio.gz \
		-append "console=ttyAMA0 rdinit=/init tzv.test=1" "${ICOUNT[@]}" </dev/null 2>&1 |
		tr -d '\r' >"$LOG_DIR/bench_linux_bare.log"
	LINUX_LOG=$LOG_DIR/bench_linux_bare.log
	figure linux_bare_qemu_boot_to_client_start \
		"$(vm_line "" 'tzv-client: libteec client .* started at ([0-9.]+) s.*')" s
	figure linux_bare_qemu_boot_init_start "$(vm_line "" 'init: started at ([0-9.]+) s')" s
}

# Wall clock (no icount, one host thread per core): after a warm-up in each VM, 4000 null
# invokes from VM 1 alone, then 4000 from each VM at once, started together at a
# virtual-counter time both VMs share.
bench_linux_parallel() {
	local log=$LOG_DIR/bench_linux_parallel.log now start
	# Two VMs get two host threads, but only if the host has two cores to spare: its load
	# (runnable tasks, 1-minute average) beside the figures says whether it had.
	figure host_load_average_at_parallel_run "$(cut -d ' ' -f 1 /proc/loadavg)" tasks
	linux_start qemu-2vm-linux "$log" 2
	# Warm-up in each VM first (QEMU translates each VM's kernel and libteec code on first
	# use), so that "alone" and "both" time the same warm path.
	linux_send 'tzv-bench null 1000\n'
	linux_wait '\[vm1\] tzv-bench: null: ' 1 300
	linux_send '\0352'
	sleep 0.3
	linux_send 'tzv-bench null 1000\n'
	linux_wait '\[vm2\] tzv-bench: null: ' 1 300
	linux_send '\0351'
	sleep 0.3
	linux_send 'tzv-bench null 4000\n'
	linux_wait '\[vm1\] tzv-bench: null: ' 2 300
	linux_send 'tzv-bench now\n'
	linux_wait '\[vm1\] tzv-bench: now: ' 1 60
	now=$(tr -d '\r' <"$LINUX_RAW" | sed -nE 's/^\[vm1\] tzv-bench: now: ([0-9.]+) s.*/\1/p' | head -n 1)
	start=$(awk -v n="${now:-0}" 'BEGIN { printf "%.0f", n + 4 }')
	linux_send "tzv-bench null 4000 $start\\n"
	linux_send '\0352'
	sleep 0.3
	linux_send "tzv-bench null 4000 $start\\n"
	linux_wait '\[vm2\] tzv-bench: null: ' 2 600
	linux_wait '\[vm1\] tzv-bench: null: ' 3 600
	linux_send '\0351'
	linux_stop 2
	LINUX_LOG=$log
	local alone both runs='s/^\[vm[12]\] tzv-bench: null: ([0-9]+) invokes from ([0-9.]+) s to ([0-9.]+) s.*/\1 \2 \3/p'
	# VM 1's lines: warm-up, alone, together with VM 2; VM 2's: warm-up, together.
	alone=$(grep '^\[vm1\] tzv-bench: null: ' "$log" | sed -n 2p | sed -nE "$runs")
	both=$( (grep '^\[vm1\] tzv-bench: null: ' "$log" | sed -n 3p
		grep '^\[vm2\] tzv-bench: null: ' "$log" | sed -n 2p) | sed -nE "$runs")
	# VM 1 alone, the least mean of a batch of 20 (as the bare-metal fast call's least of
	# 20 repeats of 100): what the path costs, not how busy the host was.
	figure linux_null_invoke_wall_clock "$(grep '^\[vm1\] tzv-bench: null: ' "$log" | sed -n 2p |
		sed -nE 's/.* least ([0-9]+) ns per batch.*/\1/p')" ns
	figure linux_null_invoke_wall_clock_mean "$(grep '^\[vm1\] tzv-bench: null: ' "$log" | sed -n 2p |
		sed -nE 's/.* ([0-9]+) ns each.*/\1/p')" ns
	if [ -n "$alone" ] && [ "$(grep -c . <<<"$both")" = 2 ]; then
		read -r n a0 a1 <<<"$alone"
		figure linux_null_invokes_per_s_vm1_alone "$(awk -v n="$n" -v a="$a0" -v b="$a1" 'BEGIN { printf "%.0f", n / (b - a) }')" per_s
		local total
		total=$(awk '{ n += $1; if (lo == "" || $2 < lo) lo = $2; if ($3 > hi) hi = $3 }
			END { printf "%.0f", n / (hi - lo) }' <<<"$both")
		figure linux_null_invokes_per_s_vm1_and_vm2 "$total" per_s
		figure linux_parallel_throughput_ratio "$(awk -v t="$total" -v n="$n" -v a="$a0" -v b="$a1" \
			'BEGIN { printf "%.2f", t / (n / (b - a)) }')" ratio
		grep -q 'tzv-bench: late' "$log" && echo "bench: warning: a VM started its parallel run late, see $log" >&2
	else
		echo "bench: warning: the parallel run did not finish, see $log" >&2
	fi
}

# Eight Linux VMs, one core each: every VM's first invoke, secure SRAM per instance.
bench_linux_8vm() {
	local log=$LOG_DIR/bench_linux_8vm.log t last=0 vm n=0
	make -s CONFIG=qemu-8vm-linux firmware >"$LOG_DIR/bench-build-qemu-8vm-linux.log" 2>&1 || {
		echo "bench: warning: make CONFIG=qemu-8vm-linux failed" >&2
		return
	}
	linux_start qemu-8vm-linux "$log" 8 "${ICOUNT[@]}"
	linux_stop 8
	for vm in 1 2 3 4 5 6 7 8; do
		t=$(vm_line $vm 'tzv-client: first invoke at ([0-9.]+) s.*')
		[ -n "$t" ] && n=$((n + 1))
		last=$(awk -v a="$last" -v b="${t:-0}" 'BEGIN { print (b > a) ? b : a }')
	done
	figure linux_8vm_vms_with_first_invoke "$n" vms
	figure linux_8vm_boot_to_every_vm_first_invoke "$last" s
	local total=0 bytes
	while read -r bytes; do
		total=$((total + bytes))
	done < <(sed -nE 's/^tvisor: instance [0-9]+ vm [0-9]+ secure bytes ([0-9]+).*/\1/p' "$log")
	figure linux_8vm_sram_per_instance "$(sed -nE 's/^tvisor: instance 0 vm [0-9]+ secure bytes ([0-9]+).*/\1/p' "$log")" bytes
	figure linux_8vm_sram_instances_total "$total" bytes
}
