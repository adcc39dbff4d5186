/* configc: what a parsed configuration must satisfy on QEMU virt with tzvisor's memory map. */
#define _POSIX_C_SOURCE 200809L
#include "configc.h"
#include <lib/pgtable.h>
#include <string.h>
#include <sys/stat.h>
#include <tzvisor/hyp_abi.h>
#include <tzvisor/platform.h>

#define ALIGN_2M 0x200000ul
#define PRELOAD_ALIGN 0x10000ul /* preloaded images in the hypervisor's RAM */
#define VM_DTB_SPACE 0x200000ul /* the hypervisor puts a VM's device tree 2 MiB below its RAM's end */
#define TEE_DATA_SIZE_MIN 0x40000ul /* as tvisor/instance.c requires */

/* ---- stage-2 table pages, counted with the firmware's own lib/pgtable.c ---- */

static uint64_t pages[TVISOR_TABLE_PAGES][512] __attribute__((aligned(4096)));
static uint32_t pages_used;

static uint64_t *count_alloc(void)
{
	if (pages_used == TVISOR_TABLE_PAGES)
		return 0;
	memset(pages[pages_used], 0, sizeof(pages[0]));
	return pages[pages_used++];
}

/* As tvisor/mmu.c maps them. */
uint32_t cfg_tvisor_table_pages(void)
{
	pages_used = 0;
	struct pgtable pt = { count_alloc(), count_alloc };
	pgtable_map(&pt, PLAT_GICD_BASE, PLAT_GICD_BASE, 0x01000000, S1_ATTR_DEVICE);
	pgtable_map(&pt, PLAT_UART0_BASE, PLAT_UART0_BASE, PAGE_SIZE, S1_ATTR_DEVICE);
	pgtable_map(&pt, SRAM_BASE, SRAM_BASE, SRAM_SIZE, S1_ATTR_NORMAL);
	pgtable_map(&pt, PLAT_DRAM_BASE, PLAT_DRAM_BASE, PLAT_DRAM_SIZE_MAX, S1_ATTR_NORMAL);
	return pages_used;
}

/* As tvisor/instance.c maps them: a secure and a non-secure stage-2 per instance. */
uint32_t cfg_instance_table_pages(const struct cfg_vm *vm, uint64_t data_pa)
{
	uint32_t total = 0;
	pages_used = 0;
	struct pgtable secure = { count_alloc(), count_alloc };
	pgtable_map(&secure, TEE_CODE_IPA, TEE_CODE_BASE, TEE_CODE_SIZE, S2_AP_RO);
	pgtable_map(&secure, TEE_DATA_IPA, data_pa, vm->tee_memory, S2_AP_RW);
	total += pages_used;
	pages_used = 0;
	struct pgtable normal = { count_alloc(), count_alloc };
	pgtable_map(&normal, vm->ram.base, vm->ram.base, vm->ram.size, S2_AP_RW);
	return total + pages_used;
}

/* ---- checks ---- */

static int overlaps(const struct cfg_range *a, const struct cfg_range *b)
{
	return a->base < b->base + b->size && b->base < a->base + a->size;
}

static uint64_t last(const struct cfg_range *r)
{
	return r->base + r->size - 1;
}

static int ram_valid(const struct cfg *cfg, const struct cfg_range *r)
{
	return r->size && !((r->base | r->size) & (ALIGN_2M - 1)) && r->base + r->size > r->base &&
	       r->base >= cfg->dram.base && r->base + r->size <= cfg->dram.base + cfg->dram.size;
}

/* A RAM range: non-empty, 2 MiB aligned, inside DRAM. 0 if it is. */
static int check_ram(struct cfg *cfg, const struct cfg_range *r, const char *what)
{
	if (!r->size) {
		cfg_error(cfg, r->line, "%s is empty", what);
		return -1;
	}
	if ((r->base | r->size) & (ALIGN_2M - 1)) {
		cfg_error(cfg, r->line, "%s 0x%lx + 0x%lx is not 2 MiB aligned", what,
			  (unsigned long)r->base, (unsigned long)r->size);
		return -1;
	}
	if (r->base + r->size < r->base || r->base < cfg->dram.base ||
	    r->base + r->size > cfg->dram.base + cfg->dram.size) {
		cfg_error(cfg, r->line, "%s 0x%lx-0x%lx is outside DRAM 0x%lx-0x%lx", what,
			  (unsigned long)r->base, (unsigned long)last(r),
			  (unsigned long)cfg->dram.base, (unsigned long)last(&cfg->dram));
		return -1;
	}
	return 0;
}

