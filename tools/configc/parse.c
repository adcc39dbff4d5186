/* configc: reading platform.cfg into struct cfg (syntax only; cfg_check does the rest). */
#define _POSIX_C_SOURCE 200809L
#include "configc.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cfg_error(struct cfg *cfg, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(cfg->err, "%s:%d: ", cfg->file, line);
	vfprintf(cfg->err, fmt, ap);
	fputc('\n', cfg->err);
	va_end(ap);
	cfg->errors++;
}

int cfg_parse_number(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!isxdigit((unsigned char)*s))
		return -1;
	for (; *s; s++) {
		unsigned d;
		if (isdigit((unsigned char)*s))
			d = (unsigned)(*s - '0');
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = (unsigned)(tolower((unsigned char)*s) - 'a' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	unsigned shift = 0;
	switch (*s) {
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	}
	if (shift) {
		s++;
		if (v > (UINT64_MAX >> shift))
			return -1;
		v <<= shift;
	}
	if (*s)
		return -1;
	*out = v;
	return 0;
}

enum key_kind { K_STRING, K_NUMBER, K_BOOL, K_RANGE, K_CORES };

struct key {
	const char *name;
	enum key_kind kind;
};

/* Keys of [platform] and of [vm N], in the order of the handlers below. */
static const struct key platform_keys[] = {
	{ "name", K_STRING },  { "cpus", K_NUMBER },        { "hypervisor", K_BOOL },
	{ "dram", K_RANGE },   { "hypervisor_ram", K_RANGE }, { "test_hooks", K_BOOL },
};
static const struct key vm_keys[] = {
	{ "cores", K_CORES },   { "ram", K_RANGE },     { "tee_memory", K_NUMBER },
	{ "console", K_STRING }, { "image", K_STRING },  { "entry", K_NUMBER },
	{ "kernel", K_STRING },  { "initrd", K_STRING }, { "bootargs", K_STRING },
};
#define PLATFORM_KEYS (sizeof(platform_keys) / sizeof(platform_keys[0]))
#define VM_KEYS (sizeof(vm_keys) / sizeof(vm_keys[0]))

struct parser {
	struct cfg *cfg;
	int line;
	enum { SEC_NONE, SEC_PLATFORM, SEC_VM, SEC_BAD } section;
	struct cfg_vm *vm;
	int seen[VM_KEYS > PLATFORM_KEYS ? VM_KEYS : PLATFORM_KEYS]; /* line of each key */
};

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}

/* Cuts a '#' comment outside double quotes. */
static void strip_comment(char *s)
{
	int quoted = 0;
	for (; *s; s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (*s == '\\' && quoted && s[1])
			s++;
		else if (*s == '#' && !quoted) {
			*s = 0;
			return;
		}
	}
}

static int number(struct parser *p, const char *s, uint64_t *out)
{
	if (cfg_parse_number(s, out)) {
		cfg_error(p->cfg, p->line, "malformed number '%s'", s);
		return -1;
	}
	return 0;
}

static int string(struct parser *p, const char *key, const char *v, struct cfg_str *out)
{
	size_t n = 0;
	if (*v == '"') {
		for (v++; *v && *v != '"'; v++) {
			if (*v == '\\' && (v[1] == '"' || v[1] == '\\'))
				v++;
			if (n + 1 >= sizeof(out->s)) {
				cfg_error(p->cfg, p->line, "'%s' is too long (at most %zu characters)",
					  key, sizeof(out->s) - 1);
				return -1;
			}
			out->s[n++] = *v;
		}
		if (*v != '"' || v[1]) {
			cfg_error(p->cfg, p->line, "malformed string for '%s' (unterminated quote or "
				  "text after it)", key);
			return -1;
		}
	} else {
		if (strlen(v) >= sizeof(out->s)) {
			cfg_error(p->cfg, p->line, "'%s' is too long (at most %zu characters)", key,
				  sizeof(out->s) - 1);
			return -1;
		}
		for (; *v; v++) {
			if (*v == '"') {
				cfg_error(p->cfg, p->line, "malformed string for '%s' (stray quote)",
					  key);
				return -1;
			}
			out->s[n++] = *v;
		}
	}
	out->s[n] = 0;
	out->line = p->line;
	return 0;
}

static int boolean(struct parser *p, const char *key, const char *v, int *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true"))
		*out = 1;
	else if (!strcmp(v, "no") || !strcmp(v, "false"))
		*out = 0;
	else {
		cfg_error(p->cfg, p->line, "'%s' must be yes or no, not '%s'", key, v);
		return -1;
	}
	return 0;
}

/* "BASE + SIZE" */
static int range(struct parser *p, const char *key, char *v, struct cfg_range *out)
{
	char *plus = strchr(v, '+');
	if (!plus) {
		cfg_error(p->cfg, p->line, "'%s' must be BASE + SIZE, not '%s'", key, v);
		return -1;
	}
	*plus = 0;
	if (number(p, trim(v), &out->base) || number(p, trim(plus + 1), &out->size))
		return -1;
	out->line = p->line;
	return 0;
}

