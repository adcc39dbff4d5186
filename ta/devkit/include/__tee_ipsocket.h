/* GP TEE Sockets API: the IP version of a TCP or UDP socket's setup. tzvisor dev kit. */
#ifndef TZV___TEE_IPSOCKET_H
#define TZV___TEE_IPSOCKET_H

typedef enum TEE_ipSocket_ipVersion_e {
	TEE_IP_VERSION_DC = 0, /* either */
	TEE_IP_VERSION_4 = 1,
	TEE_IP_VERSION_6 = 2
} TEE_ipSocket_ipVersion;

#endif
