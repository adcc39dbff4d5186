/*
 * The monitor's TA version counters for host tests (tests/unit/fake_counters.c): a table
 * of ids and values behind tee_ta_version_counter, with failures to inject, and
 * ta_crypto_hash (SHA-256 of a | b, mbedTLS) that names a subkey's counter.
 */
#ifndef TESTS_UNIT_FAKE_COUNTERS_H
#define TESTS_UNIT_FAKE_COUNTERS_H
#include <stdint.h>

/* Forgets every counter and injected failure. */
void fake_counters_reset(void);
/* The value of the counter id (0 when new), to read or set. */
uint64_t *fake_counter(const uint8_t id[16]);
/* The counter of a subkey's version, named as tee/ta_version.c names it. */
uint64_t *fake_subkey_counter(const uint8_t uuid[16]);
/* Not TZV_COUNTER_OK: every call (read_error) or every ADVANCE (advance_error) answers it. */
extern uint64_t fake_counter_read_error, fake_counter_advance_error;
/* ADVANCE calls that changed a counter. */
extern unsigned fake_counter_advances;

#endif
