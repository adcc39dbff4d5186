/*
 * configc: the partition configuration compiler (host tool).
 *
 * Reads one configs/<name>/platform.cfg (format: docs/configuration.md),
 * checks it against the platform (include/tzvisor/platform.h) and writes what
 * the build needs: config.c (struct platform_config), config.mk (Make
 * variables) and a device-tree source per VM (or normal.dts without a
 * hypervisor). Every error is one line "FILE:LINE: message".
 */
#ifndef CONFIGC_H
#define CONFIGC_H

#include <stdint.h>
#include <stdio.h>
#include <tzvisor/config.h>

#define CFG_STR_MAX 256
#define CFG_MAX_CORES 64

struct cfg_range {
	uint64_t base;
	uint64_t size;
	int line; /* 0: not given */
};

struct cfg_str {
	char s[CFG_STR_MAX];
	int line; /* 0: not given */
};

struct cfg_vm {
	uint32_t id;
	int line; /* of the [vm N] header */
	uint32_t cores[CFG_MAX_CORES];
	uint32_t core_count;
	int cores_line;
	struct cfg_range ram;
	uint64_t tee_memory;
	int tee_memory_line;
	uint64_t entry;
	int entry_line;
	struct cfg_str console;
	struct cfg_str image;
	struct cfg_str kernel;
	struct cfg_str initrd;
	struct cfg_str bootargs;
	/*
	 * A Linux guest (kernel given, with a hypervisor), laid out by cfg_check:
	 * QEMU preloads the kernel and initramfs into the hypervisor's RAM (the
	 * pristine copies, *_stage); the hypervisor copies the kernel to the entry
	 * and the initramfs to initrd_load in the VM's RAM.
	 */
	char kernel_path[2 * CFG_STR_MAX]; /* the files as found */
	char initrd_path[2 * CFG_STR_MAX];
	uint64_t kernel_size; /* file size */
	uint64_t kernel_span; /* image_size of its header: memory it needs from its load address */
	uint64_t initrd_size;
	uint64_t kernel_stage;
	uint64_t initrd_stage;
	uint64_t initrd_load;
	int laid_out;
};

struct cfg {
	const char *file; /* as given; used in messages and for relative paths */
	FILE *err;        /* where messages go */
	int errors;
	/* Names of the images the build links itself (e.g. "client hyptest"); NULL: not checked. */
	const char *known_images;

	int platform_line;
	struct cfg_str name;
	uint32_t cpus;
	int cpus_line;
	int hypervisor;
	int hypervisor_line;
	struct cfg_range hypervisor_ram;
	struct cfg_range dram;
	int test_hooks;
	int test_hooks_line;

	uint32_t vm_count;
	struct cfg_vm vms[CONFIG_MAX_VMS];
};

/* Prints "FILE:LINE: message" to cfg->err and counts it. */
void cfg_error(struct cfg *cfg, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Parses text (NUL-terminated) as the contents of file. Returns the number of errors. */
int cfg_parse_text(struct cfg *cfg, const char *file, const char *text, FILE *err);
/* Reads and parses file. Returns the number of errors (an unreadable file is one). */
int cfg_parse_file(struct cfg *cfg, const char *file, FILE *err);

/* Checks a parsed configuration against the platform. Returns the number of errors. */
int cfg_check(struct cfg *cfg);

/* Number parsing: 0x hex or decimal, optional K/M/G suffix (binary). 0 on success. */
int cfg_parse_number(const char *s, uint64_t *out);

/*
 * The file a path in the configuration names: relative paths are tried against the
 * configuration's directory, then as given. 0 if it exists (path holds it), else -1.
 */
int cfg_file_path(const struct cfg *cfg, const char *file, char *path, size_t size);

/* Where a VM's image (or Linux kernel) is loaded and entered. */
uint64_t cfg_vm_entry(const struct cfg_vm *vm);
/* Number of VMs that boot a Linux kernel preloaded by QEMU. */
uint32_t cfg_linux_vms(const struct cfg *cfg);

/* Stage-2 table pages the TEE-visor allocates for this VM's TEE instance. */
uint32_t cfg_instance_table_pages(const struct cfg_vm *vm, uint64_t data_pa);
/* Table pages of the TEE-visor's own stage-1 map. */
uint32_t cfg_tvisor_table_pages(void);

/* Generators; each writes one file's contents. vm < 0: normal.dts (no hypervisor). */
void cfg_gen_config_c(const struct cfg *cfg, FILE *out);
void cfg_gen_config_mk(const struct cfg *cfg, FILE *out);
void cfg_gen_dts(const struct cfg *cfg, int vm, FILE *out);
/* The monitor's table of the images QEMU preloads (struct preload_image, monitor/monitor.h). */
void cfg_gen_preload(const struct cfg *cfg, FILE *out);
/* Writes config.c, config.mk and the .dts files into outdir. 0 on success. */
int cfg_gen(const struct cfg *cfg, const char *outdir, FILE *err);

#endif
