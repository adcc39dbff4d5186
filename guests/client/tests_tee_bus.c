/*
 * The TEE bus PTAs from the normal world, as Linux's optee driver and optee-rng use
 * them (both with the public login): OP-TEE's device-enumeration PTA (tee/pta_device.c)
 * lists the RNG PTA (and OP-TEE's invoke-tests PTA, flagged as OP-TEE flags it), with
 * the SHORT_BUFFER protocol, and writes nothing else. OP-TEE's RNG PTA
 * (tee/pta_rng.c) answers random bytes of its VM's instance; memrefs outside the VM
 * (past its RAM, in secure memory, wrapping, in the other VM's RAM) are refused with
 * nothing written, and the PTA answers afterwards.
 */
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <lib/print.h>
#include <lib/string.h>
#include <tzvisor/platform.h>
#include <tzvisor/pta_uuid.h>
#include "client.h"

#define OUT OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT
#define INOUT OPTEE_MSG_ATTR_TYPE_TMEM_INOUT

static const uint8_t device_uuid[16] = PTA_DEVICE_UUID_OCTETS;
static const uint8_t rng_uuid[16] = PTA_RNG_UUID_OCTETS;
static const uint8_t invoke_tests_uuid[16] = PTA_INVOKE_TESTS_UUID_OCTETS;

static int all_bytes(const uint8_t *b, unsigned n, uint8_t v)
{
	for (unsigned i = 0; i < n; i++)
		if (b[i] != v)
			return 0;
	return 1;
}

static void device_list(struct vm *vm)
{
	struct test t;
	uint32_t s = 0;
	uint64_t buf = vm_pages(vm, 1), got = 0;
	uint8_t *b = pa_ptr(buf);

	t_begin(&t, "tee_bus_device_pta_opens_for_any_login");
	/* Linux 6.1 opens it with the public login; the kernel's and a user's open it too */
	EXPECT_EQ(&t, "REE kernel login", TEEC_SUCCESS,
		  open_session_login(vm, device_uuid, OPTEE_MSG_LOGIN_REE_KERNEL, &s));
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	EXPECT_EQ(&t, "user login", TEEC_SUCCESS,
		  open_session_login(vm, device_uuid, OPTEE_MSG_LOGIN_USER, &s));
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	t_end(&t);

	t_begin(&t, "tee_bus_get_devices");
	uint32_t r = open_session_login(vm, device_uuid, OPTEE_MSG_LOGIN_PUBLIC, &s);
	if (r != TEEC_SUCCESS) {
		t_fail(&t, "open with the public login (Linux's): 0x%x", r);
		t_end(&t);
		return;
	}
	/* Linux asks first with a NULL memref of size 0, then with the size answered */
	EXPECT_EQ(&t, "NULL, size 0", TEEC_ERROR_SHORT_BUFFER,
		  invoke_one_memref(vm, s, PTA_DEVICE_CMD_GET_DEVICES, OUT, 0, 0, &got));
	EXPECT_EQ(&t, "size needed", 32, got);
	memset(b, 0x5a, 64);
	EXPECT_EQ(&t, "16 bytes", TEEC_ERROR_SHORT_BUFFER,
		  invoke_one_memref(vm, s, PTA_DEVICE_CMD_GET_DEVICES, OUT, buf, 16, &got));
	EXPECT_EQ(&t, "size needed again", 32, got);
	if (!all_bytes(b, 64, 0x5a))
		t_fail(&t, "a SHORT_BUFFER answer wrote the buffer");
	EXPECT_EQ(&t, "64 bytes", TEEC_SUCCESS,
		  invoke_one_memref(vm, s, PTA_DEVICE_CMD_GET_DEVICES, OUT, buf, 64, &got));
	EXPECT_EQ(&t, "size of two UUIDs", 32, got);
	if (memcmp(b, invoke_tests_uuid, 16) || memcmp(b + 16, rng_uuid, 16))
		t_fail(&t, "not the invoke-tests and RNG PTAs' UUIDs in RFC 4122 order");
	if (!all_bytes(b + 32, 32, 0x5a))
		t_fail(&t, "bytes past the list written");
	t_end(&t);

	t_begin(&t, "tee_bus_get_devices_supp_empty");
	EXPECT_EQ(&t, "NULL, size 0", TEEC_SUCCESS,
		  invoke_one_memref(vm, s, PTA_DEVICE_CMD_GET_DEVICES_SUPP, OUT, 0, 0, &got));
	EXPECT_EQ(&t, "size", 0, got);
	memset(b, 0x5a, 64);
	EXPECT_EQ(&t, "64 bytes", TEEC_SUCCESS,
		  invoke_one_memref(vm, s, PTA_DEVICE_CMD_GET_DEVICES_SUPP, OUT, buf, 64, &got));
	EXPECT_EQ(&t, "size with a buffer", 0, got);
	if (!all_bytes(b, 64, 0x5a))
		t_fail(&t, "an empty list wrote the buffer");
	t_end(&t);

	t_begin(&t, "tee_bus_device_pta_bad_input_refused");
	{
		struct optee_msg_param v[1] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
		EXPECT_EQ(&t, "a value", TEEC_ERROR_BAD_PARAMETERS,
			  invoke(vm, s, PTA_DEVICE_CMD_GET_DEVICES, v, 1));
	}
	EXPECT_EQ(&t, "an input memref", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_DEVICE_CMD_GET_DEVICES,
				    OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, buf, 64, NULL));
	EXPECT_EQ(&t, "NULL with size 64", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_DEVICE_CMD_GET_DEVICES, OUT, 0, 64, NULL));
	EXPECT_EQ(&t, "memref in secure SRAM", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_DEVICE_CMD_GET_DEVICES, OUT, TEE_INSTANCES_BASE, 64,
				    NULL));
	/* Linux 6.9's GET_DEVICES_RPMB: OP-TEE 4.1 has no such command either */
	EXPECT_EQ(&t, "command 2", TEEC_ERROR_NOT_IMPLEMENTED,
		  invoke_one_memref(vm, s, 2, OUT, buf, 64, NULL));
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	t_end(&t);
}

