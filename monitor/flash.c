/*
 * Programming flash bank 0 (QEMU virt's CFI pflash, Intel/Sharp command set,
 * two 16-bit devices side by side: commands go to both halves of a 32-bit
 * word) and the rollback counters kept there (counter_store.c).
 *
 * While the flash is in a command or status mode a read returns status, also
 * an instruction fetch: the monitor runs from SRAM (entry.S), and before the
 * first command it waits until every present core has left its flash loop.
 * One lock serialises all flash commands; the flash is back in read-array
 * mode whenever the lock is free.
 */
#include "counter_store.h"
#include "monitor.h"
#include <lib/print.h>
#include <tzvisor/config.h>
#include <tzvisor/platform.h>
#include <lib/sysreg.h>
#include <tzvisor/secure_abi.h>
#include <mbedtls/sha256.h>

#define CMD(c) ((uint32_t)(c)*0x00010001u)
#define CMD_PROGRAM 0x40
#define CMD_ERASE 0x20
#define CMD_ERASE_CONFIRM 0xd0
#define CMD_CLEAR_STATUS 0x50
#define CMD_READ_ARRAY 0xff
#define STATUS_READY 0x80u
#define STATUS_ERRORS 0x3au /* erase, program, VPP, block locked */
#define STATUS_POLLS (1u << 20)
#define CHECKIN_POLLS (1u << 24)

static uint32_t flash_lock;
static struct counter_store counters;
static int cores_checked;

static volatile uint32_t *flash_word(uint32_t off)
{
	return (volatile uint32_t *)(PLAT_FLASH0_BASE + off);
}

/*
 * Every present core checked in from SRAM (they do so right after the boot copy). A
 * core that never does may still run from flash: then nothing is ever programmed
 * (a bounded wait, so the caller gets an error rather than a hang).
 */
static int wait_cores_off_flash(void)
{
	if (cores_checked)
		return 0;
	for (uint32_t core = 0; core < present_cores && core < PLAT_MAX_CPUS; core++) {
		uint32_t polls = 0;
		while (!__atomic_load_n(&monitor_core_in_sram[core], __ATOMIC_ACQUIRE))
			if (++polls == CHECKIN_POLLS) {
				printf("monitor: core %u never left flash: flash not written\n",
				       core);
				return -1;
			}
	}
	cores_checked = 1;
	return 0;
}

/* Status of the operation just started at w, then back to read-array mode. */
static int finish(volatile uint32_t *w)
{
	uint32_t status = 0;
	for (uint32_t i = 0; i < STATUS_POLLS; i++) {
		status = *w;
		if (status & STATUS_READY)
			break;
	}
	*w = CMD(CMD_CLEAR_STATUS);
	*w = CMD(CMD_READ_ARRAY);
	dsb(sy);
	return (status & STATUS_READY) && !(status & STATUS_ERRORS) ? 0 : -1;
}

static uint32_t pflash_read(void *ctx, uint32_t off)
{
	(void)ctx;
	return *flash_word(off);
}

static int pflash_program(void *ctx, uint32_t off, uint32_t value)
{
	(void)ctx;
	if (wait_cores_off_flash())
		return -1;
	volatile uint32_t *w = flash_word(off);
	*w = CMD(CMD_PROGRAM);
	*w = value;
	return finish(w);
}

static int pflash_erase(void *ctx, uint32_t off)
{
	(void)ctx;
	if (wait_cores_off_flash())
		return -1;
	volatile uint32_t *w = flash_word(off);
	*w = CMD(CMD_ERASE);
	*w = CMD(CMD_ERASE_CONFIRM);
	return finish(w);
}

static const struct flash_dev pflash = {pflash_read, pflash_program, pflash_erase, 0};

static void lock(void)
{
	while (__atomic_exchange_n(&flash_lock, 1, __ATOMIC_ACQUIRE))
		;
}

static void unlock(void)
{
	__atomic_store_n(&flash_lock, 0, __ATOMIC_RELEASE);
}

void rollback_counters_load(void)
{
	counter_store_open(&counters, &pflash, PLAT_COUNTER_BLOCK_A, PLAT_COUNTER_BLOCK_B,
			   PLAT_FLASH0_BLOCK);
	if (counters.active < 0)
		printf("monitor: rollback counters: none in secure flash yet\n");
	else
		printf("monitor: rollback counters loaded from secure flash (generation %u, "
		       "%u VMs)\n",
		       counters.seq, counters.count);
}

/*
 * The counter id of a VM's TA version counter: the top bit set (VM ids are small), the VM
 * in the next three bits, 28 bits of SHA-256 of the TA's UUID. Two TAs of one VM that share
 * the 28 bits share a counter: a version of one then also bounds the other (a refusal, never
 * an acceptance of an older version).
 */
static uint32_t ta_version_counter_id(uint32_t vm_id, uint64_t uuid_lo, uint64_t uuid_hi)
{
	uint64_t uuid[2] = { uuid_lo, uuid_hi };
	uint8_t digest[32];
	mbedtls_sha256_ret((const uint8_t *)uuid, sizeof(uuid), digest, 0);
	uint32_t h = (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 |
		     (uint32_t)digest[2] << 8 | digest[3];
	return 0x80000000u | ((vm_id - 1) & 7u) << 28 | (h & 0x0fffffffu);
}

/*
 * TZV_TVISOR_ROLLBACK_COUNTER: x1 = VM id (from the TEE-visor's instance
 * table), x2 = operation, x3 = new value for ADVANCE, x4 = which counter
 * (TZV_COUNTER_STORAGE, or TZV_COUNTER_TA_VERSION with the TA's UUID in x5/x6).
 */
void rollback_counter_call(uint64_t x[])
{
	uint32_t vm_id = (uint32_t)x[1];
	uint64_t op = x[2], value = x[3];
	int known_vm = 0;
	for (uint32_t i = 0; i < platform_config.vm_count; i++)
		known_vm |= platform_config.vms[i].vm_id == vm_id;
	if (!known_vm || x[1] >> 32 || vm_id < 1 || vm_id > 8 ||
	    (op != TZV_COUNTER_READ && op != TZV_COUNTER_ADVANCE) ||
	    (x[4] != TZV_COUNTER_STORAGE && x[4] != TZV_COUNTER_TA_VERSION)) {
		x[0] = TZV_COUNTER_BAD_ARGS;
		x[1] = 0;
		return;
	}
	uint32_t id = x[4] == TZV_COUNTER_STORAGE ? vm_id : ta_version_counter_id(vm_id, x[5], x[6]);
	lock();
	int r = COUNTER_OK;
	if (op == TZV_COUNTER_ADVANCE)
		r = counter_store_advance(&counters, id, value);
	uint64_t now = counter_store_get(&counters, id);
	unlock();
	if (r == COUNTER_LOWER)
		x[0] = TZV_COUNTER_REFUSED;
	else if (r != COUNTER_OK) {
		printf("monitor: rollback counter of VM %u: flash write failed\n", vm_id);
		x[0] = TZV_COUNTER_FAILED;
	} else
		x[0] = TZV_COUNTER_OK;
	x[1] = now;
}