/* "0", "0,1", "0-3", "0-1, 3" */
static int cores(struct parser *p, char *v, struct cfg_vm *vm)
{
	vm->core_count = 0;
	for (char *item = strtok(v, ","); item; item = strtok(0, ",")) {
		item = trim(item);
		char *dash = strchr(item, '-');
		uint64_t first, last;
		if (dash) {
			*dash = 0;
			if (number(p, trim(item), &first) || number(p, trim(dash + 1), &last))
				return -1;
		} else if (number(p, item, &first)) {
			return -1;
		} else {
			last = first;
		}
		if (last < first) {
			cfg_error(p->cfg, p->line, "core range %lu-%lu runs backwards",
				  (unsigned long)first, (unsigned long)last);
			return -1;
		}
		for (uint64_t c = first; c <= last; c++) {
			for (uint32_t i = 0; i < vm->core_count; i++)
				if (vm->cores[i] == c) {
					cfg_error(p->cfg, p->line, "core %lu given twice",
						  (unsigned long)c);
					return -1;
				}
			if (vm->core_count == CFG_MAX_CORES || c > UINT32_MAX) {
				cfg_error(p->cfg, p->line, "too many cores (at most %d)",
					  CFG_MAX_CORES);
				return -1;
			}
			vm->cores[vm->core_count++] = (uint32_t)c;
		}
	}
	if (!vm->core_count) {
		cfg_error(p->cfg, p->line, "'cores' lists no core");
		return -1;
	}
	vm->cores_line = p->line;
	return 0;
}

static void platform_key(struct parser *p, unsigned k, char *v)
{
	struct cfg *cfg = p->cfg;
	uint64_t n;
	switch (k) {
	case 0:
		if (string(p, "name", v, &cfg->name))
			return;
		for (const char *c = cfg->name.s; *c; c++)
			if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.') {
				cfg_error(cfg, p->line, "name '%s': only letters, digits, '-', '_' "
					  "and '.'", cfg->name.s);
				return;
			}
		if (!cfg->name.s[0])
			cfg_error(cfg, p->line, "name is empty");
		break;
	case 1:
		if (number(p, v, &n))
			return;
		cfg->cpus = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
		cfg->cpus_line = p->line;
		break;
	case 2:
		if (!boolean(p, "hypervisor", v, &cfg->hypervisor))
			cfg->hypervisor_line = p->line;
		break;
	case 3:
		range(p, "dram", v, &cfg->dram);
		break;
	case 4:
		range(p, "hypervisor_ram", v, &cfg->hypervisor_ram);
		break;
	case 5:
		if (!boolean(p, "test_hooks", v, &cfg->test_hooks))
			cfg->test_hooks_line = p->line;
		break;
	}
}

static void vm_key(struct parser *p, unsigned k, char *v)
{
	struct cfg_vm *vm = p->vm;
	switch (k) {
	case 0:
		cores(p, v, vm);
		break;
	case 1:
		range(p, "ram", v, &vm->ram);
		break;
	case 2:
		if (!number(p, v, &vm->tee_memory))
			vm->tee_memory_line = p->line;
		break;
	case 3:
		string(p, "console", v, &vm->console);
		break;
	case 4:
		string(p, "image", v, &vm->image);
		break;
	case 5:
		if (!number(p, v, &vm->entry))
			vm->entry_line = p->line;
		break;
	case 6:
		string(p, "kernel", v, &vm->kernel);
		break;
	case 7:
		string(p, "initrd", v, &vm->initrd);
		break;
	case 8:
		string(p, "bootargs", v, &vm->bootargs);
		break;
	}
}

static void section_header(struct parser *p, char *s)
{
	struct cfg *cfg = p->cfg;
	size_t n = strlen(s);
	memset(p->seen, 0, sizeof(p->seen));
	p->section = SEC_BAD;
	if (s[n - 1] != ']') {
		cfg_error(cfg, p->line, "malformed section header '%s'", s);
		return;
	}
	s[n - 1] = 0;
	char *name = trim(s + 1);
	if (!strcmp(name, "platform")) {
		if (cfg->platform_line) {
			cfg_error(cfg, p->line, "duplicate section [platform] (first at line %d)",
				  cfg->platform_line);
			return;
		}
		cfg->platform_line = p->line;
		p->section = SEC_PLATFORM;
		return;
	}
	if (strncmp(name, "vm", 2) || !isspace((unsigned char)name[2])) {
		cfg_error(cfg, p->line, "unknown section [%s]", name);
		return;
	}
	uint64_t id;
	if (number(p, trim(name + 2), &id))
		return;
	if (id == 0) {
		cfg_error(cfg, p->line, "VM id 0 is reserved (it is never a guest)");
		return;
	}
	if (id > UINT32_MAX) {
		cfg_error(cfg, p->line, "VM id %lu is too large", (unsigned long)id);
		return;
	}
	for (uint32_t i = 0; i < cfg->vm_count; i++)
		if (cfg->vms[i].id == id) {
			cfg_error(cfg, p->line, "duplicate VM id %lu (first at line %d)",
				  (unsigned long)id, cfg->vms[i].line);
			return;
		}
	if (cfg->vm_count == CONFIG_MAX_VMS) {
		cfg_error(cfg, p->line, "too many VMs (at most %d, CONFIG_MAX_VMS)",
			  CONFIG_MAX_VMS);
		return;
	}
	p->vm = &cfg->vms[cfg->vm_count++];
	p->vm->id = (uint32_t)id;
	p->vm->line = p->line;
	p->section = SEC_VM;
}

