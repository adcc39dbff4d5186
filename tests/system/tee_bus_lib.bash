# The TEE bus checks on a Linux console log (sourced by linux_direct.sh and hyp_linux.sh):
# check_tee_bus <check name prefix> <log> <regex of the VM's line prefix (e.g. '^\[vm2\] '), or "^">.
# The optee driver registered the TEE bus devices the TEE's device-enumeration PTA listed
# (tee/pta_device.c), optee-rng bound the RNG PTA's and is the current hwrng, and two
# 64-byte reads of /dev/hwrng came back whole and different (/init prints their hashes).
check_tee_bus() {
	local name=$1 log=$2 pre=$3 h1 h2 zero
	expect_line "${pre}init: TEE bus device optee-ta-ab7a617c-b8e7-4d8f-8301-d09b61036b64 driver optee-rng\$" \
		"${name}_tee_bus_rng_device_bound"
	expect_line "${pre}init: TEE bus device optee-ta-d96a5b40-c3e5-21e3-8794-1002a5d5c61b driver none\$" \
		"${name}_tee_bus_invoke_tests_device"
	expect_line "${pre}init: hw_random rng_current: optee-rng\$" "${name}_hwrng_current_optee_rng"
	expect_line "${pre}init: /dev/hwrng read 1: 64 bytes, sha256 [0-9a-f]{64}\$" "${name}_hwrng_read_64_bytes"
	expect_line "${pre}init: /dev/hwrng read 2: 64 bytes, sha256 [0-9a-f]{64}\$" "${name}_hwrng_read_again_64_bytes"
	h1=$(grep -m1 -E "${pre}init: /dev/hwrng read 1: " "$log" | grep -oE '[0-9a-f]{64}$')
	h2=$(grep -m1 -E "${pre}init: /dev/hwrng read 2: " "$log" | grep -oE '[0-9a-f]{64}$')
	zero=$(head -c 64 /dev/zero | sha256sum | cut -d' ' -f1)
	if [ -n "$h1" ] && [ "$h1" != "$h2" ] && [ "$h1" != "$zero" ] && [ "$h2" != "$zero" ]; then
		check_pass "${name}_hwrng_reads_differ"
	else
		check_fail "${name}_hwrng_reads_differ" "hashes '$h1' '$h2' (zeros: $zero)"
	fi
	expect_no_line "${pre}.*(optee-rng|hwrng).*(failed|err)" "${name}_no_optee_rng_errors"
	expect_no_line "${pre}init: insmod optee-rng.ko failed" "${name}_optee_rng_loaded"
}
