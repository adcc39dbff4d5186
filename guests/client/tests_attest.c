/*
 * The attestation PTA (docs/attestation.md): a token for a fresh nonce,
 * printed in hex for tools/attest-verify (tests/system/attest.sh checks it),
 * GP's short-buffer answer, bad nonces, and the attacks: the monitor's and
 * the TEE-visor's attestation calls straight from the normal world, and from
 * a TEE kernel that names another VM or an output buffer outside its private
 * memory.
 */
#include <abi/optee_smc.h>
#include <abi/tee_client.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/pta_uuid.h>
#include <tzvisor/secure_abi.h>
#include "client.h"

static const uint8_t attest_uuid[16] = PTA_ATTEST_UUID_OCTETS;

/* splitmix64: spreads the counter and the VM id over the nonce's bytes. */
static uint64_t mix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Hex lines of at most 64 bytes, so a VM's console line stays short. */
static void print_hex(const char *what, uint32_t vm_id, const uint8_t *p, uint64_t n)
{
	char line[160];
	for (uint64_t off = 0; off < n; off += 64) {
		uint64_t chunk = n - off < 64 ? n - off : 64;
		for (uint64_t i = 0; i < chunk; i++)
			snprintf(&line[2 * i], 3, "%02x", p[off + i]);
		printf("client: attest %s vm%u %lu %s\n", what, vm_id, off / 64, line);
	}
	printf("client: attest %s-end vm%u %lu\n", what, vm_id, n);
}

static uint32_t get_token(struct vm *vm, uint32_t s, uint64_t nonce_pa, uint64_t nonce_len,
			  uint64_t out_pa, uint64_t *out_len)
{
	struct optee_msg_param p[2] = {
	    ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, nonce_pa, nonce_len),
	    ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, out_pa, *out_len),
	};
	uint32_t ret = invoke(vm, s, PTA_ATTEST_CMD_GET_TOKEN, p, 2);
	*out_len = p[1].u.tmem.size;
	return ret;
}

