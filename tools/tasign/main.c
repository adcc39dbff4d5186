/*
 * tasign: the TA signing tool of tzvisor (OpenSSL).
 *   tasign keygen --out KEY.pem                       RSA-2048 development key
 *   tasign sign --key KEY.pem --uuid UUID --in ELF --out UUID.ta
 *               [--ta-version N] [--algo pss|pkcs1]   (default pss, as OP-TEE)
 *               [--subkey CHAIN.bin [--name NAME]]    KEY is that chain's last subkey
 *   tasign sign-subkey --key SIGNER.pem --in SUBKEY.pem --uuid UUID --name-size N --out OUT.bin
 *               [--subkey CHAIN.bin [--name NAME]] [--max-depth N] [--subkey-version N]
 *               [--algo pss|pkcs1]   a subkey link (OP-TEE's sign_encrypt.py sign-subkey);
 *               without --subkey SIGNER is a root key; --max-depth defaults to the one
 *               above minus 1, or 0
 *   tasign subkey-uuid --in CHAIN.bin [--name NAME]   the UUID a TA (or subkey) signed
 *               with the chain's last subkey must have
 *   tasign resign-subkey --key KEY.pem --in CHAIN.bin --out OUT.bin   the chain with its
 *               first link signed again with KEY (another root key), nothing else changed
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
	const char *subkeyp = opt(argc, argv, "--subkey"), *name = opt(argc, argv, "--name");
	if (!strcmp(cmd, "subkey-uuid")) {
		size_t len;
		uint8_t *chain = in ? read_file(in, &len) : NULL, next[16];
		if (!chain)
			return in ? fail(TASIGN_ERR_TRUNCATED, in) : usage();
		int err = tasign_chain_next_uuid(chain, len, name, next);
		free(chain);
		if (err)
			return fail(err, in);
		printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\n",
		       next[0], next[1], next[2], next[3], next[4], next[5], next[6], next[7], next[8],
		       next[9], next[10], next[11], next[12], next[13], next[14], next[15]);
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
		uint8_t *elf = read_file(in, &len), *signed_ta = NULL;
		if (!elf)
			return fail(TASIGN_ERR_INTERNAL, in);
		err = tasign_sign(key, uuid, v ? (uint32_t)strtoul(v, NULL, 0) : 0, algo, elf, len,
				  &signed_ta, &olen);
		free(elf);
		/* signed with a subkey: its chain and the name of this TA's UUID come first */
		uint8_t *chain = NULL, *prefix = NULL;
		size_t clen = 0, plen = 0;
		if (!err && subkeyp) {
			chain = read_file(subkeyp, &clen);
			err = chain ? tasign_chain_prefix(chain, clen, name, &prefix, &plen)
				    : TASIGN_ERR_TRUNCATED;
		}
		FILE *f = err ? NULL : fopen(out, "wb");
		if (!err && (!f || fwrite(prefix, 1, plen, f) != plen ||
			     fwrite(signed_ta, 1, olen, f) != olen))
			err = TASIGN_ERR_INTERNAL;
		if (f && fclose(f))
			err = TASIGN_ERR_INTERNAL;
		free(signed_ta);
		free(chain);
		free(prefix);
		if (err)
			return fail(err, out);
	} else if (!strcmp(cmd, "sign-subkey")) {
		const char *ns = opt(argc, argv, "--name-size"), *md = opt(argc, argv, "--max-depth");
		const char *sv = opt(argc, argv, "--subkey-version"), *a = opt(argc, argv, "--algo");
		if (!in || !out || !uuids || !ns)
			return usage();
		struct tasign_subkey_params p = {
		    .name_size = (uint32_t)strtoul(ns, NULL, 0),
		    .version = sv ? (uint32_t)strtoul(sv, NULL, 0) : 0,
		    .algo = (a && !strcmp(a, "pkcs1")) ? TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256
						       : TZV_SHDR_ALGO_RSA_PSS_SHA256};
		memcpy(p.uuid, uuid, 16);
		EVP_PKEY *pub = tasign_load_key(in);
		size_t clen = 0, olen;
		uint8_t *chain = subkeyp ? read_file(subkeyp, &clen) : NULL, *link;
		if (!pub || (subkeyp && !chain))
			return fail(pub ? TASIGN_ERR_TRUNCATED : TASIGN_ERR_KEY, pub ? subkeyp : in);
		uint32_t above_ns, above_depth = 1;
		uint8_t above_uuid[16];
		if (chain && (err = tasign_chain_last(chain, clen, &above_ns, &above_depth, above_uuid)))
			return fail(err, subkeyp);
		if (md)
			p.max_depth = (uint32_t)strtoul(md, NULL, 0);
		else if (chain && !above_depth)
			return fail(TASIGN_ERR_SIZES, "the subkey above has max-depth 0");
		else
			p.max_depth = chain ? above_depth - 1 : 0;
		err = tasign_sign_subkey(key, pub, &p, chain, clen, name, &link, &olen);
		if (!err && write_file(out, link, olen))
			err = TASIGN_ERR_INTERNAL;
		if (!err)
			free(link);
		free(chain);
		EVP_PKEY_free(pub);
		if (err)
			return fail(err, out);
	} else if (!strcmp(cmd, "resign-subkey")) {
		size_t len, olen;
		uint8_t *chain = in ? read_file(in, &len) : NULL, *re;
		if (!chain || !out)
			return in && out ? fail(TASIGN_ERR_TRUNCATED, in) : usage();
		err = tasign_resign_root(key, chain, len, &re, &olen);
		free(chain);
		if (!err && write_file(out, re, olen))
			err = TASIGN_ERR_INTERNAL;
		if (!err)
			free(re);
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
