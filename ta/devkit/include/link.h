/*
 * dl_iterate_phdr for TAs, with the fields of struct dl_phdr_info OP-TEE's
 * link.h has. The callback sees the TA first (dlpi_addr 0, name "", its PT_LOAD
 * segments, PT_TLS, PT_DYNAMIC, and PT_GNU_EH_FRAME when the TA keeps
 * .eh_frame_hdr between the symbols __ta_eh_frame_hdr_start/_end), then each
 * shared TA library in load order (dlpi_addr its load bias, dlpi_name its UUID,
 * its own mapped program headers). As OP-TEE's, every object is passed whatever
 * the callback returns; the result is the last callback's. tzvisor dev kit.
 */
#ifndef TZV_LINK_H
#define TZV_LINK_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

struct dl_phdr_info {
	Elf64_Addr dlpi_addr;
	const char *dlpi_name;
	const Elf64_Phdr *dlpi_phdr;
	Elf64_Half dlpi_phnum;
	unsigned long long dlpi_adds;
	unsigned long long dlpi_subs;
	size_t dlpi_tls_modid;
	void *dlpi_tls_data;
};

int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size, void *data),
		    void *data);

#endif