static void rng(struct vm *vm, const char *entropy_name, const char *hostile_name)
{
	struct test t;
	uint32_t s = 0;
	uint64_t buf = vm_pages(vm, 1), got = 0;
	uint8_t *b = pa_ptr(buf);
	uint8_t first[64];

	t_begin(&t, entropy_name);
	uint32_t r = open_session_login(vm, rng_uuid, OPTEE_MSG_LOGIN_PUBLIC, &s);
	if (r != TEEC_SUCCESS) {
		t_fail(&t, "open (public login, as optee-rng): 0x%x", r);
		t_end(&t);
		return;
	}
	memset(b, 0, 128);
	EXPECT_EQ(&t, "GET_ENTROPY 64", TEEC_SUCCESS,
		  invoke_one_memref(vm, s, PTA_RNG_CMD_GET_ENTROPY, INOUT, buf, 64, &got));
	EXPECT_EQ(&t, "size kept", 64, got);
	memcpy(first, b, 64);
	EXPECT_EQ(&t, "GET_ENTROPY 64 again", TEEC_SUCCESS,
		  invoke_one_memref(vm, s, PTA_RNG_CMD_GET_ENTROPY, INOUT, buf, 64, &got));
	if (all_bytes(first, 64, 0) || all_bytes(b, 64, 0) || !memcmp(first, b, 64))
		t_fail(&t, "not two different non-zero reads");
	if (!all_bytes(b + 64, 64, 0))
		t_fail(&t, "bytes past the memref written");
	{
		struct optee_msg_param v[1] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 7, 7, 7)};
		EXPECT_EQ(&t, "GET_RNG_INFO", TEEC_SUCCESS,
			  invoke(vm, s, PTA_RNG_CMD_GET_RNG_INFO, v, 1));
		EXPECT_EQ(&t, "rate (none to wait for)", 0, v[0].u.value.a);
		EXPECT_EQ(&t, "quality per 1024 bits", 512, v[0].u.value.b);
	}
	t_end(&t);

	t_begin(&t, hostile_name);
	struct vm *other = vm == &vm1 ? &vm2 : &vm1;
	uint64_t o = vm_pages(other, 1);
	memset(pa_ptr(o), 0xa5, 64);
	memset(b, 0x5a, 64);
	EXPECT_EQ(&t, "past the VM's RAM", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_RNG_CMD_GET_ENTROPY, INOUT,
				    vm->ram_base + vm->ram_size - 16, 64, NULL));
	EXPECT_EQ(
	    &t, "in secure SRAM", TEEC_ERROR_BAD_PARAMETERS,
	    invoke_one_memref(vm, s, PTA_RNG_CMD_GET_ENTROPY, INOUT, TEE_INSTANCES_BASE, 64, NULL));
	EXPECT_EQ(
	    &t, "on the TEE's code", TEEC_ERROR_BAD_PARAMETERS,
	    invoke_one_memref(vm, s, PTA_RNG_CMD_GET_ENTROPY, INOUT, TEE_CODE_BASE, 64, NULL));
	EXPECT_EQ(&t, "wrapping", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_RNG_CMD_GET_ENTROPY, INOUT, ~0ull - 15, 64, NULL));
	EXPECT_EQ(&t, "in the other VM's RAM", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_RNG_CMD_GET_ENTROPY, INOUT, o, 64, NULL));
	EXPECT_EQ(&t, "NULL with size 64", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_RNG_CMD_GET_ENTROPY, INOUT, 0, 64, NULL));
	EXPECT_EQ(&t, "output-only memref", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_RNG_CMD_GET_ENTROPY, OUT, buf, 64, NULL));
	EXPECT_EQ(&t, "unknown command", TEEC_ERROR_NOT_IMPLEMENTED, invoke(vm, s, 2, NULL, 0));
	if (!all_bytes(pa_ptr(o), 64, 0xa5))
		t_fail(&t, "the other VM's page written");
	if (!all_bytes(b, 64, 0x5a))
		t_fail(&t, "the client's buffer written by a refused call");
	EXPECT_EQ(&t, "GET_ENTROPY after the refusals", TEEC_SUCCESS,
		  invoke_one_memref(vm, s, PTA_RNG_CMD_GET_ENTROPY, INOUT, buf, 64, NULL));
	if (all_bytes(b, 64, 0x5a))
		t_fail(&t, "no bytes after the refusals");
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	t_end(&t);
}

void tests_tee_bus(void)
{
	device_list(&vm1);
	rng(&vm1, "tee_bus_rng_entropy_vm1", "tee_bus_rng_hostile_memref_refused_vm1");
	rng(&vm2, "tee_bus_rng_entropy_vm2", "tee_bus_rng_hostile_memref_refused_vm2");
}
