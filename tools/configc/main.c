/*
 * configc: checks a partition configuration and generates what the build needs.
 *
 *   configc [--images "NAME ..."] check FILE
 *   configc [--images "NAME ..."] gen FILE OUTDIR
 *
 * --images lists the guest images the build links itself; an image key naming
 * anything else (and not a path to a file) is refused. Errors go to stderr as
 * "FILE:LINE: message"; the exit status is 1 if there were any.
 */
#include "configc.h"
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: configc [--images \"NAME ...\"] check FILE\n"
			"       configc [--images \"NAME ...\"] gen FILE OUTDIR\n");
	return 2;
}

int main(int argc, char **argv)
{
	static struct cfg cfg;
	int i = 1;
	if (i + 1 < argc && !strcmp(argv[i], "--images")) {
		cfg.known_images = argv[i + 1];
		i += 2;
	}
	if (i >= argc)
		return usage();
	const char *cmd = argv[i];
	int gen = !strcmp(cmd, "gen");
	if ((!gen && strcmp(cmd, "check")) || argc != i + (gen ? 3 : 2))
		return usage();
	if (cfg_parse_file(&cfg, argv[i + 1], stderr) || cfg_check(&cfg))
		return 1;
	if (gen && cfg_gen(&cfg, argv[i + 2], stderr))
		return 1;
	return 0;
}
