/*
 * Shared TA libraries (ta/examples/dl): the client plays tee-supplicant and
 * serves the dl example TA, its link-time library and its plugin, each a signed
 * <uuid>.ta (ta_images.S). The TA's library is loaded at CREATE (DT_NEEDED,
 * constructors library first), the plugin by dlopen; dl_iterate_phdr reports all
 * three; OP-TEE's attestation hash of the TA's memory changes once the plugin is
 * mapped. Then what must be refused with nothing else changed: a name that is no
 * UUID, a library no one serves, the plugin tampered with after signing, an
 * unsigned (bare ELF) library, a TA offered as a library; and a library that
 * panics ends its TA alone.
 */
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <lib/print.h>
#include <lib/string.h>
#include "client.h"
#include "../../ta/examples/dl/ta/include/dl_example.h"

#define TEEC_ERROR_ITEM_NOT_FOUND_ 0xffff0008u

extern const uint8_t ta_dl[], ta_dl_end[], ta_dl_lib[], ta_dl_lib_end[];
extern const uint8_t ta_dl_plugin[], ta_dl_plugin_end[], ta_dl_plugin_tampered[],
    ta_dl_plugin_tampered_end[], ta_dl_plugin_unsigned[], ta_dl_plugin_unsigned_end[];
extern const uint8_t ta_hello[], ta_hello_end[];

static const uint8_t dl_uuid[16] = {0x4f, 0x0c, 0x2d, 0x8e, 0x6a, 0x1b, 0x4c, 0x3d,
				    0x9e, 0x5f, 0x7a, 0x8b, 0x9c, 0x0d, 0x1e, 0x2f};
static const uint8_t lib_uuid[16] = {0x2c, 0x6e, 0x8a, 0x1f, 0x3b, 0x5d, 0x4e, 0x7a,
				     0x8c, 0x9d, 0x0f, 0x1e, 0x2a, 0x3b, 0x4c, 0x5d};
static const uint8_t plugin_uuid[16] = {0x8e, 0x2a, 0x4c, 0x6f, 0x1d, 0x3b, 0x4a, 0x5c,
					0x9e, 0x7f, 0x2b, 0x4d, 0x6f, 0x8a, 0x0c, 0x1e};
/* the refusals are served under UUIDs of their own */
#define TAMPERED_STR "7a7a0001-0000-4000-8000-000000000001"
#define UNSIGNED_STR "7a7a0001-0000-4000-8000-000000000002"
#define MISSING_STR "7a7a0001-0000-4000-8000-0000000000ff"
#define HELLO_STR "9c3f5e1a-7b2d-4e8f-a1c6-3d5b7e9f0a24"
static const uint8_t tampered_uuid[16] = {0x7a, 0x7a, 0, 1, 0, 0, 0x40, 0,
					  0x80, 0,    0, 0, 0, 0, 0,	1};
static const uint8_t unsigned_uuid[16] = {0x7a, 0x7a, 0, 1, 0, 0, 0x40, 0,
					  0x80, 0,    0, 0, 0, 0, 0,	2};
static const uint8_t hello_uuid[16] = {0x9c, 0x3f, 0x5e, 0x1a, 0x7b, 0x2d, 0x4e, 0x8f,
				       0xa1, 0xc6, 0x3d, 0x5b, 0x7e, 0x9f, 0x0a, 0x24};

static uint32_t val_cmd(struct vm *vm, uint32_t s, uint32_t cmd, uint32_t type, uint64_t *a,
			uint64_t *b)
{
	struct optee_msg_param p[1] = {pval(type, *a, *b, 0)};
	uint32_t r = invoke(vm, s, cmd, p, 1);
	*a = p[0].u.value.a;
	*b = p[0].u.value.b;
	return r;
}

static uint32_t dlopen_name(struct vm *vm, uint32_t s, const char *name)
{
	uint64_t pa = vm_pages(vm, 1);
	uint64_t n = strlen(name);
	memcpy(pa_ptr(pa), name, n);
	struct optee_msg_param p[1] = {ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, pa, n)};
	return invoke(vm, s, DL_CMD_DLOPEN_NAME, p, 1);
}

