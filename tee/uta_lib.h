/* Shared TA libraries (tee/uta_lib.c): syscall TZV_TA_SYS_MAP_LIB of include/tzvisor/ta_abi.h. */
#ifndef TEE_UTA_LIB_H
#define TEE_UTA_LIB_H

#include <stdint.h>

struct uta;
struct uta_seg;
struct uta_image;

/* From tee/uta.c: map / unmap one segment of u at EL0 (RX, R or RW-never-X). */
int uta_map_seg(struct uta *u, const struct uta_seg *s);
void uta_unmap_seg(struct uta *u, const struct uta_seg *s);
/* From tee/uta.c: u's image, to which a library's segments are appended. */
struct uta_image *uta_image_rw(struct uta *u);

/*
 * MAP_LIB for the running TA u: uuid_va the library's UUID octets, base_va where
 * its load bias goes. A bad pointer ends the TA (no return).
 */
uint32_t uta_lib_map(struct uta *u, uint64_t uuid_va, uint64_t base_va);

#endif
