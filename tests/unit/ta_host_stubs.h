/* The fake TEE of ta_host_stubs.c (host tests of libutee). */
#ifndef TA_HOST_STUBS_H
#define TA_HOST_STUBS_H

#include <setjmp.h>
#include <stdint.h>

struct fake_tee {
	jmp_buf panic_jmp;
	int panic_armed;
	unsigned panics;
	uint32_t panic_code;
	char log[300];
	uint32_t waited_ms;
	uint32_t cancel;
	size_t random_bytes;
	uint8_t ok_area[64];
	uint8_t *ok_base;
	unsigned created, destroyed, opened, closed;
	uint32_t last_cmd;
	const void *crypto_owner; /* the TA instance the kernel's crypto sees */
	char killed[80];	  /* why the kernel ended the TA last */
	int ta_trace_level;	  /* the TA's CFG_TEE_TA_LOG_LEVEL; 0: TRACE_LEVEL */
	const uint8_t *ro_base;	  /* TA memory the kernel may read but not write */
	size_t ro_len;
};

extern struct fake_tee fake;

/* Runs stmt; true if it panicked (TEE_Panic -> tzv_sys_panic). */
#define PANICS(stmt)                                  \
	({                                            \
		volatile int p_ = 0;                  \
		fake.panic_armed = 1;                 \
		if (setjmp(fake.panic_jmp) == 0) {    \
			stmt;                         \
			fake.panic_armed = 0;         \
		} else {                              \
			p_ = 1;                       \
		}                                     \
		p_;                                   \
	})

#endif
