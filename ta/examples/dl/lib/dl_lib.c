/* The dl example's link-time library: code, a constructor, TLS, a call back into the TA. */
#include <dl_example_lib.h>
#include <tee_internal_api.h>

extern volatile int dl_example_global; /* the TA's */
int dl_example_ta_mul(int a, int b);   /* the TA's */

__thread int dl_lib_tls = 7;

static void __attribute__((constructor)) dl_lib_init(void)
{
	dl_example_global = dl_example_global * 10 + 2;
}

int dl_lib_add(int a, int b)
{
	return a + b;
}

int dl_lib_call_ta(int a, int b)
{
	return dl_example_ta_mul(a, b);
}

/* an address inside the library's own code (the TA's &dl_lib_add is its PLT entry) */
static int dl_lib_local(void)
{
	return 1;
}

const void *dl_lib_code(void)
{
	return (const void *)dl_lib_local;
}
