/*
 * libFuzzer harness: the configuration compiler (tools/configc) on any text
 * as a platform.cfg: parse, check against the platform and, when it passes,
 * generate config.c, config.mk, the device trees and the preload table (into
 * a null stream). Paths in it are looked up relative to a directory that
 * does not exist, so no file of the host is read.
 */
#include <stdlib.h>
#include <string.h>
#include "configc.h"

static struct cfg cfg;
static FILE *null_out;
static char text[1 << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!null_out)
		null_out = fopen("/dev/null", "w");
	if (size >= sizeof(text))
		size = sizeof(text) - 1;
	memcpy(text, data, size);
	text[size] = 0;
	memset(&cfg, 0, sizeof(cfg));
	cfg.known_images = "client hyptest hypattack hypsram";
	if (cfg_parse_text(&cfg, "/nonexistent-fuzz-dir/platform.cfg", text, null_out) ||
	    cfg_check(&cfg))
		return 0;
	cfg_gen_config_c(&cfg, null_out);
	cfg_gen_config_mk(&cfg, null_out);
	if (cfg.hypervisor)
		for (uint32_t i = 0; i < cfg.vm_count; i++)
			cfg_gen_dts(&cfg, (int)i, null_out);
	else
		cfg_gen_dts(&cfg, -1, null_out);
	cfg_gen_preload(&cfg, null_out);
	return 0;
}