static void key_value(struct parser *p, char *s)
{
	struct cfg *cfg = p->cfg;
	char *eq = strchr(s, '=');
	if (!eq) {
		cfg_error(cfg, p->line, "expected 'key = value' or '[section]'");
		return;
	}
	*eq = 0;
	char *key = trim(s);
	char *value = trim(eq + 1);
	if (p->section == SEC_NONE) {
		cfg_error(cfg, p->line, "'%s' outside a section", key);
		return;
	}
	if (p->section == SEC_BAD)
		return; /* the header was refused already */
	const struct key *keys = p->section == SEC_PLATFORM ? platform_keys : vm_keys;
	unsigned count = p->section == SEC_PLATFORM ? PLATFORM_KEYS : VM_KEYS;
	unsigned k;
	for (k = 0; k < count && strcmp(keys[k].name, key); k++)
		;
	if (k == count) {
		if (p->section == SEC_PLATFORM)
			cfg_error(cfg, p->line, "unknown key '%s' in [platform]", key);
		else
			cfg_error(cfg, p->line, "unknown key '%s' in [vm %u]", key, p->vm->id);
		return;
	}
	if (p->seen[k]) {
		cfg_error(cfg, p->line, "duplicate key '%s' (first at line %d)", key, p->seen[k]);
		return;
	}
	p->seen[k] = p->line;
	if (!*value && keys[k].kind != K_STRING) {
		cfg_error(cfg, p->line, "'%s' has no value", key);
		return;
	}
	if (p->section == SEC_PLATFORM)
		platform_key(p, k, value);
	else
		vm_key(p, k, value);
}

/* Keys every configuration must give. */
static void required(struct cfg *cfg)
{
	if (!cfg->platform_line) {
		cfg_error(cfg, 1, "no [platform] section");
		return;
	}
	if (!cfg->name.line)
		cfg_error(cfg, cfg->platform_line, "[platform] has no 'name'");
	if (!cfg->cpus_line)
		cfg_error(cfg, cfg->platform_line, "[platform] has no 'cpus'");
	if (!cfg->dram.line)
		cfg_error(cfg, cfg->platform_line, "[platform] has no 'dram'");
	if (!cfg->vm_count)
		cfg_error(cfg, cfg->platform_line, "no [vm N] section");
	for (uint32_t i = 0; i < cfg->vm_count; i++) {
		const struct cfg_vm *vm = &cfg->vms[i];
		if (!vm->cores_line)
			cfg_error(cfg, vm->line, "[vm %u] has no 'cores'", vm->id);
		if (!vm->ram.line)
			cfg_error(cfg, vm->line, "[vm %u] has no 'ram'", vm->id);
		if (!vm->tee_memory_line)
			cfg_error(cfg, vm->line, "[vm %u] has no 'tee_memory'", vm->id);
	}
}

int cfg_parse_text(struct cfg *cfg, const char *file, const char *text, FILE *err)
{
	const char *known = cfg->known_images;
	memset(cfg, 0, sizeof(*cfg));
	cfg->file = file;
	cfg->err = err;
	cfg->known_images = known;
	struct parser p = { .cfg = cfg, .section = SEC_NONE };
	char buf[1024];
	while (*text) {
		p.line++;
		size_t n = strcspn(text, "\n");
		if (n >= sizeof(buf)) {
			cfg_error(cfg, p.line, "line too long (at most %zu characters)",
				  sizeof(buf) - 1);
			n = sizeof(buf) - 1;
			buf[0] = 0;
		} else {
			memcpy(buf, text, n);
			buf[n] = 0;
		}
		text += strcspn(text, "\n");
		if (*text)
			text++;
		strip_comment(buf);
		char *s = trim(buf);
		if (!*s)
			continue;
		if (*s == '[')
			section_header(&p, s);
		else
			key_value(&p, s);
	}
	if (!cfg->errors)
		required(cfg);
	return cfg->errors;
}

int cfg_parse_file(struct cfg *cfg, const char *file, FILE *err)
{
	FILE *f = fopen(file, "r");
	char *text = 0;
	size_t size = 0;
	FILE *mem = open_memstream(&text, &size);
	int c;
	if (!f || !mem) {
		const char *known = cfg->known_images;
		memset(cfg, 0, sizeof(*cfg));
		cfg->file = file;
		cfg->err = err;
		cfg->known_images = known;
		cfg_error(cfg, 0, "cannot read the file");
		if (f)
			fclose(f);
		if (mem)
			fclose(mem);
		free(text);
		return 1;
	}
	while ((c = fgetc(f)) != EOF) {
		if (c == 0)
			c = ' ';
		fputc(c, mem);
	}
	fclose(f);
	fclose(mem);
	int errors = cfg_parse_text(cfg, file, text, err);
	free(text);
	return errors;
}