int cfg_file_path(const struct cfg *cfg, const char *file, char *path, size_t size)
{
	struct stat st;
	if (file[0] != '/') {
		/* Relative to the configuration file's directory first. */
		const char *slash = strrchr(cfg->file, '/');
		if (slash) {
			snprintf(path, size, "%.*s/%s", (int)(slash - cfg->file), cfg->file, file);
			if (!stat(path, &st) && S_ISREG(st.st_mode))
				return 0;
		}
	}
	snprintf(path, size, "%s", file);
	return !stat(path, &st) && S_ISREG(st.st_mode) ? 0 : -1;
}

/* Built images are plain names the Makefile knows; anything with a '/' is a file. */
static int image_exists(const struct cfg *cfg, const char *image)
{
	if (!strchr(image, '/')) {
		if (!cfg->known_images)
			return 1;
		size_t n = strlen(image);
		for (const char *k = cfg->known_images; (k = strstr(k, image)); k += n)
			if ((k == cfg->known_images || k[-1] == ' ') && (k[n] == ' ' || !k[n]))
				return 1;
		return 0;
	}
	char path[2 * CFG_STR_MAX];
	return !cfg_file_path(cfg, image, path, sizeof(path));
}

static void check_file(struct cfg *cfg, const struct cfg_str *s, const char *what, int vm)
{
	if (!s->line)
		return;
	if (!s->s[0])
		cfg_error(cfg, s->line, "'%s' of VM %d is empty", what, vm);
	else if (strpbrk(s->s, " \t:$"))
		cfg_error(cfg, s->line, "%s '%s' of VM %d: spaces, ':' and '$' cannot be passed to "
			  "make", what, s->s, vm);
	else if (!image_exists(cfg, s->s)) {
		if (!strchr(s->s, '/'))
			cfg_error(cfg, s->line, "%s '%s' of VM %d: no such image (the build makes: %s)",
				  what, s->s, vm, cfg->known_images);
		else
			cfg_error(cfg, s->line, "%s '%s' of VM %d: no such file", what, s->s, vm);
	}
}

static void check_platform(struct cfg *cfg)
{
	if (cfg->cpus < 1 || cfg->cpus > PLAT_MAX_CPUS)
		cfg_error(cfg, cfg->cpus_line, "cpus = %u: QEMU virt here has 1 to %d", cfg->cpus,
			  PLAT_MAX_CPUS);
	const struct cfg_range *d = &cfg->dram;
	if (d->base != PLAT_DRAM_BASE || !d->size || d->size > PLAT_DRAM_SIZE_MAX ||
	    (d->size & (ALIGN_2M - 1)))
		cfg_error(cfg, d->line, "dram must start at 0x%lx with a size that is a multiple of "
			  "2 MiB and at most 0x%lx", PLAT_DRAM_BASE, PLAT_DRAM_SIZE_MAX);
	if (cfg->hypervisor && !cfg->hypervisor_ram.line)
		cfg_error(cfg, cfg->hypervisor_line, "hypervisor = yes needs 'hypervisor_ram'");
	if (!cfg->hypervisor && cfg->hypervisor_ram.line)
		cfg_error(cfg, cfg->hypervisor_ram.line, "'hypervisor_ram' needs hypervisor = yes");
	if (cfg->hypervisor && cfg->hypervisor_ram.line)
		check_ram(cfg, &cfg->hypervisor_ram, "hypervisor_ram");
}

