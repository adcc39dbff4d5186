/*
 * Client of the socket example TA: TCP and UDP echo servers on 127.0.0.1 (threads of
 * this program), reached by the TA through GP TEE Sockets and tee-supplicant; a receive
 * timeout and a UDP ioctl; a second TA instance using the first one's socket handle, an
 * address without its NUL, and a send from a buffer outside the TA.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>
#include "ta-client.h"
#include <socket_ta.h>

#define ECHO_PORT 7007
#define QUIET_PORT 7009
#define TEE_ISOCKET_ERROR_TIMEOUT 0xf1007003u
#define TEE_ISOCKET_ERROR_HOSTNAME 0xf1007007u

static int bound(int type, int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int one = 1, fd = socket(AF_INET, type, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    (type == SOCK_STREAM && listen(fd, 4))) {
		perror("ta-socket: server");
		exit(1);
	}
	return fd;
}

static void *tcp_echo(void *p)
{
	int l = *(int *)p;
	for (;;) {
		int c = accept(l, NULL, NULL);
		char b[4096];
		ssize_t n;
		while (c >= 0 && (n = read(c, b, sizeof(b))) > 0)
			if (write(c, b, n) != n)
				break;
		if (c >= 0)
			close(c);
	}
	return NULL;
}

static void *udp_echo(void *p)
{
	int fd = *(int *)p;
	for (;;) {
		char b[2048];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, b, sizeof(b), 0, (struct sockaddr *)&from, &fl);
		if (n >= 0)
			sendto(fd, b, n, 0, (struct sockaddr *)&from, fl);
	}
	return NULL;
}

static TEEC_Result call(TEEC_Session *s, uint32_t cmd, uint32_t a, uint32_t b, uint32_t *out)
{
	TEEC_Operation op;
	uint32_t origin;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = a;
	op.params[0].value.b = b;
	TEEC_Result r = TEEC_InvokeCommand(s, cmd, &op, &origin);
	out[0] = op.params[1].value.a;
	out[1] = op.params[1].value.b;
	return r;
}

static void echo(TEEC_Session *s, const char *what, int udp, size_t n)
{
	static uint8_t in[3000], out[3000];
	TEEC_Operation op;
	uint32_t origin;
	for (size_t i = 0; i < n; i++)
		in[i] = (uint8_t)(i * 7 + udp);
	memset(out, 0, sizeof(out));
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_VALUE_OUTPUT);
	op.params[0].value.a = ECHO_PORT;
	op.params[0].value.b = udp;
	op.params[1].tmpref.buffer = in;
	op.params[1].tmpref.size = n;
	op.params[2].tmpref.buffer = out;
	op.params[2].tmpref.size = n;
	TEEC_Result r = TEEC_InvokeCommand(s, TA_SOCKET_CMD_ECHO, &op, &origin);
	check(what,
	      r == TEEC_SUCCESS && op.params[2].tmpref.size == n && !memcmp(in, out, n) &&
		  op.params[3].value.a == 0,
	      "0x%x origin %u, %zu of %zu bytes back, error() 0x%x", r, origin,
	      op.params[2].tmpref.size, n, op.params[3].value.a);
}

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session s, s2;
	TEEC_UUID uuid = TA_SOCKET_UUID;
	uint32_t v[2], w[2];
	pthread_t t;
	static int tcp_fd, udp_fd, quiet_fd;
	client_name = "ta-socket";

	tcp_fd = bound(SOCK_STREAM, ECHO_PORT);
	udp_fd = bound(SOCK_DGRAM, ECHO_PORT);
	quiet_fd = bound(SOCK_STREAM, QUIET_PORT); /* connections wait in its backlog, silent */
	pthread_create(&t, NULL, tcp_echo, &tcp_fd);
	pthread_create(&t, NULL, udp_echo, &udp_fd);
	if (quiet_fd < 0)
		return 1;

	open_ta(&ctx, &s, &uuid);
	echo(&s, "tcp_echo", 0, 3000);
	echo(&s, "udp_echo", 1, 1000);

	TEEC_Result r = call(&s, TA_SOCKET_CMD_TIMEOUT, QUIET_PORT, 0, v);
	check("recv_timeout", r == TEEC_SUCCESS && v[0] == TEE_ISOCKET_ERROR_TIMEOUT,
	      "0x%x recv 0x%x", r, v[0]);
	check("udp_ioctl_changeport", r == TEEC_SUCCESS && v[1] == TEEC_SUCCESS, "0x%x ioctl 0x%x",
	      r, v[1]);

	/* A second instance of the TA (a session of its own) with the first one's handle. */
	r = call(&s, TA_SOCKET_CMD_KEEP, QUIET_PORT, 0, v);
	check("keep_socket", r == TEEC_SUCCESS && v[0], "0x%x handle 0x%x", r, v[0]);
	uint32_t origin;
	TEEC_Result r2 = TEEC_OpenSession(&ctx, &s2, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (r2 == TEEC_SUCCESS) {
		r2 = call(&s2, TA_SOCKET_CMD_ATTACK, v[0], 0, w);
		check("foreign_handle_refused",
		      r2 == TEEC_SUCCESS && w[0] == TEEC_ERROR_BAD_PARAMETERS, "0x%x send 0x%x", r2,
		      w[0]);
		r2 = call(&s2, TA_SOCKET_CMD_ATTACK, 0x12345, 0, w);
		check("made_up_handle_refused",
		      r2 == TEEC_SUCCESS && w[0] == TEEC_ERROR_BAD_PARAMETERS, "0x%x send 0x%x", r2,
		      w[0]);
		TEEC_CloseSession(&s2);
	} else {
		check("second_instance", 0, "0x%x", r2);
	}
	/* The handle still works in its own instance after that (same call, own handle). */
	r = call(&s, TA_SOCKET_CMD_ATTACK, v[0], 0, w);
	check("own_handle_works", r == TEEC_SUCCESS && w[0] == TEEC_SUCCESS, "0x%x send 0x%x", r,
	      w[0]);
	r = call(&s, TA_SOCKET_CMD_ATTACK, 0, 2, w);
	check("address_without_nul", r == TEEC_SUCCESS && w[0] == TEE_ISOCKET_ERROR_HOSTNAME,
	      "0x%x open 0x%x", r, w[0]);
	r = call(&s, TA_SOCKET_CMD_ATTACK, 0, 1, w);
	check("buffer_outside_ta_kills_it", r == TEEC_ERROR_TARGET_DEAD, "0x%x", r);
	return finish(&ctx, &s);
}
