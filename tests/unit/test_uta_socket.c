/*
 * The SOCKET syscall (tee/uta_socket.c) on the host against a tee-supplicant that answers
 * what each test says (tests/unit/socket_world.c): the requests it gets, the kernel's
 * handles bound to their TA instance, and every check of an answer: a SEND that claims
 * more than it was given, a RECV or IOCTL longer than the buffer (a TCP stream, an
 * IOCTL: refused; a UDP datagram: cut, its length passed on), a length past 32 bits, an
 * error answer; no byte is ever written to the TA past the buffer it named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "socket_world.h"
#include "tee.h"
#include "uta_sys.h"

#define TCP 0x65u
#define UDP 0x66u
#define TEE_ISOCKET_ERROR_TIMEOUT 0xf1007005u
#define TEE_ISOCKET_ERROR_HOSTNAME 0xf1007007u

/* Where things are in the TA's memory. */
#define NAME_OFF 0x0
#define HANDLE_OFF 0x100
#define LEN_OFF 0x104
#define BUF_OFF 0x1000

static const int ta_a, ta_b; /* two TA instances (their addresses name them) */

static uint32_t sys(const void *owner, uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2,
		    uint64_t a3)
{
	const uint64_t a[5] = {a0, a1, a2, a3, 0};
	bool killed;
	uint32_t r = sw_syscall(owner, op, a, &killed);
	assert_false(killed);
	return r;
}

static bool sys_kills(const void *owner, uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2,
		      uint64_t a3)
{
	const uint64_t a[5] = {a0, a1, a2, a3, 0};
	bool killed;
	sw_syscall(owner, op, a, &killed);
	return killed;
}

static uint32_t *len_word(void)
{
	return (uint32_t *)(sw_ta + LEN_OFF);
}

/* Opens a socket of proto to "tee.example" port 7; its kernel handle. */
static uint32_t open_sock(const void *owner, uint32_t proto, uint64_t supp_handle)
{
	static const char name[] = "tee.example";
	memcpy(sw_ta + NAME_OFF, name, sizeof(name));
	sw_answer.handle = supp_handle;
	uint64_t what = proto | (1u << 8) | (7u << 16); /* IPv4, port 7 */
	assert_int_equal(
	    sys(owner, TZV_SOCK_OPEN, what, sw_va(NAME_OFF), sizeof(name), sw_va(HANDLE_OFF)),
	    TEEC_SUCCESS);
	assert_int_equal(sw_last.op, OPTEE_RPC_SOCKET_OPEN);
	assert_int_equal(sw_last.size, sizeof(name));
	assert_memory_equal(sw_last.data, name, sizeof(name));
	return *(uint32_t *)(sw_ta + HANDLE_OFF);
}

static uint32_t recv_into(uint64_t h, uint32_t n)
{
	*len_word() = n;
	return sys(&ta_a, TZV_SOCK_RECV, h, sw_va(BUF_OFF), sw_va(LEN_OFF), 100);
}

/* Bytes [BUF_OFF + from, BUF_OFF + to) of the TA's memory are all b. */
static void assert_buf(uint64_t from, uint64_t to, uint8_t b)
{
	for (uint64_t i = from; i < to; i++)
		if (sw_ta[BUF_OFF + i] != b)
			fail_msg("TA byte %llu: 0x%02x, not 0x%02x", (unsigned long long)i,
				 sw_ta[BUF_OFF + i], b);
}

static int setup(void **state)
{
	(void)state;
	sw_init();
	return 0;
}

