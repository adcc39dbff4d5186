/*
 * TEE_GetPropertyAs*: gpd.ta.* from the TA's head and property table,
 * gpd.client.* from the current entry's client, gpd.tee.* from the kernel
 * (GET_PROPERTY syscall). Values convert as GlobalPlatform allows: anything to
 * a string, "true"/"false" to bool, decimal or 0x-hex strings to u32.
 */
#include <tee_internal_api.h>
#include <user_ta_header.h>
#include "utee.h"

#define VALUE_MAX 256
/* Types of a TA's own table beyond the kernel's (OP-TEE's USER_TA_PROP_TYPE_* values) */
#define PROP_TYPE_BINARY_BLOCK 5 /* str holds its Base64 text */
#define PROP_TYPE_U64 6

struct prop {
	uint32_t type; /* TZV_TA_PROP_TYPE_*, PROP_TYPE_* */
	uint32_t u32;  /* BOOL, U32 */
	uint64_t u64;  /* U64 */
	TEE_UUID uuid;
	TEE_Identity id;
	char str[VALUE_MAX];
};

static size_t slen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static bool same(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static void set_str(struct prop *p, const char *s)
{
	size_t n = slen(s);
	if (n >= VALUE_MAX)
		n = VALUE_MAX - 1;
	TEE_MemMove(p->str, s, n);
	p->str[n] = '\0';
	p->type = TZV_TA_PROP_TYPE_STRING;
}

static TEE_UUID head_uuid(void)
{
	TEE_UUID u;
	u.timeLow = ta_head.uuid.time_low;
	u.timeMid = ta_head.uuid.time_mid;
	u.timeHiAndVersion = ta_head.uuid.time_hi_and_version;
	TEE_MemMove(u.clockSeqAndNode, ta_head.uuid.clock_seq_and_node, 8);
	return u;
}

static TEE_Result from_table(const char *name, struct prop *p)
{
	for (size_t i = 0; i < ta_num_props; i++) {
		const struct user_ta_property *t = &ta_props[i];
		if (!same(t->name, name))
			continue;
		switch (t->type) {
		case USER_TA_PROP_TYPE_BOOL:
			p->type = TZV_TA_PROP_TYPE_BOOL;
			p->u32 = *(const bool *)t->value;
			return TEE_SUCCESS;
		case USER_TA_PROP_TYPE_U32:
			p->type = TZV_TA_PROP_TYPE_U32;
			p->u32 = *(const uint32_t *)t->value;
			return TEE_SUCCESS;
		case USER_TA_PROP_TYPE_UUID:
			p->type = TZV_TA_PROP_TYPE_UUID;
			p->uuid = *(const TEE_UUID *)t->value;
			return TEE_SUCCESS;
		case USER_TA_PROP_TYPE_IDENTITY:
			p->type = TZV_TA_PROP_TYPE_IDENTITY;
			p->id = *(const TEE_Identity *)t->value;
			return TEE_SUCCESS;
		case USER_TA_PROP_TYPE_STRING:
			set_str(p, t->value);
			return TEE_SUCCESS;
		case USER_TA_PROP_TYPE_BINARY_BLOCK:
			set_str(p, t->value);
			p->type = PROP_TYPE_BINARY_BLOCK;
			return TEE_SUCCESS;
		case USER_TA_PROP_TYPE_U64:
			p->type = PROP_TYPE_U64;
			p->u64 = *(const uint64_t *)t->value;
			return TEE_SUCCESS;
		default:
			return TEE_ERROR_BAD_FORMAT;
		}
	}
	return TEE_ERROR_ITEM_NOT_FOUND;
}

static TEE_Result current_ta(const char *name, struct prop *p)
{
	static const struct {
		const char *name;
		uint32_t flag;
	} flags[] = {
		{ "gpd.ta.singleInstance", TZV_TA_FLAG_SINGLE_INSTANCE },
		{ "gpd.ta.multiSession", TZV_TA_FLAG_MULTI_SESSION },
		{ "gpd.ta.instanceKeepAlive", TZV_TA_FLAG_INSTANCE_KEEP_ALIVE },
	};
	if (same(name, "gpd.ta.appID")) {
		p->type = TZV_TA_PROP_TYPE_UUID;
		p->uuid = head_uuid();
		return TEE_SUCCESS;
	}
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (same(name, flags[i].name)) {
			p->type = TZV_TA_PROP_TYPE_BOOL;
			p->u32 = (ta_head.flags & flags[i].flag) != 0;
			return TEE_SUCCESS;
		}
	}
	if (same(name, "gpd.ta.dataSize") || same(name, "gpd.ta.stackSize") ||
	    same(name, "gpd.ta.endian")) {
		p->type = TZV_TA_PROP_TYPE_U32;
		p->u32 = name[7] == 'd' ? ta_head.data_size : name[7] == 's' ? ta_head.stack_size : 0;
		return TEE_SUCCESS;
	}
	TEE_Result res = from_table(name, p);
	if (res == TEE_ERROR_ITEM_NOT_FOUND && same(name, "gpd.ta.version")) {
		set_str(p, "0.0");
		res = TEE_SUCCESS;
	}
	return res;
}

