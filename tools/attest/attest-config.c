/*
 * attest-config: the SHA-256 of the canonical forms of a compiled
 * configuration (include/tzvisor/attest.h), as the monitor measures them.
 * Built per configuration with its generated config.c (tools/attest/attest.mk),
 * it prints reference-value lines, and "# vm <position> <id>" for refs.sh.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <tzvisor/attest.h>

static void feed(void *ctx, const void *data, size_t n)
{
	EVP_DigestUpdate(ctx, data, n);
}

static void line(const char *name, const char *group, const char *owner,
		 void (*form)(attest_feed_fn, void *, const void *), const void *what)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char out[32];
	unsigned n = 0;
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	form(feed, md, what);
	EVP_DigestFinal_ex(md, out, &n);
	EVP_MD_CTX_free(md);
	printf("%s %s %s ", name, group, owner);
	for (unsigned i = 0; i < n; i++)
		printf("%02x", out[i]);
	printf("\n");
}

static void platform_form(attest_feed_fn f, void *ctx, const void *what)
{
	attest_config_bytes(f, ctx, what);
}

static void vm_form(attest_feed_fn f, void *ctx, const void *what)
{
	attest_vm_config_bytes(f, ctx, what);
}

static void tee_form(attest_feed_fn f, void *ctx, const void *what)
{
	attest_tee_config_bytes(f, ctx, what);
}

int main(void)
{
	const struct platform_config *cfg = &platform_config;
	line("config", "platform", "all", platform_form, cfg);
	for (uint32_t i = 0; i < cfg->vm_count; i++) {
		const struct vm_config *vm = &cfg->vms[i];
		char name[32], owner[16];
		snprintf(owner, sizeof(owner), "%u", vm->vm_id);
		snprintf(name, sizeof(name), "tee%u-config", vm->vm_id);
		line(name, "tee", owner, tee_form, vm);
		snprintf(name, sizeof(name), "vm%u-config", vm->vm_id);
		line(name, "vm", owner, vm_form, vm);
		printf("# vm %u %u\n", i + 1, vm->vm_id);
	}
	return 0;
}
