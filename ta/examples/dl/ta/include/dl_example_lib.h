/* What the dl example's link-time library (ta/examples/dl/lib) exports. */
#ifndef DL_EXAMPLE_LIB_H
#define DL_EXAMPLE_LIB_H

extern __thread int dl_lib_tls;
int dl_lib_add(int a, int b);
int dl_lib_call_ta(int a, int b);
/* an address in the library's code */
const void *dl_lib_code(void);

#endif
