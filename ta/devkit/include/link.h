/*
 * dl_iterate_phdr for TAs, with the fields of struct dl_phdr_info OP-TEE's
 * link.h has. A tzvisor TA is one static executable whose program headers are
 * not mapped: the callback sees one object, the TA, with no headers (no
 * shared TA libraries: ta/README.md). tzvisor dev kit.
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
