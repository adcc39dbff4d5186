/*
 * The example TAs as the dev kit built them (make tas: build/ta/<name>/<uuid>.ta):
 * each is signed with the development key and is the ELF the TEE kernel
 * expects (include/tzvisor/ta_abi.h): ET_EXEC AArch64, no dynamic section or
 * interpreter, the head first in the first PT_LOAD at TZV_TA_LOAD_VA, entry =
 * __ta_entry = head.entry, W^X segments below TZV_TA_VA_LIMIT, and the UUID of
 * the head, the signed header and the file name all the same.
 * Skipped when the TAs are not built.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <tzvisor/ta_abi.h>

#include "../../tools/tasign/tasign.h"

static const char *names[] = { "hello", "random", "digest", "aes", "rsa", "dl" };

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	uint8_t *b = malloc((size_t)n);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

static void check_elf(const char *name, const uint8_t *elf, size_t len, const uint8_t uuid[16])
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)elf;
	assert_true(len >= sizeof(*eh));
	assert_int_equal(eh->e_type, ET_EXEC);
	assert_int_equal(eh->e_machine, EM_AARCH64);
	assert_true(eh->e_phoff + (size_t)eh->e_phnum * sizeof(Elf64_Phdr) <= len);
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(elf + eh->e_phoff);
	const Elf64_Phdr *first = NULL;
	unsigned loads = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		assert_int_not_equal(ph[i].p_type, PT_DYNAMIC);
		assert_int_not_equal(ph[i].p_type, PT_INTERP);
		if (ph[i].p_type != PT_LOAD)
			continue;
		loads++;
		if (!first || ph[i].p_vaddr < first->p_vaddr)
			first = &ph[i];
		assert_false((ph[i].p_flags & PF_W) && (ph[i].p_flags & PF_X));
		assert_int_equal(ph[i].p_vaddr % TZV_TA_PAGE_SIZE, ph[i].p_offset % TZV_TA_PAGE_SIZE);
		assert_true(ph[i].p_vaddr >= TZV_TA_LOAD_VA);
		assert_true(ph[i].p_vaddr + ph[i].p_memsz <= TZV_TA_VA_LIMIT);
		assert_true(ph[i].p_filesz <= ph[i].p_memsz);
		assert_true(ph[i].p_offset + ph[i].p_filesz <= len);
	}
	assert_int_equal(loads, 3);
	assert_int_equal(first->p_vaddr, TZV_TA_LOAD_VA);
	assert_true(first->p_flags & PF_X);
	const struct tzv_ta_head *h = (const struct tzv_ta_head *)(elf + first->p_offset);
	assert_int_equal(h->magic, TZV_TA_HEAD_MAGIC);
	assert_int_equal(h->abi_version, TZV_TA_ABI_VERSION);
	assert_int_equal(h->entry, eh->e_entry);
	assert_true(h->params_va > first->p_vaddr + first->p_memsz);
	/* UUID: the head's native fields against the RFC 4122 octets. */
	assert_int_equal(h->uuid.time_low, (uint32_t)uuid[0] << 24 | uuid[1] << 16 | uuid[2] << 8 | uuid[3]);
	assert_int_equal(h->uuid.time_mid, uuid[4] << 8 | uuid[5]);
	assert_int_equal(h->uuid.time_hi_and_version, uuid[6] << 8 | uuid[7]);
	assert_memory_equal(h->uuid.clock_seq_and_node, uuid + 8, 8);
	print_message("%-6s %zu bytes, entry 0x%lx, stack %u, heap %u, flags 0x%x\n", name, len,
		      (unsigned long)eh->e_entry, h->stack_size, h->data_size, h->flags);
}

static void test_images(void **state)
{
	(void)state;
	EVP_PKEY *key = tasign_load_key("build/keys/ta_dev_key.pem");
	if (!key)
		skip();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char dir[64], path[400];
		snprintf(dir, sizeof(dir), "build/ta/%s", names[i]);
		DIR *d = opendir(dir);
		if (!d)
			skip();
		struct dirent *e;
		int found = 0;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if (n != 39 || strcmp(e->d_name + 36, ".ta"))
				continue;
			char uuid_s[37];
			uint8_t uuid[16];
			memcpy(uuid_s, e->d_name, 36);
			uuid_s[36] = '\0';
			assert_int_equal(tasign_parse_uuid(uuid_s, uuid), 0);
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			size_t len = 0, elf_len = 0;
			const uint8_t *elf;
			uint8_t *buf = slurp(path, &len);
			assert_non_null(buf);
			assert_int_equal(tasign_verify(key, uuid, buf, len, &elf, &elf_len), TASIGN_OK);
			check_elf(names[i], elf, elf_len, uuid);
			free(buf);
			found++;
		}
		closedir(d);
		assert_int_equal(found, 1);
	}
	EVP_PKEY_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_images) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
