/* The dl example's plugin, opened with dlopen: a constructor and two functions for dlsym. */
#include <tee_internal_api.h>

extern volatile int dl_example_global; /* the TA's */

int plugin_mul(int a, int b);
void plugin_panic(void);

static void __attribute__((constructor)) dl_plugin_init(void)
{
	dl_example_global = dl_example_global * 10 + 3;
}

int plugin_mul(int a, int b)
{
	return a * b;
}

void plugin_panic(void)
{
	TEE_Panic(0x504c);
}