static void check_vm(struct cfg *cfg, uint32_t i)
{
	const struct cfg_vm *vm = &cfg->vms[i];
	if (!check_ram(cfg, &vm->ram, "RAM")) {
		if (cfg->hypervisor && cfg->hypervisor_ram.size &&
		    overlaps(&vm->ram, &cfg->hypervisor_ram))
			cfg_error(cfg, vm->ram.line, "RAM of VM %u overlaps the hypervisor's RAM "
				  "0x%lx-0x%lx (line %d)", vm->id,
				  (unsigned long)cfg->hypervisor_ram.base,
				  (unsigned long)last(&cfg->hypervisor_ram), cfg->hypervisor_ram.line);
		for (uint32_t j = 0; j < i; j++)
			if (overlaps(&vm->ram, &cfg->vms[j].ram))
				cfg_error(cfg, vm->ram.line, "RAM of VM %u overlaps the RAM of VM %u "
					  "(line %d)", vm->id, cfg->vms[j].id, cfg->vms[j].ram.line);
	}
	for (uint32_t c = 0; c < vm->core_count; c++) {
		uint32_t core = vm->cores[c];
		if (core >= cfg->cpus) {
			cfg_error(cfg, vm->cores_line, "core %u is not present (cpus = %u)", core,
				  cfg->cpus);
			continue;
		}
		/* Without a hypervisor one normal-world image acts for every VM: cores are shared. */
		for (uint32_t j = 0; cfg->hypervisor && j < i; j++)
			for (uint32_t k = 0; k < cfg->vms[j].core_count; k++)
				if (cfg->vms[j].cores[k] == core)
					cfg_error(cfg, vm->cores_line, "core %u given twice (VM %u has "
						  "it, line %d)", core, cfg->vms[j].id,
						  cfg->vms[j].cores_line);
	}
	if (vm->entry_line && (vm->entry < vm->ram.base || vm->entry - vm->ram.base >= vm->ram.size ||
			       (vm->entry & 3)))
		cfg_error(cfg, vm->entry_line, "entry 0x%lx is not a word in the RAM of VM %u",
			  (unsigned long)vm->entry, vm->id);
	else if (vm->entry_line && vm->kernel.line && (vm->entry & (ALIGN_2M - 1)))
		cfg_error(cfg, vm->entry_line, "entry 0x%lx of VM %u: a Linux kernel needs a 2 MiB "
			  "aligned address", (unsigned long)vm->entry, vm->id);

	const struct cfg_str *hyp_only[] = { &vm->console, &vm->image, &vm->kernel, &vm->initrd,
					     &vm->bootargs };
	const char *names[] = { "console", "image", "kernel", "initrd", "bootargs" };
	if (!cfg->hypervisor) {
		for (unsigned k = 0; k < 5; k++)
			if (hyp_only[k]->line)
				cfg_error(cfg, hyp_only[k]->line, "'%s' needs hypervisor = yes "
					  "(without one the normal world is the test client)",
					  names[k]);
		if (vm->entry_line)
			cfg_error(cfg, vm->entry_line, "'entry' needs hypervisor = yes (without one "
				  "the normal world is the test client)");
		return;
	}
	if (vm->image.line && vm->kernel.line)
		cfg_error(cfg, vm->kernel.line, "VM %u has both 'image' and 'kernel' (it runs one of "
			  "them)", vm->id);
	else if (!vm->image.line && !vm->kernel.line)
		cfg_error(cfg, vm->line, "[vm %u] has no 'image'", vm->id);
	if (vm->initrd.line && !vm->kernel.line)
		cfg_error(cfg, vm->initrd.line, "'initrd' of VM %u needs 'kernel'", vm->id);
	check_file(cfg, &vm->image, "image", (int)vm->id);
	check_file(cfg, &vm->kernel, "kernel", (int)vm->id);
	check_file(cfg, &vm->initrd, "initrd", (int)vm->id);
}

uint64_t cfg_vm_entry(const struct cfg_vm *vm)
{
	if (vm->entry_line)
		return vm->entry;
	return vm->kernel.line ? vm->ram.base + ALIGN_2M : vm->ram.base;
}

uint32_t cfg_linux_vms(const struct cfg *cfg)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < cfg->vm_count; i++)
		n += cfg->vms[i].laid_out;
	return n;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Size of a file; -1 if it cannot be read. */
static int64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) || !S_ISREG(st.st_mode) ? -1 : (int64_t)st.st_size;
}

/*
 * A Linux guest: the kernel is entered at the VM's entry (2 MiB aligned, as the
 * arm64 boot protocol asks with text_offset 0) and needs image_size bytes there;
 * the initramfs goes to the next 2 MiB boundary after that; both must end below
 * the device tree 2 MiB under the end of the VM's RAM. QEMU preloads both into
 * the hypervisor's RAM from HYP_PRELOAD_OFFSET, one VM after the other.
 */
