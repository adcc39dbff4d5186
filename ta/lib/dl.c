/*
 * libdl for TAs: there is no dynamic TA loader (TA libraries are static, see
 * ta/README.md), so every library open fails and the only object is the TA.
 */
#include <stddef.h>

void *dlopen(const char *filename, int flags);
void *dlsym(void *handle, const char *symbol);
int dlclose(void *handle);
char *dlerror(void);

void *dlopen(const char *filename, int flags)
{
	(void)filename;
	(void)flags;
	return NULL;
}

void *dlsym(void *handle, const char *symbol)
{
	(void)handle;
	(void)symbol;
	return NULL;
}

int dlclose(void *handle)
{
	(void)handle;
	return -1;
}

char *dlerror(void)
{
	static char msg[] = "dynamic TA libraries are not supported";
	return msg;
}

#include <link.h>

int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size, void *data), void *data)
{
	struct dl_phdr_info ta = {.dlpi_name = "", .dlpi_adds = 1};
	return callback(&ta, sizeof(ta), data);
}
