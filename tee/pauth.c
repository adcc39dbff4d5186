/*
 * Pointer authentication keys of the TAs. Each TA instance gets its own five
 * keys (IA, IB, DA, DB, GA) at load, from RNDR where the CPU has it, loaded
 * before each of its entries; so a TA can sign and check pointers (PACIA,
 * AUTIA, PACGA, ...) and no TA can forge or check another's. The kernel
 * itself is built without pointer authentication. The monitor keeps the
 * normal world's keys (EL1_CONTEXT_SYSREGS), which are in the registers
 * whenever a call enters; the TEE-visor does not swap keys per instance, so a
 * call that resumes a TA loads its keys again (uta_pauth_keys_reload).
 */
#include "tee.h"
#include <lib/sysreg.h>

static uint64_t random64(void)
{
	static uint64_t lcg;
	if ((read_sysreg(id_aa64isar0_el1) >> 60) & 0xf) {
		for (int i = 0; i < 16; i++) {
			uint64_t x, nzcv;
			__asm__ volatile("mrs %0, s3_3_c2_c4_0\n\tmrs %1, nzcv"
					 : "=r"(x), "=r"(nzcv));
			if (!(nzcv & (1ull << 30))) /* RNDR: Z clear when valid */
				return x;
		}
	}
	/* No FEAT_RNG: keys that differ per TA, not secret ones. */
	lcg = lcg * 6364136223846793005ull + read_sysreg(cntvct_el0) + 1442695040888963407ull;
	return lcg;
}

/* FEAT_PAuth: ID_AA64ISAR1_EL1.APA/API (QARMA5, IMPDEF) or ID_AA64ISAR2_EL1.APA3 (QARMA3). */
bool pauth_implemented(void)
{
	uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
	uint64_t isar2 = read_sysreg(S3_0_C0_C6_2);
	return ((isar1 >> 4) & 0xf) || ((isar1 >> 8) & 0xf) || ((isar2 >> 12) & 0xf);
}

void pauth_keys_new(uint64_t keys[PAUTH_KEY_WORDS])
{
	for (int i = 0; i < PAUTH_KEY_WORDS; i++)
		keys[i] = random64();
}

/* APIAKey, APIBKey, APDAKey, APDBKey, APGAKey: Lo then Hi (encodings: FEAT_PAuth). */
void pauth_keys_load(const uint64_t keys[PAUTH_KEY_WORDS])
{
	write_sysreg(S3_0_C2_C1_0, keys[0]);
	write_sysreg(S3_0_C2_C1_1, keys[1]);
	write_sysreg(S3_0_C2_C1_2, keys[2]);
	write_sysreg(S3_0_C2_C1_3, keys[3]);
	write_sysreg(S3_0_C2_C2_0, keys[4]);
	write_sysreg(S3_0_C2_C2_1, keys[5]);
	write_sysreg(S3_0_C2_C2_2, keys[6]);
	write_sysreg(S3_0_C2_C2_3, keys[7]);
	write_sysreg(S3_0_C2_C3_0, keys[8]);
	write_sysreg(S3_0_C2_C3_1, keys[9]);
	isb();
}
