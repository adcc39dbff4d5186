# Sourced by tools/bench.sh: build/bench/report.md from build/bench/figures.txt, with two
# plots drawn by gnuplot (Debian's gnuplot-nox, tools/setup.sh): instructions per call path
# and boot time per configuration against bare QEMU. BENCH_BASELINE: an earlier
# figures.txt, shown as a "before" column and as the first bars.

# value <name> [file]: a figure's value, or empty.
value() { sed -nE "s/^$1: ([^ ]+) .*/\\1/p" "${2:-$FIGURES}" | head -n 1; }

# dash <value>: the value, or "-" (gnuplot's missing value).
dash() { echo "${1:--}"; }
# before <name>: the baseline's value, "-" without one.
before() { dash "$([ -n "${BENCH_BASELINE:-}" ] && value "$1" "$BENCH_BASELINE")"; }

# Rows "label direct hypervisor direct_before hypervisor_before".
plot_paths_data() {
	local row label d h
	for row in "Fast call (bare-metal client):fast_call_round_trip:hyp_fast_call_round_trip" \
		"Null invoke (bare-metal client):null_invoke_round_trip:hyp_null_invoke_round_trip" \
		"Null invoke (Linux user space):linux_direct_null_invoke:linux_2vm_vm1_null_invoke" \
		"User-TA invoke (Linux):linux_direct_user_ta_invoke:linux_2vm_vm1_user_ta_invoke" \
		"Open session (Linux):linux_direct_open_session:linux_2vm_vm1_open_session" \
		"Attestation token (Linux):linux_direct_attest_token:linux_2vm_vm1_attest_token"; do
		IFS=: read -r label d h <<<"$row"
		echo "\"$label\" $(dash "$(value "$d")") $(dash "$(value "$h")") $(before "$d") $(before "$h")"
	done
}

# Rows "label now before".
plot_boot_data() {
	local row label f
	for row in "bare QEMU, no TEE:linux_bare_qemu_boot_to_client_start" \
		"linux-direct:linux_direct_boot_to_first_invoke" \
		"qemu-2vm-linux, both VMs:linux_2vm_boot_to_every_vm_first_invoke" \
		"qemu-8vm-linux, all 8 VMs:linux_8vm_boot_to_every_vm_first_invoke"; do
		IFS=: read -r label f <<<"$row"
		echo "\"$label\" $(dash "$(value "$f")") $(before "$f")"
	done
}

bench_plots() {
	command -v gnuplot >/dev/null || {
		echo "bench: warning: no gnuplot (tools/setup.sh installs gnuplot-nox): no plots" >&2
		return 1
	}
	plot_paths_data >"$BENCH_DIR/paths.dat"
	plot_boot_data >"$BENCH_DIR/boot.dat"
	local before_paths='' before_boot=''
	if [ -n "${BENCH_BASELINE:-}" ]; then
		before_paths=", '' using 4 title 'direct, before' lc rgb '#a6cee3', '' using 5 title 'under the hypervisor, before' lc rgb '#fb9a99'"
		before_boot=", '' using 3 title 'before' lc rgb '#b2df8a'"
	fi
	local term
	for term in svg png; do
		bench_plot "$term" "$before_paths" "$before_boot" || return 1
	done
}

# bench_plot <svg|png> <extra paths series> <extra boot series>: both plots in one format.
bench_plot() {
	local terminal="svg size 900,480 dynamic font 'sans,12' background rgb 'white'"
	[ "$1" = png ] && terminal="pngcairo size 1100,560 font 'sans,11' background rgb 'white'"
	local before_paths=$2 before_boot=$3
	gnuplot <<EOF
set terminal $terminal
set datafile missing '-'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 border -1
set key top left
set grid ytics
set xtics rotate by -20 font ',10'

set output '$BENCH_DIR/paths.$1'
set title 'Instructions per call (QEMU -icount shift=0), direct and under the NS-EL2 hypervisor (VM 1)'
set logscale y
set ylabel 'instructions (log scale)'
plot '$BENCH_DIR/paths.dat' using 2:xtic(1) title 'direct (no hypervisor)' lc rgb '#1f78b4', \
	'' using 3 title 'under the hypervisor' lc rgb '#e31a1c' $before_paths

set output '$BENCH_DIR/boot.$1'
set title 'Power-on to the first successful invoke (bare QEMU: to the client start), icount virtual time'
unset logscale y
set ylabel 'seconds'
set yrange [0:*]
plot '$BENCH_DIR/boot.dat' using 2:xtic(1) title 'now' lc rgb '#33a02c' $before_boot
EOF
}

bench_report() {
	local report=$BENCH_DIR/report.md name v u b
	{
		echo "# tzvisor figures (make bench)"
		echo
		echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo '+changes'), QEMU $("$QEMU" --version | head -n 1 | sed -E 's/.*version ([^ ]+).*/\1/')."
		echo "Instructions: QEMU -icount shift=0 (one instruction, one nanosecond of virtual time)."
		echo "What each figure is: docs/performance.md."
		echo
		if bench_plots; then
			echo "![instructions per call path](paths.svg)"
			echo
			echo "![boot time per configuration](boot.svg)"
			echo
		fi
		if [ -n "${BENCH_BASELINE:-}" ]; then
			echo "| figure | before | now | unit |"
			echo "| --- | ---: | ---: | --- |"
		else
			echo "| figure | value | unit |"
			echo "| --- | ---: | --- |"
		fi
		while read -r name v u; do
			name=${name%:}
			if [ -n "${BENCH_BASELINE:-}" ]; then
				b=$(value "$name" "$BENCH_BASELINE")
				echo "| $name | ${b:--} | $v | $u |"
			else
				echo "| $name | $v | $u |"
			fi
		done <"$FIGURES"
	} >"$report"
	echo "bench: report in $report" >&2
}
