/*
 * A C function between the C++ code that throws and the one that catches: the
 * exception unwinds through this frame (the dev kit gives C files of a C++ TA
 * unwind tables).
 */
#include <stdint.h>

void cxx_throw_value(uint32_t value);
uint32_t cxx_call_through_c(uint32_t value);

uint32_t cxx_call_through_c(uint32_t value)
{
	volatile uint32_t keep = value; /* a frame of its own, not a tail call */
	cxx_throw_value(keep);
	return keep + 1; /* not reached: cxx_throw_value always throws */
}