/* OP-TEE's HASH_TA_MEMORY through the TA: the first 32 bytes of the signed measurement. */
static uint32_t hash_ta(struct vm *vm, uint32_t s, uint8_t out[32])
{
	uint64_t nonce = vm_pages(vm, 1), meas = vm_pages(vm, 1);
	memset(pa_ptr(nonce), 0x5a, 16);
	struct optee_msg_param p[2] = {ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, nonce, 16),
				       ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, meas, 4096)};
	uint32_t r = invoke(vm, s, DL_CMD_HASH_TA, p, 2);
	memcpy(out, pa_ptr(meas), 32);
	return r;
}

static int lib_works(struct vm *vm, struct test *t, uint32_t s, const char *what)
{
	uint64_t a = 5, b = 6;
	uint32_t r = val_cmd(vm, s, DL_CMD_CALL_LIB, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, &a, &b);
	if (r != TEEC_SUCCESS || a != 11 || b != 30) {
		t_fail(t, "%s: CALL_LIB answered 0x%x, %lu, %lu (want 11, 30)", what, r, a, b);
		return 0;
	}
	return 1;
}

void tests_dl(struct vm *vm)
{
	struct test t;
	uint32_t s, s2;
	uint64_t a, b;
	uint8_t h1[32], h2[32];

	serve_file(4, dl_uuid, ta_dl, ta_dl_end);
	serve_file(5, lib_uuid, ta_dl_lib, ta_dl_lib_end);
	serve_file(6, plugin_uuid, ta_dl_plugin, ta_dl_plugin_end);

	t_begin(&t, "dl_linked_library_loaded_at_create");
	EXPECT_EQ(&t, "open the dl TA (its library loads with it)", TEEC_SUCCESS,
		  open_session(vm, dl_uuid, &s));
	a = b = 0;
	EXPECT_EQ(&t, "INIT_ORDER", TEEC_SUCCESS,
		  val_cmd(vm, s, DL_CMD_INIT_ORDER, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, &a, &b));
	EXPECT_EQ(&t, "constructors: the library's, then the TA's (0*10+2, *10+1)", 21, a);
	EXPECT_EQ(&t, "the library's TLS variable, read by the TA", 7, b);
	lib_works(vm, &t, s, "linked library");
	t_end(&t);

	t_begin(&t, "dl_iterate_phdr_before_dlopen");
	a = b = 0;
	EXPECT_EQ(&t, "PHDR", TEEC_SUCCESS,
		  val_cmd(vm, s, DL_CMD_PHDR, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, &a, &b));
	EXPECT_EQ(&t, "objects: the TA and its library", 2, a);
	EXPECT_EQ(&t, "TA, library found, last callback's result",
		  DL_PHDR_TA | DL_PHDR_LIB | DL_PHDR_RESULT, b);
	t_end(&t);

	t_begin(&t, "dl_dlopen_dlsym_dlclose");
	uint32_t hr = hash_ta(vm, s, h1);
	a = b = 0;
	EXPECT_EQ(&t, "DLOPEN", TEEC_SUCCESS,
		  val_cmd(vm, s, DL_CMD_DLOPEN, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, &a, &b));
	EXPECT_EQ(&t, "plugin_mul(6, 7) through dlsym", 42, a);
	EXPECT_EQ(&t, "the plugin's constructor ran once, after the others", 213, b);
	a = b = 0;
	EXPECT_EQ(&t, "DLOPEN again (the library is kept)", TEEC_SUCCESS,
		  val_cmd(vm, s, DL_CMD_DLOPEN, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, &a, &b));
	EXPECT_EQ(&t, "no second constructor run", 213, b);
	a = b = 0;
	EXPECT_EQ(&t, "PHDR after dlopen", TEEC_SUCCESS,
		  val_cmd(vm, s, DL_CMD_PHDR, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, &a, &b));
	EXPECT_EQ(&t, "objects: TA, library, plugin", 3, a);
	EXPECT_EQ(&t, "all three found, last callback's result",
		  DL_PHDR_TA | DL_PHDR_LIB | DL_PHDR_PLUGIN | DL_PHDR_RESULT, b);
	t_end(&t);

	t_begin(&t, "dl_attestation_hash_covers_libraries");
	if (hr == TEEC_SUCCESS) {
		EXPECT_EQ(&t, "hash after dlopen", TEEC_SUCCESS, hash_ta(vm, s, h2));
		EXPECT_EQ(&t, "the TA-memory hash changed once the plugin was mapped", 1,
			  memcmp(h1, h2, 32) != 0);
	} else {
		/* a device without an attestation key: the PTA answers ITEM_NOT_FOUND */
		EXPECT_EQ(&t, "no attestation key on this device", TEEC_ERROR_ITEM_NOT_FOUND_, hr);
		printf("client: dl: attestation PTA has no key (0x%x), hash not compared\n", hr);
	}
	t_end(&t);

	/* refusals: each answered, logged by the TEE, and the TA keeps working */
	serve_file(7, tampered_uuid, ta_dl_plugin_tampered, ta_dl_plugin_tampered_end);
	t_begin(&t, "dl_attack_tampered_library_refused");
	EXPECT_EQ(&t, "dlopen of the plugin tampered with after signing",
		  TEEC_ERROR_ITEM_NOT_FOUND_, dlopen_name(vm, s, TAMPERED_STR));
	lib_works(vm, &t, s, "after the tampered library");
	t_end(&t);
	serve_file(7, unsigned_uuid, ta_dl_plugin_unsigned, ta_dl_plugin_unsigned_end);
	t_begin(&t, "dl_attack_unsigned_library_refused");
	EXPECT_EQ(&t, "dlopen of a bare ELF library", TEEC_ERROR_ITEM_NOT_FOUND_,
		  dlopen_name(vm, s, UNSIGNED_STR));
	lib_works(vm, &t, s, "after the unsigned library");
	t_end(&t);
	serve_file(7, hello_uuid, ta_hello, ta_hello_end);
	t_begin(&t, "dl_refusals_leave_the_ta_alone");
	EXPECT_EQ(&t, "a TA offered as a library", TEEC_ERROR_ITEM_NOT_FOUND_,
		  dlopen_name(vm, s, HELLO_STR));
	EXPECT_EQ(&t, "a library no one serves", TEEC_ERROR_ITEM_NOT_FOUND_,
		  dlopen_name(vm, s, MISSING_STR));
	EXPECT_EQ(&t, "a name that is not a UUID", TEEC_ERROR_ITEM_NOT_FOUND_,
		  dlopen_name(vm, s, "libdlplugin.so"));
	EXPECT_EQ(&t, "its own UUID", TEEC_ERROR_ITEM_NOT_FOUND_,
		  dlopen_name(vm, s, "4f0c2d8e-6a1b-4c3d-9e5f-7a8b9c0d1e2f"));
	a = b = 0;
	EXPECT_EQ(&t, "PHDR after the refusals", TEEC_SUCCESS,
		  val_cmd(vm, s, DL_CMD_PHDR, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, &a, &b));
	EXPECT_EQ(&t, "still three objects", 3, a);
	lib_works(vm, &t, s, "after the refusals");
	EXPECT_EQ(&t, "the plugin by name again", TEEC_SUCCESS,
		  dlopen_name(vm, s, DL_PLUGIN_UUID_STR));
	t_end(&t);
	serve_file(7, NULL, NULL, NULL);

	t_begin(&t, "dl_library_panic_ends_its_ta");
	EXPECT_EQ(&t, "open a second session", TEEC_SUCCESS, open_session(vm, dl_uuid, &s2));
	EXPECT_EQ(&t, "the plugin's panic", TEEC_ERROR_TARGET_DEAD,
		  val_cmd(vm, s2, DL_CMD_PLUGIN_PANIC, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, &a, &b));
	close_session(vm, s2);
	close_session(vm, s);
	EXPECT_EQ(&t, "a fresh instance", TEEC_SUCCESS, open_session(vm, dl_uuid, &s));
	a = b = 0;
	EXPECT_EQ(&t, "INIT_ORDER", TEEC_SUCCESS,
		  val_cmd(vm, s, DL_CMD_INIT_ORDER, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, &a, &b));
	EXPECT_EQ(&t, "constructors ran afresh", 21, a);
	close_session(vm, s);
	t_end(&t);

	serve_file(4, NULL, NULL, NULL);
	serve_file(5, NULL, NULL, NULL);
	serve_file(6, NULL, NULL, NULL);
}
