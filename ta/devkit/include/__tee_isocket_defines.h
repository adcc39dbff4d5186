/*
 * GlobalPlatform TEE Sockets API: the version and the error codes of the
 * iSocket interface (values of the specification, as OP-TEE has them). The
 * sockets API itself is not offered by tzvisor; these let normal-world code
 * such as xtest name the codes. tzvisor dev kit.
 */
#ifndef TZV___TEE_ISOCKET_DEFINES_H
#define TZV___TEE_ISOCKET_DEFINES_H

#define TEE_ISOCKET_VERSION 0x01000000
#define TEE_ISOCKET_ERROR_PROTOCOL 0xF1007001
#define TEE_ISOCKET_ERROR_REMOTE_CLOSED 0xF1007002
#define TEE_ISOCKET_ERROR_TIMEOUT 0xF1007003
#define TEE_ISOCKET_ERROR_OUT_OF_RESOURCES 0xF1007004
#define TEE_ISOCKET_ERROR_LARGE_BUFFER 0xF1007005
#define TEE_ISOCKET_WARNING_PROTOCOL 0xF1007006
#define TEE_ISOCKET_ERROR_HOSTNAME 0xF1007007

#endif