static void layout_linux(struct cfg *cfg)
{
	uint64_t stage = cfg->hypervisor_ram.base + HYP_PRELOAD_OFFSET;
	uint64_t hyp_end = cfg->hypervisor_ram.base + cfg->hypervisor_ram.size;
	for (uint32_t i = 0; i < cfg->vm_count; i++) {
		struct cfg_vm *vm = &cfg->vms[i];
		if (!vm->kernel.line)
			continue;
		if (cfg_file_path(cfg, vm->kernel.s, vm->kernel_path, sizeof(vm->kernel_path)))
			return; /* reported by check_vm */
		unsigned char h[64];
		FILE *f = fopen(vm->kernel_path, "rb");
		size_t n = f ? fread(h, 1, sizeof(h), f) : 0;
		if (f)
			fclose(f);
		int64_t ksize = file_size(vm->kernel_path);
		if (n != sizeof(h) || memcmp(h + 56, "ARM\x64", 4) || ksize < 0) {
			cfg_error(cfg, vm->kernel.line, "kernel '%s' of VM %u is not an arm64 Image "
				  "(no \"ARM\\x64\" magic)", vm->kernel.s, vm->id);
			return;
		}
		if (le64(h + 8)) {
			cfg_error(cfg, vm->kernel.line, "kernel '%s' of VM %u: text_offset 0x%lx, only 0 "
				  "is supported", vm->kernel.s, vm->id, (unsigned long)le64(h + 8));
			return;
		}
		vm->kernel_size = (uint64_t)ksize;
		vm->kernel_span = le64(h + 16) > vm->kernel_size ? le64(h + 16) : vm->kernel_size;
		uint64_t entry = cfg_vm_entry(vm);
		uint64_t end = entry + vm->kernel_span;
		vm->initrd_size = 0;
		if (vm->initrd.line) {
			int64_t isize;
			if (cfg_file_path(cfg, vm->initrd.s, vm->initrd_path, sizeof(vm->initrd_path)) ||
			    (isize = file_size(vm->initrd_path)) <= 0) {
				cfg_error(cfg, vm->initrd.line, "initrd '%s' of VM %u: no such file or "
					  "empty", vm->initrd.s, vm->id);
				return;
			}
			vm->initrd_size = (uint64_t)isize;
			vm->initrd_load = align_up(end, ALIGN_2M);
			end = vm->initrd_load + vm->initrd_size;
		}
		uint64_t limit = vm->ram.base + vm->ram.size - VM_DTB_SPACE;
		if (end > limit) {
			cfg_error(cfg, vm->kernel.line, "the kernel%s of VM %u would end at 0x%lx, past "
				  "0x%lx (the device tree's place 2 MiB below the end of its RAM)",
				  vm->initrd.line ? " and initramfs" : "", vm->id, (unsigned long)end,
				  (unsigned long)limit);
			return;
		}
		vm->kernel_stage = stage;
		stage = align_up(stage + vm->kernel_size, PRELOAD_ALIGN);
		vm->initrd_stage = stage;
		stage = align_up(stage + vm->initrd_size, PRELOAD_ALIGN);
		if (stage > hyp_end) {
			cfg_error(cfg, cfg->hypervisor_ram.line, "the kernel and initramfs of VM %u do "
				  "not fit the hypervisor's RAM: their pristine copies would end at "
				  "0x%lx, past 0x%lx", vm->id, (unsigned long)stage,
				  (unsigned long)hyp_end);
			return;
		}
		vm->laid_out = 1;
	}
}

/* Instances' private data one after the other from TEE_INSTANCES_BASE, in file order. */
static void check_secure_memory(struct cfg *cfg)
{
	uint64_t next = TEE_INSTANCES_BASE;
	uint32_t tables = cfg_tvisor_table_pages();
	for (uint32_t i = 0; i < cfg->vm_count; i++) {
		const struct cfg_vm *vm = &cfg->vms[i];
		uint64_t size = vm->tee_memory;
		int line = vm->tee_memory_line;
		if (size < TEE_DATA_SIZE_MIN || size > TEE_DATA_SIZE_MAX) {
			cfg_error(cfg, line, "tee_memory 0x%lx of VM %u: must be 256K to %luK",
				  (unsigned long)size, vm->id, TEE_DATA_SIZE_MAX >> 10);
			return;
		}
		if (size & (PAGE_SIZE - 1)) {
			cfg_error(cfg, line, "tee_memory 0x%lx of VM %u is not a multiple of 4K",
				  (unsigned long)size, vm->id);
			return;
		}
		if (next + size > SRAM_BASE + SRAM_SIZE) {
			cfg_error(cfg, line, "TEE instance of VM %u does not fit secure SRAM: its "
				  "tee_memory would end at 0x%lx, past 0x%lx (%u instances from "
				  "0x%lx)", vm->id, (unsigned long)(next + size),
				  SRAM_BASE + SRAM_SIZE, i + 1, TEE_INSTANCES_BASE);
			return;
		}
		if (!ram_valid(cfg, &vm->ram))
			return; /* reported by check_vm */
		tables += cfg_instance_table_pages(vm, next);
		if (tables > TVISOR_TABLE_PAGES) {
			cfg_error(cfg, vm->line, "TEE instance of VM %u: the TEE-visor's stage-2 "
				  "tables would need %u pages, it has %u", vm->id, tables,
				  (unsigned)TVISOR_TABLE_PAGES);
			return;
		}
		next += size;
	}
}

int cfg_check(struct cfg *cfg)
{
	int before = cfg->errors;
	check_platform(cfg);
	for (uint32_t i = 0; i < cfg->vm_count; i++)
		check_vm(cfg, i);
	check_secure_memory(cfg);
	if (cfg->hypervisor && cfg->errors == before)
		layout_linux(cfg);
	return cfg->errors - before;
}