static TEE_Result current_client(const char *name, struct prop *p)
{
	if (same(name, "gpd.client.identity")) {
		p->type = TZV_TA_PROP_TYPE_IDENTITY;
		p->id = tzv_current_client;
		return TEE_SUCCESS;
	}
	if (same(name, "gpd.client.endian")) {
		p->type = TZV_TA_PROP_TYPE_U32;
		p->u32 = 0;
		return TEE_SUCCESS;
	}
	return TEE_ERROR_ITEM_NOT_FOUND;
}

static TEE_Result tee_impl(const char *name, struct prop *p)
{
	union {
		uint32_t u32;
		TEE_UUID uuid;
		char str[VALUE_MAX];
	} v;
	uint64_t len = sizeof(v);
	uint32_t type = 0;
	TEE_Result res = tzv_sys_get_property(name, slen(name), &v, &len, &type);
	if (res != TEE_SUCCESS)
		return res == TEE_ERROR_SHORT_BUFFER ? TEE_ERROR_BAD_FORMAT : res;
	switch (type) {
	case TZV_TA_PROP_TYPE_BOOL:
	case TZV_TA_PROP_TYPE_U32:
		if (len != 4)
			return TEE_ERROR_BAD_FORMAT;
		p->u32 = v.u32;
		break;
	case TZV_TA_PROP_TYPE_UUID:
		if (len != sizeof(TEE_UUID))
			return TEE_ERROR_BAD_FORMAT;
		p->uuid = v.uuid;
		break;
	case TZV_TA_PROP_TYPE_STRING:
		if (len == 0 || len > sizeof(v) || v.str[len - 1] != '\0')
			return TEE_ERROR_BAD_FORMAT;
		set_str(p, v.str);
		break;
	default:
		return TEE_ERROR_BAD_FORMAT;
	}
	p->type = type;
	return TEE_SUCCESS;
}

