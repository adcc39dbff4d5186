/*
 * tasign: the TA signing tool of tzvisor (OpenSSL).
 *   tasign keygen --out KEY.pem                       RSA-2048 development key
 *   tasign sign --key KEY.pem --uuid UUID --in ELF --out UUID.ta
 *               [--ta-version N] [--algo pss|pkcs1]   (default pss, as OP-TEE)
 *   tasign verify --key KEY.pem [--uuid UUID] --in UUID.ta
 *   tasign export --key KEY.pem --out ta_pubkey.c     public key as C arrays
 *   tasign pubkey --key KEY.pem --out PUB.pem         public key as PEM
 * Exit status: 0, or the enum tasign_err code (tasign.h) with a message.
 */
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tzvisor/ta_abi.h>

#include "tasign.h"

static const char *opt(int argc, char **argv, const char *name)
{
	for (int i = 2; i + 1 < argc; i++) {
		if (!strcmp(argv[i], name))
			return argv[i + 1];
	}
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: tasign keygen|sign|verify|export|pubkey [options] (see tools/tasign/main.c)\n");
	return 2;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			uint8_t *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		if (!r)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int write_file(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	int ok = fwrite(buf, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static int fail(int err, const char *what)
{
	fprintf(stderr, "tasign: %s: %s\n", what, tasign_strerror(err));
	return err;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	const char *cmd = argv[1];
	const char *keyp = opt(argc, argv, "--key"), *in = opt(argc, argv, "--in");
	const char *out = opt(argc, argv, "--out"), *uuids = opt(argc, argv, "--uuid");
	uint8_t uuid[16];
	if (uuids && tasign_parse_uuid(uuids, uuid)) {
		fprintf(stderr, "tasign: bad UUID %s\n", uuids);
		return 2;
	}

	if (!strcmp(cmd, "keygen")) {
		if (!out)
			return usage();
		EVP_PKEY *k = tasign_keygen(2048);
		mode_t old = umask(077);
		FILE *f = fopen(out, "w");
		umask(old);
		if (!k || !f || !PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) || fclose(f))
			return fail(TASIGN_ERR_INTERNAL, out);
		EVP_PKEY_free(k);
		return 0;
	}
	if (!keyp)
		return usage();
	EVP_PKEY *key = tasign_load_key(keyp);
	if (!key)
		return fail(TASIGN_ERR_KEY, keyp);

	int err = 0;
	if (!strcmp(cmd, "sign")) {
		if (!in || !out || !uuids)
			return usage();
		const char *a = opt(argc, argv, "--algo"), *v = opt(argc, argv, "--ta-version");
		uint32_t algo = (a && !strcmp(a, "pkcs1")) ? TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256
							   : TZV_SHDR_ALGO_RSA_PSS_SHA256;
		size_t len, olen;
		uint8_t *elf = read_file(in, &len), *signed_ta;
		if (!elf)
			return fail(TASIGN_ERR_INTERNAL, in);
		err = tasign_sign(key, uuid, v ? (uint32_t)strtoul(v, NULL, 0) : 0, algo, elf, len,
				  &signed_ta, &olen);
		if (!err && write_file(out, signed_ta, olen))
			err = TASIGN_ERR_INTERNAL;
		if (!err)
			free(signed_ta);
		free(elf);
		if (err)
			return fail(err, out);
	} else if (!strcmp(cmd, "verify")) {
		if (!in)
			return usage();
		size_t len, elf_len = 0;
		const uint8_t *elf;
		uint8_t *buf = read_file(in, &len);
		if (!buf)
			return fail(TASIGN_ERR_TRUNCATED, in);
		err = tasign_verify(key, uuids ? uuid : NULL, buf, len, &elf, &elf_len);
		free(buf);
		if (err)
			return fail(err, in);
		printf("tasign: %s: OK (ELF %zu bytes)\n", in, elf_len);
	} else if (!strcmp(cmd, "export")) {
		FILE *f = out ? fopen(out, "w") : stdout;
		if (!f)
			return fail(TASIGN_ERR_INTERNAL, out);
		err = tasign_export_c(key, f);
		if (out && fclose(f))
			err = TASIGN_ERR_INTERNAL;
		if (err)
			return fail(err, out ? out : "stdout");
	} else if (!strcmp(cmd, "pubkey")) {
		FILE *f = out ? fopen(out, "w") : NULL;
		if (!f || !PEM_write_PUBKEY(f, key) || fclose(f))
			return fail(TASIGN_ERR_INTERNAL, out ? out : "(no --out)");
	} else {
		return usage();
	}
	EVP_PKEY_free(key);
	return 0;
}
