/* Syscalls 40..63 of user TAs (tee/uta_sys.c): OP-TEE extensions and the rest of GP. */
#ifndef TEE_UTA_SYS_H
#define TEE_UTA_SYS_H

#include <stdint.h>

/* SUPP_PLUGIN from the running TA: tee-supplicant's plugin RPC. A bad pointer ends the TA. */
uint32_t uta_sys_supp_plugin(uint64_t uuid_va, uint64_t cmd, uint64_t sub_cmd, uint64_t buf_va,
			     uint64_t len, uint64_t outlen_va);
/* TA_TIME of the running TA, whose UUID (RFC 4122 octet order) is uuid. */
uint32_t uta_sys_ta_time(const uint8_t uuid[16], uint64_t op, uint64_t time_va);
/* The TEE instance (re)starts: no TA persistent time is set. */
void uta_sys_reset(void);

/*
 * SOCKET (tee/uta_socket.c) for the TA instance `owner`: op and a[0..4] are x0..x5 of
 * the syscall. A bad pointer ends the TA.
 */
uint32_t uta_sys_socket(const void *owner, uint64_t op, const uint64_t a[5]);
/* owner ends: its sockets close (one CLOSE_ALL RPC when it had any). */
void uta_socket_release(const void *owner);
/* The TEE instance (re)starts: no sockets. */
void uta_socket_reset(void);

#endif