void tests_attest(struct vm *vm)
{
	struct test t;
	uint32_t s = 0xffffffffu;
	uint64_t nonce_pa = vm_pages(vm, 1), out_pa = vm_pages(vm, 2);
	uint8_t *nonce = pa_ptr(nonce_pa);
	uint64_t state = read_sysreg(cntpct_el0) ^ ((uint64_t)vm->id << 56);
	for (int i = 0; i < 64; i += 8) {
		uint64_t w = mix(&state);
		memcpy(&nonce[i], &w, 8);
	}

	t_begin(&t, "attest_open_session");
	EXPECT_EQ(&t, "open", TEEC_SUCCESS, open_session(vm, attest_uuid, &s));
	if (!t_end(&t))
		return;

	/*
	 * A device whose secret block was never provisioned (device_secret.sh boots one)
	 * has no attestation key: every valid request is then ITEM_NOT_FOUND, and the
	 * token checks below turn into that one.
	 */
	uint64_t needed = 16;
	uint32_t first = get_token(vm, s, nonce_pa, 32, out_pa, &needed);
	int have_key = first != TEEC_ERROR_ITEM_NOT_FOUND;
	uint32_t want_valid = have_key ? TEEC_SUCCESS : TEEC_ERROR_ITEM_NOT_FOUND;
	uint64_t len;
	if (have_key) {
		t_begin(&t, "attest_short_buffer");
		EXPECT_EQ(&t, "ret", TEEC_ERROR_SHORT_BUFFER, first);
		if (needed <= 16 || needed > TZV_ATTEST_TOKEN_MAX)
			t_fail(&t, "needed size %lu", needed);
		t_end(&t);

		t_begin(&t, "attest_get_token");
		int usable = pmu_usable();
		if (usable)
			pmu_start();
		len = 2 * 4096;
		uint64_t c0 = usable ? read_sysreg(pmccntr_el0) : 0;
		uint32_t ret = get_token(vm, s, nonce_pa, 32, out_pa, &len);
		uint64_t c1 = usable ? read_sysreg(pmccntr_el0) : 0;
		EXPECT_EQ(&t, "ret", TEEC_SUCCESS, ret);
		EXPECT_EQ(&t, "length as the short-buffer answer said", needed, len);
		if (t_end(&t)) {
			print_hex("nonce", vm->id, nonce, 32);
			print_hex("token", vm->id, pa_ptr(out_pa), len);
			/* Under -icount shift=0 (make bench) the cycle counter counts instructions. */
			if (vm->id == 1) {
				printf("bench: attest_token: %lu instructions\n", c1 - c0);
				printf("bench: attest_token_size: %lu bytes\n", len);
			}
		}
		/*
		 * The same request with known values in v0-v31, FPSR/FPCR and the other
		 * registers ws_check loads: the token is built with mbedTLS (SHA-256,
		 * ECDSA) at EL3, which uses SIMD; none of it may reach the normal world.
		 */
		t_begin(&t, "attest_world_switch_transparency");
		struct optee_msg_arg *arg = vm_arg(vm, 2);
		arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
		arg->func = PTA_ATTEST_CMD_GET_TOKEN;
		arg->session = s;
		arg->params[0] = ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, nonce_pa, 32);
		arg->params[1] = ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, out_pa, 2 * 4096);
		uint64_t pa = ptr_pa(arg);
		struct smc_regs r = {{OPTEE_SMC_CALL_WITH_ARG, pa >> 32, pa & 0xffffffffu, 0,
				      0x4444, 0x5555, 0x6666, vm->id}};
		ws_check(&t, &r);
		EXPECT_EQ(&t, "a0", OPTEE_SMC_RETURN_OK, r.x[0]);
		EXPECT_EQ(&t, "arg->ret", TEEC_SUCCESS, arg->ret);
		t_end(&t);
	} else {
		t_begin(&t, "attest_without_device_secret_refused");
		len = 2 * 4096;
		EXPECT_EQ(&t, "full-size buffer too", TEEC_ERROR_ITEM_NOT_FOUND,
			  get_token(vm, s, nonce_pa, 32, out_pa, &len));
		if (t_end(&t))
			printf("client: attest: no attestation key (no device secret)\n");
	}

	t_begin(&t, "attest_nonce_sizes");
	for (uint64_t n = 48; n <= 64; n += 16) {
		len = 2 * 4096;
		EXPECT_EQ(&t, "48/64-byte nonce", want_valid,
			  get_token(vm, s, nonce_pa, n, out_pa, &len));
	}
	static const uint64_t bad[] = {0, 1, 31, 33, 47, 65, 128};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		len = 2 * 4096;
		if (get_token(vm, s, nonce_pa, bad[i], out_pa, &len) != TEEC_ERROR_BAD_PARAMETERS)
			t_fail(&t, "a %lu-byte nonce was not refused as BAD_PARAMETERS", bad[i]);
	}
	t_end(&t);

	/* A compromised TEE kernel calling the monitor's entry itself, for another VM. */
	t_begin(&t, "attest_kernel_cannot_name_vm");
	uint32_t other = vm->id == 1 ? 2 : 1;
	struct optee_msg_param f[2] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, other, 0, 0),
				       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
	EXPECT_EQ(&t, "invoke", TEEC_SUCCESS, invoke(vm, s, PTA_ATTEST_CMD_FORGE_VM, f, 2));
	/* The TEE-visor answers a call it does not know with -1; it never reaches EL3. */
	EXPECT_EQ(&t, "x0 of TZV_TVISOR_ATTEST_TOKEN from S-EL1", ~0ull, f[1].u.value.a);
	t_end(&t);

	t_begin(&t, "attest_kernel_output_outside_private_memory");
	struct optee_msg_param o[1] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
	EXPECT_EQ(&t, "invoke", TEEC_SUCCESS, invoke(vm, s, PTA_ATTEST_CMD_OUT_NW, o, 1));
	EXPECT_EQ(&t, "status", TZV_ATTEST_BAD_ARGS, o[0].u.value.a);
	t_end(&t);

	close_session(vm, s);

	/* The normal world reaching the secure layers' attestation calls directly. */
	t_begin(&t, "attest_normal_world_direct_call_refused");
	struct smc_res r =
	    smc8(TZV_TVISOR_ATTEST_TOKEN, other, nonce_pa, 32, out_pa, 4096, 0, vm->id);
	EXPECT_EQ(&t, "TZV_TVISOR_ATTEST_TOKEN", OPTEE_SMC_RETURN_UNKNOWN_FUNCTION, r.a0);
	r = smc8(TZV_TEE_ATTEST_TOKEN, nonce_pa, 32, out_pa, 4096, 0, 0, vm->id);
	EXPECT_EQ(&t, "TZV_TEE_ATTEST_TOKEN", OPTEE_SMC_RETURN_UNKNOWN_FUNCTION, r.a0);
	if (t_end(&t))
		printf("client: attest direct calls refused: 0x%lx\n", r.a0);
}