static TEE_Result lookup(TEE_PropSetHandle set, const char *name, struct prop *p)
{
	if (!name)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	if (set == TEE_PROPSET_CURRENT_TA)
		return current_ta(name, p);
	if (set == TEE_PROPSET_CURRENT_CLIENT)
		return current_client(name, p);
	if (set == TEE_PROPSET_TEE_IMPLEMENTATION)
		return tee_impl(name, p);
	/* Property enumerators are not implemented: no other handle is valid. */
	TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

/*
 * Property enumerators: a handle names one of the three sets and a position in
 * the list of its property names (the TA's own: the fixed gpd.ta.* and its
 * table; the client's two; the TEE's, as the kernel answers them).
 */
#define ENUMERATORS 16
struct prop_enum {
	bool used;
	bool started;
	TEE_PropSetHandle set;
	size_t index;
};
/* A handle is the address of a slot: anything else panics without being dereferenced. */
static struct prop_enum enums[ENUMERATORS];

static const char *const ta_fixed_names[] = {
    "gpd.ta.appID",    "gpd.ta.singleInstance", "gpd.ta.multiSession", "gpd.ta.instanceKeepAlive",
    "gpd.ta.dataSize", "gpd.ta.stackSize",	"gpd.ta.endian",
};
static const char *const client_names[] = {"gpd.client.identity", "gpd.client.endian"};
static const char *const tee_names[] = {
    "gpd.tee.apiversion",
    "gpd.tee.internalCore.version",
    "gpd.tee.description",
    "gpd.tee.deviceID",
    "gpd.tee.systemTime.protectionLevel",
    "gpd.tee.TAPersistentTime.protectionLevel",
    "gpd.tee.arith.maxBigIntSize",
    "gpd.tee.cryptography.ecc",
    "gpd.tee.cryptography.nist",
    "gpd.tee.cryptography.bsi-r",
    "gpd.tee.cryptography.bsi-t",
    "gpd.tee.cryptography.ietf",
    "gpd.tee.cryptography.octa",
    "gpd.tee.trustedStorage.antiRollback.protectionLevel",
    "gpd.tee.trustedStorage.rollbackDetection.protectionLevel",
    "gpd.tee.trustedos.implementation.version",
    "gpd.tee.trustedos.implementation.binaryversion",
    "gpd.tee.trustedos.manufacturer",
    "gpd.tee.firmware.implementation.version",
    "gpd.tee.firmware.implementation.binaryversion",
    "gpd.tee.firmware.manufacturer",
    "org.trustedfirmware.optee.cpu.feat_pauth_implemented",
};
#define NAMES(a) (sizeof(a) / sizeof((a)[0]))

/* The name at position i of set, or NULL past its end. */
static const char *enum_name(TEE_PropSetHandle set, size_t i)
{
	if (set == TEE_PROPSET_CURRENT_TA) {
		if (i < NAMES(ta_fixed_names))
			return ta_fixed_names[i];
		i -= NAMES(ta_fixed_names);
		return i < ta_num_props ? ta_props[i].name : NULL;
	}
	if (set == TEE_PROPSET_CURRENT_CLIENT)
		return i < NAMES(client_names) ? client_names[i] : NULL;
	return i < NAMES(tee_names) ? tee_names[i] : NULL;
}

static struct prop_enum *enum_of(TEE_PropSetHandle h)
{
	for (unsigned i = 0; i < ENUMERATORS; i++)
		if ((TEE_PropSetHandle)&enums[i] == h && enums[i].used)
			return &enums[i];
	TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

static bool is_pseudo(TEE_PropSetHandle set)
{
	return set == TEE_PROPSET_CURRENT_TA || set == TEE_PROPSET_CURRENT_CLIENT ||
	       set == TEE_PROPSET_TEE_IMPLEMENTATION;
}

/* The property an enumerator stands at (GP: name is then ignored). */
static TEE_Result resolve(TEE_PropSetHandle *set, const char **name)
{
	if (is_pseudo(*set))
		return TEE_SUCCESS;
	struct prop_enum *e = enum_of(*set);
	const char *n = e->started ? enum_name(e->set, e->index) : NULL;
	if (!n)
		return TEE_ERROR_ITEM_NOT_FOUND;
	*set = e->set;
	*name = n;
	return TEE_SUCCESS;
}

static TEE_Result find(TEE_PropSetHandle set, const char *name, struct prop *p)
{
	TEE_Result res = resolve(&set, &name);
	if (res != TEE_SUCCESS)
		return res;
	return lookup(set, name, p);
}

TEE_Result TEE_AllocatePropertyEnumerator(TEE_PropSetHandle *enumerator)
{
	if (!enumerator)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	for (unsigned i = 0; i < ENUMERATORS; i++) {
		if (!enums[i].used) {
			enums[i] = (struct prop_enum){.used = true};
			*enumerator = (TEE_PropSetHandle)&enums[i];
			return TEE_SUCCESS;
		}
	}
	*enumerator = TEE_HANDLE_NULL;
	return TEE_ERROR_OUT_OF_MEMORY;
}

void TEE_FreePropertyEnumerator(TEE_PropSetHandle enumerator)
{
	if (enumerator == TEE_HANDLE_NULL)
		return;
	struct prop_enum *e = enum_of(enumerator);
	e->used = false;
}

void TEE_StartPropertyEnumerator(TEE_PropSetHandle enumerator, TEE_PropSetHandle propSet)
{
	struct prop_enum *e = enum_of(enumerator);
	if (!is_pseudo(propSet))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	e->set = propSet;
	e->index = 0;
	e->started = true;
}

void TEE_ResetPropertyEnumerator(TEE_PropSetHandle enumerator)
{
	struct prop_enum *e = enum_of(enumerator);
	e->started = false;
	e->index = 0;
}

TEE_Result TEE_GetPropertyName(TEE_PropSetHandle enumerator, void *nameBuffer,
			       size_t *nameBufferLen)
{
	struct prop_enum *e = enum_of(enumerator);
	if (!nameBufferLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	const char *n = e->started ? enum_name(e->set, e->index) : NULL;
	if (!n)
		return TEE_ERROR_ITEM_NOT_FOUND;
	size_t need = slen(n) + 1;
	if (!nameBuffer || *nameBufferLen < need) {
		*nameBufferLen = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_MemMove(nameBuffer, n, need);
	*nameBufferLen = need;
	return TEE_SUCCESS;
}

TEE_Result TEE_GetNextProperty(TEE_PropSetHandle enumerator)
{
	struct prop_enum *e = enum_of(enumerator);
	if (!e->started || !enum_name(e->set, e->index))
		return TEE_ERROR_ITEM_NOT_FOUND;
	e->index++;
	return enum_name(e->set, e->index) ? TEE_SUCCESS : TEE_ERROR_ITEM_NOT_FOUND;
}

static int uuid_str(char *buf, size_t size, const TEE_UUID *u)
{
	char tmp[40];
	int n = 0;
	static const char hex[] = "0123456789abcdef";
	uint8_t o[16];
	o[0] = (uint8_t)(u->timeLow >> 24);
	o[1] = (uint8_t)(u->timeLow >> 16);
	o[2] = (uint8_t)(u->timeLow >> 8);
	o[3] = (uint8_t)u->timeLow;
	o[4] = (uint8_t)(u->timeMid >> 8);
	o[5] = (uint8_t)u->timeMid;
	o[6] = (uint8_t)(u->timeHiAndVersion >> 8);
	o[7] = (uint8_t)u->timeHiAndVersion;
	TEE_MemMove(o + 8, u->clockSeqAndNode, 8);
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			tmp[n++] = '-';
		tmp[n++] = hex[o[i] >> 4];
		tmp[n++] = hex[o[i] & 15];
	}
	tmp[n] = '\0';
	return tzv_vsnprintf_s(buf, size, tmp);
}

TEE_Result TEE_GetPropertyAsString(TEE_PropSetHandle propsetOrEnumerator, const char *name,
				   char *valueBuffer, size_t *valueBufferLen)
{
	static struct prop p;
	char text[VALUE_MAX + 16];
	int n;
	if (!valueBufferLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Result res = find(propsetOrEnumerator, name, &p);
	if (res != TEE_SUCCESS)
		return res;
	switch (p.type) {
	case TZV_TA_PROP_TYPE_BOOL:
		n = tzv_vsnprintf_s(text, sizeof(text), p.u32 ? "true" : "false");
		break;
	case TZV_TA_PROP_TYPE_U32:
		n = tzv_snprintf(text, sizeof(text), "%u", (unsigned)p.u32);
		break;
	case PROP_TYPE_U64:
		n = tzv_snprintf(text, sizeof(text), "%llu", (unsigned long long)p.u64);
		break;
	case TZV_TA_PROP_TYPE_UUID:
		n = uuid_str(text, sizeof(text), &p.uuid);
		break;
	case TZV_TA_PROP_TYPE_IDENTITY:
		n = tzv_snprintf(text, sizeof(text), "%u:", (unsigned)p.id.login);
		n += uuid_str(text + n, sizeof(text) - (size_t)n, &p.id.uuid);
		break;
	default:
		n = tzv_vsnprintf_s(text, sizeof(text), p.str);
		break;
	}
	size_t need = (size_t)n + 1;
	if (!valueBuffer || *valueBufferLen < need) {
		*valueBufferLen = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_MemMove(valueBuffer, text, need);
	*valueBufferLen = need;
	return TEE_SUCCESS;
}

/*
 * The typed getters' common start: a NULL output pointer panics (GP), then the
 * lookup into one buffer, static because a TA's stack is small and a TA runs
 * one call at a time.
 */
static struct prop found;
static TEE_Result find_value(TEE_PropSetHandle set, const char *name, const void *value)
{
	if (!value)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return find(set, name, &found);
}

TEE_Result TEE_GetPropertyAsBool(TEE_PropSetHandle propsetOrEnumerator, const char *name,
				 bool *value)
{
	TEE_Result res = find_value(propsetOrEnumerator, name, value);
	if (res != TEE_SUCCESS)
		return res;
	const struct prop *p = &found;
	if (p->type == TZV_TA_PROP_TYPE_BOOL) {
		*value = p->u32 != 0;
		return TEE_SUCCESS;
	}
	if (p->type == TZV_TA_PROP_TYPE_STRING && (same(p->str, "true") || same(p->str, "false"))) {
		*value = p->str[0] == 't';
		return TEE_SUCCESS;
	}
	return TEE_ERROR_BAD_FORMAT;
}

/* A decimal or 0x-hex string of a number up to max (the u32 and u64 getters). */
static bool parse_number(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return false;
		if (v > (max - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

TEE_Result TEE_GetPropertyAsU32(TEE_PropSetHandle propsetOrEnumerator, const char *name,
				uint32_t *value)
{
	TEE_Result res = find_value(propsetOrEnumerator, name, value);
	if (res != TEE_SUCCESS)
		return res;
	const struct prop *p = &found;
	if (p->type == TZV_TA_PROP_TYPE_U32) {
		*value = p->u32;
		return TEE_SUCCESS;
	}
	uint64_t v;
	if (p->type == TZV_TA_PROP_TYPE_STRING && parse_number(p->str, UINT32_MAX, &v)) {
		*value = (uint32_t)v;
		return TEE_SUCCESS;
	}
	return TEE_ERROR_BAD_FORMAT;
}

TEE_Result TEE_GetPropertyAsUUID(TEE_PropSetHandle propsetOrEnumerator, const char *name,
				 TEE_UUID *value)
{
	TEE_Result res = find_value(propsetOrEnumerator, name, value);
	if (res != TEE_SUCCESS)
		return res;
	const struct prop *p = &found;
	if (p->type != TZV_TA_PROP_TYPE_UUID)
		return TEE_ERROR_BAD_FORMAT;
	*value = p->uuid;
	return TEE_SUCCESS;
}

TEE_Result TEE_GetPropertyAsIdentity(TEE_PropSetHandle propsetOrEnumerator, const char *name,
				     TEE_Identity *value)
{
	TEE_Result res = find_value(propsetOrEnumerator, name, value);
	if (res != TEE_SUCCESS)
		return res;
	const struct prop *p = &found;
	if (p->type != TZV_TA_PROP_TYPE_IDENTITY)
		return TEE_ERROR_BAD_FORMAT;
	*value = p->id;
	return TEE_SUCCESS;
}

/* u64: a u32 property or a decimal / 0x-hex string up to 2^64 - 1. */
TEE_Result TEE_GetPropertyAsU64(TEE_PropSetHandle propsetOrEnumerator, const char *name,
				uint64_t *value)
{
	TEE_Result res = find_value(propsetOrEnumerator, name, value);
	if (res != TEE_SUCCESS)
		return res;
	const struct prop *p = &found;
	if (p->type == TZV_TA_PROP_TYPE_U32) {
		*value = p->u32;
		return TEE_SUCCESS;
	}
	if (p->type == PROP_TYPE_U64) {
		*value = p->u64;
		return TEE_SUCCESS;
	}
	if (p->type != TZV_TA_PROP_TYPE_STRING || !parse_number(p->str, UINT64_MAX, value))
		return TEE_ERROR_BAD_FORMAT;
	return TEE_SUCCESS;
}

/*
 * Binary blocks: a property holding Base64 text (GP's encoding), decoded up
 * to the first '='; characters outside the alphabet are skipped, as OP-TEE's
 * decoder does.
 */
static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

TEE_Result TEE_GetPropertyAsBinaryBlock(TEE_PropSetHandle propsetOrEnumerator, const char *name,
					void *valueBuffer, size_t *valueBufferLen)
{
	static struct prop p;
	static uint8_t out[VALUE_MAX];
	if (!valueBufferLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Result res = find(propsetOrEnumerator, name, &p);
	if (res != TEE_SUCCESS)
		return res;
	if (p.type != TZV_TA_PROP_TYPE_STRING && p.type != PROP_TYPE_BINARY_BLOCK)
		return TEE_ERROR_BAD_FORMAT;
	size_t n = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (const char *s = p.str; *s && *s != '='; s++) {
		int v = b64_value(*s);
		if (v < 0)
			continue;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	if (!valueBuffer || *valueBufferLen < n) {
		*valueBufferLen = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_MemMove(valueBuffer, out, n);
	*valueBufferLen = n;
	return TEE_SUCCESS;
}