static void test_open_send_recv_close(void **state)
{
	(void)state;
	uint32_t h = open_sock(&ta_a, TCP, 0x1234);
	uint64_t instance = sw_last.instance;
	assert_int_not_equal(instance, 0);
	/* send: the TA's bytes reach tee-supplicant, with its handle and instance */
	memset(sw_ta + BUF_OFF, 'x', 10);
	*len_word() = 10;
	sw_answer.sent = 10;
	assert_int_equal(sys(&ta_a, TZV_SOCK_SEND, h, sw_va(BUF_OFF), sw_va(LEN_OFF), 100),
			 TEEC_SUCCESS);
	assert_int_equal(sw_last.op, OPTEE_RPC_SOCKET_SEND);
	assert_int_equal(sw_last.handle, 0x1234);
	assert_int_equal(sw_last.instance, instance);
	assert_int_equal(sw_last.size, 10);
	assert_memory_equal(sw_last.data, "xxxxxxxxxx", 10);
	assert_int_equal(*len_word(), 10);
	/* recv: 8 of 16 bytes come */
	sw_answer.size = 8;
	sw_answer.fill = 0x42;
	assert_int_equal(recv_into(h, 16), TEEC_SUCCESS);
	assert_int_equal(*len_word(), 8);
	assert_buf(0, 8, 0x42);
	assert_buf(8, 10, 'x'); /* the rest as it was */
	assert_buf(10, 64, 0xa5);
	/* close: tee-supplicant's handle goes, the kernel's is gone */
	assert_int_equal(sys(&ta_a, TZV_SOCK_CLOSE, h, 0, 0, 0), TEEC_SUCCESS);
	assert_int_equal(sw_last.op, OPTEE_RPC_SOCKET_CLOSE);
	assert_int_equal(sw_last.handle, 0x1234);
	unsigned rpcs = sw_socket_rpcs;
	assert_int_equal(recv_into(h, 16), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(sw_socket_rpcs, rpcs);
	assert_int_equal(sw_shm_allocs, sw_shm_frees);
}

/* Another instance's handle, a closed one, a made-up one: refused without an RPC. */
static void test_handles_bound_to_their_instance(void **state)
{
	(void)state;
	uint32_t h = open_sock(&ta_a, TCP, 5);
	uint32_t g = open_sock(&ta_b, UDP, 5);
	assert_int_not_equal(h, g);
	unsigned rpcs = sw_socket_rpcs;
	assert_int_equal(recv_into(g, 4), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(sys(&ta_b, TZV_SOCK_CLOSE, h, 0, 0, 0), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(recv_into(h + 0x10000, 4), TEEC_ERROR_BAD_PARAMETERS); /* generation */
	assert_int_equal(recv_into(TZV_TA_SOCKETS + 1, 4), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(recv_into(0, 4), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(recv_into((uint64_t)h | 1ull << 32, 4), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(sys(&ta_a, 7, h, 0, 0, 0), TEEC_ERROR_BAD_PARAMETERS); /* no such op */
	assert_int_equal(sw_socket_rpcs, rpcs);
	/* the instances' tee-supplicant ids differ too */
	assert_int_equal(sys(&ta_a, TZV_SOCK_CLOSE, h, 0, 0, 0), TEEC_SUCCESS);
	uint64_t ia = sw_last.instance;
	assert_int_equal(sys(&ta_b, TZV_SOCK_CLOSE, g, 0, 0, 0), TEEC_SUCCESS);
	assert_int_not_equal(sw_last.instance, ia);
}

static void test_send_claiming_more_than_given_refused(void **state)
{
	(void)state;
	uint32_t h = open_sock(&ta_a, TCP, 1);
	*len_word() = 10;
	sw_answer.sent = 11;
	assert_int_equal(sys(&ta_a, TZV_SOCK_SEND, h, sw_va(BUF_OFF), sw_va(LEN_OFF), 100),
			 TEEC_ERROR_COMMUNICATION);
	assert_int_equal(*len_word(), 0);
	/* a send past the limit goes out cut to it */
	*len_word() = TZV_TA_SOCKET_DATA_MAX + 100;
	sw_answer.sent = TZV_TA_SOCKET_DATA_MAX;
	memset(sw_ta + BUF_OFF, 0, 0x11000 - BUF_OFF);
	assert_int_equal(sys(&ta_a, TZV_SOCK_SEND, h, sw_va(BUF_OFF), sw_va(LEN_OFF), 100),
			 TEEC_SUCCESS);
	assert_int_equal(sw_last.size, TZV_TA_SOCKET_DATA_MAX);
	assert_int_equal(*len_word(), TZV_TA_SOCKET_DATA_MAX);
}

/* A TCP stream has no longer message to report: an answer past the buffer is refused. */
static void test_tcp_recv_longer_than_buffer_refused(void **state)
{
	(void)state;
	uint32_t h = open_sock(&ta_a, TCP, 1);
	sw_answer.size = 17;
	sw_answer.fill = 0x42;
	assert_int_equal(recv_into(h, 16), TEEC_ERROR_COMMUNICATION);
	assert_int_equal(*len_word(), 0);
	assert_buf(16, 64, 0xa5); /* nothing past the buffer */
	/* nor into an empty buffer */
	sw_answer.size = 5;
	assert_int_equal(recv_into(h, 0), TEEC_ERROR_COMMUNICATION);
	assert_int_equal(*len_word(), 0);
}

/* A UDP datagram longer than the buffer comes cut, with its length (GP). */
static void test_udp_datagram_cut_to_buffer(void **state)
{
	(void)state;
	uint32_t h = open_sock(&ta_a, UDP, 1);
	sw_answer.size = 100;
	sw_answer.fill = 0x42;
	assert_int_equal(recv_into(h, 16), TEEC_SUCCESS);
	assert_int_equal(*len_word(), 100);
	assert_buf(0, 16, 0x42);
	assert_buf(16, 128, 0xa5);
	/* a length past 32 bits is no datagram's */
	sw_answer.size = 1ull << 32;
	assert_int_equal(recv_into(h, 16), TEEC_ERROR_COMMUNICATION);
	assert_int_equal(*len_word(), 0);
}

/*
 * An error answer (a timeout): the length tee-supplicant leaves (the one asked: xtest 2004
 * wants it back) is passed on, but no data is taken from it.
 */
static void test_recv_error_takes_no_data(void **state)
{
	(void)state;
	uint32_t h = open_sock(&ta_a, TCP, 1);
	sw_answer.ret = TEE_ISOCKET_ERROR_TIMEOUT;
	sw_answer.fill = 0x42;
	assert_int_equal(recv_into(h, 16), TEE_ISOCKET_ERROR_TIMEOUT);
	assert_int_equal(*len_word(), 16);
	assert_buf(0, 64, 0xa5);
}

static void test_ioctl_answer_longer_than_buffer_refused(void **state)
{
	(void)state;
	uint32_t h = open_sock(&ta_a, TCP, 1);
	memset(sw_ta + BUF_OFF, 0x33, 4);
	*len_word() = 4;
	sw_answer.size = 4;
	sw_answer.fill = 0x44;
	assert_int_equal(sys(&ta_a, TZV_SOCK_IOCTL, h, 0x65000001, sw_va(BUF_OFF), sw_va(LEN_OFF)),
			 TEEC_SUCCESS);
	assert_int_equal(sw_last.op, OPTEE_RPC_SOCKET_IOCTL);
	assert_memory_equal(sw_last.data, "\x33\x33\x33\x33", 4);
	assert_int_equal(*len_word(), 4);
	assert_buf(0, 4, 0x44);
	sw_answer.size = 5;
	assert_int_equal(sys(&ta_a, TZV_SOCK_IOCTL, h, 0x65000001, sw_va(BUF_OFF), sw_va(LEN_OFF)),
			 TEEC_ERROR_COMMUNICATION);
	assert_int_equal(*len_word(), 0);
	assert_buf(4, 64, 0xa5);
	*len_word() = TZV_TA_SOCKET_DATA_MAX + 1;
	assert_int_equal(sys(&ta_a, TZV_SOCK_IOCTL, h, 0x65000001, sw_va(BUF_OFF), sw_va(LEN_OFF)),
			 TEEC_ERROR_BAD_PARAMETERS);
}

/* What the TA names: a host name without its NUL, a bad protocol, bad pointers. */
static void test_bad_requests(void **state)
{
	(void)state;
	memcpy(sw_ta + NAME_OFF, "abc", 3);
	assert_int_equal(sys(&ta_a, TZV_SOCK_OPEN, TCP, sw_va(NAME_OFF), 3, sw_va(HANDLE_OFF)),
			 TEE_ISOCKET_ERROR_HOSTNAME);
	assert_int_equal(sys(&ta_a, TZV_SOCK_OPEN, TCP, sw_va(NAME_OFF), 0, sw_va(HANDLE_OFF)),
			 TEE_ISOCKET_ERROR_HOSTNAME);
	assert_int_equal(sys(&ta_a, TZV_SOCK_OPEN, TCP, sw_va(NAME_OFF), TZV_TA_SOCKET_ADDR_MAX + 1,
			     sw_va(HANDLE_OFF)),
			 TEE_ISOCKET_ERROR_HOSTNAME);
	sw_ta[NAME_OFF + 3] = 0;
	assert_int_equal(sys(&ta_a, TZV_SOCK_OPEN, 0x67, sw_va(NAME_OFF), 4, sw_va(HANDLE_OFF)),
			 TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(
	    sys(&ta_a, TZV_SOCK_OPEN, TCP | 3u << 8, sw_va(NAME_OFF), 4, sw_va(HANDLE_OFF)),
	    TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(sw_socket_rpcs, 0);
	assert_true(
	    sys_kills(&ta_a, TZV_SOCK_OPEN, TCP, sw_va(NAME_OFF), 4, SW_TA_VA + SW_TA_SIZE - 2));
	assert_true(
	    sys_kills(&ta_a, TZV_SOCK_OPEN, TCP, SW_TA_VA + SW_TA_SIZE - 2, 4, sw_va(HANDLE_OFF)));
	uint32_t h = open_sock(&ta_a, TCP, 1);
	assert_true(sys_kills(&ta_a, TZV_SOCK_RECV, h, sw_va(BUF_OFF), SW_TA_VA - 4, 0));
	*len_word() = 0x100;
	assert_true(
	    sys_kills(&ta_a, TZV_SOCK_RECV, h, SW_TA_VA + SW_TA_SIZE - 0x80, sw_va(LEN_OFF), 0));
	assert_true(
	    sys_kills(&ta_a, TZV_SOCK_SEND, h, SW_TA_VA + SW_TA_SIZE - 0x80, sw_va(LEN_OFF), 0));
}

/*
 * The handle and length words are written as uint32_t: a misaligned pointer to one ends
 * the TA (undefined in C; libutee's are aligned), as the storage syscalls' do. Found by
 * fuzz_socket (a UBSan report of OPEN's handle store).
 */
static void test_misaligned_words_end_the_ta(void **state)
{
	(void)state;
	memcpy(sw_ta + NAME_OFF, "h", 2);
	assert_true(
	    sys_kills(&ta_a, TZV_SOCK_OPEN, TCP, sw_va(NAME_OFF), 2, sw_va(HANDLE_OFF + 1)));
	assert_int_equal(sw_socket_rpcs, 0);
	uint32_t h = open_sock(&ta_a, TCP, 1);
	assert_true(sys_kills(&ta_a, TZV_SOCK_RECV, h, sw_va(BUF_OFF), sw_va(LEN_OFF + 2), 0));
	assert_true(
	    sys_kills(&ta_a, TZV_SOCK_IOCTL, h, 0x65000001, sw_va(BUF_OFF), sw_va(LEN_OFF + 1)));
}

/* tee-supplicant has no memory or no argument to spare: the RPC is not sent. */
static void test_no_shared_memory(void **state)
{
	(void)state;
	uint32_t h = open_sock(&ta_a, TCP, 1);
	unsigned rpcs = sw_socket_rpcs;
	sw_answer.no_shm = true;
	assert_int_equal(recv_into(h, 16), TEEC_ERROR_OUT_OF_MEMORY);
	assert_int_equal(*len_word(), 0);
	sw_answer.no_shm = false;
	sw_answer.no_arg = true;
	assert_int_equal(recv_into(h, 16), TEEC_ERROR_OUT_OF_MEMORY);
	assert_int_equal(sw_socket_rpcs, rpcs);
	assert_int_equal(sw_shm_allocs, sw_shm_frees);
}

/* An instance that ends: one CLOSE_ALL for its tee-supplicant id, its handles gone. */
static void test_release_closes_all(void **state)
{
	(void)state;
	uint32_t h = open_sock(&ta_a, TCP, 1);
	open_sock(&ta_a, UDP, 2);
	uint64_t instance = sw_last.instance;
	unsigned rpcs = sw_socket_rpcs;
	uta_socket_release(&ta_a);
	assert_int_equal(sw_socket_rpcs, rpcs + 1);
	assert_int_equal(sw_last.op, OPTEE_RPC_SOCKET_CLOSE_ALL);
	assert_int_equal(sw_last.instance, instance);
	assert_int_equal(recv_into(h, 4), TEEC_ERROR_BAD_PARAMETERS);
	uta_socket_release(&ta_a); /* nothing left: no RPC */
	assert_int_equal(sw_socket_rpcs, rpcs + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_open_send_recv_close, setup),
	    cmocka_unit_test_setup(test_handles_bound_to_their_instance, setup),
	    cmocka_unit_test_setup(test_send_claiming_more_than_given_refused, setup),
	    cmocka_unit_test_setup(test_tcp_recv_longer_than_buffer_refused, setup),
	    cmocka_unit_test_setup(test_udp_datagram_cut_to_buffer, setup),
	    cmocka_unit_test_setup(test_recv_error_takes_no_data, setup),
	    cmocka_unit_test_setup(test_ioctl_answer_longer_than_buffer_refused, setup),
	    cmocka_unit_test_setup(test_bad_requests, setup),
	    cmocka_unit_test_setup(test_misaligned_words_end_the_ta, setup),
	    cmocka_unit_test_setup(test_no_shared_memory, setup),
	    cmocka_unit_test_setup(test_release_closes_all, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
