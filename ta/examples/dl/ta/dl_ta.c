/*
 * The dl example TA: linked against a shared TA library (DT_NEEDED, loaded by
 * libutee at CREATE), it opens a second one with dlopen by UUID, and reports what
 * dl_iterate_phdr sees. Commands: include/dl_example.h.
 */
#include <dl_example.h>
#include <dl_example_lib.h>
#include <dlfcn.h>
#include <link.h>
#include <pta_attestation.h>
#include <string.h>
#include <tee_internal_api.h>

/* multiplied by 10 plus 1, 2, 3 by the constructors of the TA, the library, the plugin */
volatile int dl_example_global;
int dl_example_ta_mul(int a, int b);

static void __attribute__((constructor)) dl_ta_init(void)
{
	dl_example_global = dl_example_global * 10 + 1;
}

/* called by the library: a symbol of the TA bound at load time */
int dl_example_ta_mul(int a, int b)
{
	return a * b;
}

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t types, TEE_Param params[4], void **ctx)
{
	(void)types;
	(void)params;
	(void)ctx;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *ctx)
{
	(void)ctx;
}

static TEE_Result open_plugin(void **h)
{
	*h = dlopen(DL_PLUGIN_UUID_STR, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE);
	if (!*h)
		EMSG("dlopen(%s): %s", DL_PLUGIN_UUID_STR, dlerror());
	return *h ? TEE_SUCCESS : TEE_ERROR_ITEM_NOT_FOUND;
}

static TEE_Result cmd_dlopen(TEE_Param p[4])
{
	void *h, *global;
	if (open_plugin(&h) != TEE_SUCCESS)
		return TEE_ERROR_ITEM_NOT_FOUND;
	int (*mul)(int, int) = (int (*)(int, int))dlsym(h, "plugin_mul");
	global = dlopen(NULL, RTLD_NOW);
	/* the global scope finds the plugin (RTLD_GLOBAL) and the TA's own symbols */
	void *mul2 = dlsym(global, "plugin_mul");
	void *own = dlsym(global, "dl_example_ta_mul");
	void *none = dlsym(h, "no_such_symbol");
	const char *err = dlerror();
	dlclose(global);
	dlclose(h);
	if (!mul || mul2 != (void *)mul || own != (void *)dl_example_ta_mul || none || !err) {
		EMSG("dlsym: mul %p global %p own %p none %p err %s", (void *)mul, mul2, own, none,
		     err ? err : "(none)");
		return TEE_ERROR_GENERIC;
	}
	p[0].value.a = (uint32_t)mul(6, 7);
	p[0].value.b = (uint32_t)dl_example_global;
	return TEE_SUCCESS;
}

struct phdr_seen {
	unsigned count, checks;
	int last;
};

static bool in_code(const struct dl_phdr_info *info, const void *fn)
{
	uintptr_t a = (uintptr_t)fn;
	for (unsigned i = 0; i < info->dlpi_phnum; i++) {
		const Elf64_Phdr *ph = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && a >= start &&
		    a - start < ph->p_memsz)
			return true;
	}
	return false;
}

static int phdr_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct phdr_seen *s = data;
	void *h;
	s->count++;
	if (size < sizeof(*info))
		return 0;
	IMSG("object %u: '%s' at 0x%lx, %u headers", s->count, info->dlpi_name,
	     (unsigned long)info->dlpi_addr, (unsigned)info->dlpi_phnum);
	if (!info->dlpi_name[0] && in_code(info, (void *)dl_example_ta_mul))
		s->checks |= DL_PHDR_TA;
	if (!strcmp(info->dlpi_name, DL_LIB_UUID_STR) && in_code(info, dl_lib_code()))
		s->checks |= DL_PHDR_LIB;
	if (!strcmp(info->dlpi_name, DL_PLUGIN_UUID_STR) && (h = dlopen(DL_PLUGIN_UUID_STR, 0))) {
		if (in_code(info, dlsym(h, "plugin_mul")))
			s->checks |= DL_PHDR_PLUGIN;
		dlclose(h);
	}
	s->last = 100 + (int)s->count;
	return s->last; /* nonzero: every object is still reported, as on OP-TEE */
}

static TEE_Result cmd_phdr(TEE_Param p[4])
{
	struct phdr_seen s = {0, 0, 0};
	int r = dl_iterate_phdr(phdr_cb, &s);
	if (r == s.last)
		s.checks |= DL_PHDR_RESULT;
	p[0].value.a = s.count;
	p[0].value.b = s.checks;
	return TEE_SUCCESS;
}

static TEE_Result cmd_dlopen_name(TEE_Param p[4])
{
	char name[64];
	if (p[0].memref.size >= sizeof(name))
		return TEE_ERROR_BAD_PARAMETERS;
	memcpy(name, p[0].memref.buffer, p[0].memref.size);
	name[p[0].memref.size] = '\0';
	void *h = dlopen(name, RTLD_NOW);
	if (!h) {
		IMSG("dlopen(\"%s\") refused: %s", name, dlerror());
		return TEE_ERROR_ITEM_NOT_FOUND;
	}
	dlclose(h);
	return TEE_SUCCESS;
}

/* OP-TEE's attestation PTA: the hash of this TA's read-only memory, libraries included */
static TEE_Result cmd_hash(uint32_t types, TEE_Param p[4])
{
	TEE_UUID pta = PTA_ATTESTATION_UUID;
	TEE_TASessionHandle s;
	uint32_t origin;
	TEE_Result r = TEE_OpenTASession(&pta, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
	if (r != TEE_SUCCESS)
		return r;
	r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, PTA_ATTESTATION_HASH_TA_MEMORY, types, p,
				&origin);
	TEE_CloseTASession(s);
	return r;
}

TEE_Result TA_InvokeCommandEntryPoint(void *ctx, uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	const uint32_t value_out = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE);
	void *h;
	(void)ctx;
	switch (cmd) {
	case DL_CMD_INIT_ORDER:
		if (types != value_out)
			return TEE_ERROR_BAD_PARAMETERS;
		p[0].value.a = (uint32_t)dl_example_global;
		p[0].value.b = (uint32_t)dl_lib_tls;
		return TEE_SUCCESS;
	case DL_CMD_CALL_LIB:
		if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_NONE,
					     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		{
			int a = (int)p[0].value.a, b = (int)p[0].value.b;
			p[0].value.a = (uint32_t)dl_lib_add(a, b);
			p[0].value.b = (uint32_t)dl_lib_call_ta(a, b);
		}
		return TEE_SUCCESS;
	case DL_CMD_DLOPEN:
		return types == value_out ? cmd_dlopen(p) : TEE_ERROR_BAD_PARAMETERS;
	case DL_CMD_PHDR:
		return types == value_out ? cmd_phdr(p) : TEE_ERROR_BAD_PARAMETERS;
	case DL_CMD_DLOPEN_NAME:
		if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_NONE,
					     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return cmd_dlopen_name(p);
	case DL_CMD_HASH_TA:
		return cmd_hash(types, p);
	case DL_CMD_PLUGIN_PANIC:
		if (open_plugin(&h) != TEE_SUCCESS)
			return TEE_ERROR_ITEM_NOT_FOUND;
		((void (*)(void))dlsym(h, "plugin_panic"))();
		return TEE_ERROR_GENERIC;
	default:
		TEE_Panic(cmd);
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
