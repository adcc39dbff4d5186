/*
 * Client of the kat TA (2 KiB stack): GP crypto against known answers, the
 * TA's own key generation and round trips, and the handle attack. Every
 * expected value was computed on the host with OpenSSL 3.0 (the commands are
 * beside each vector; the Python lines use the cryptography package, which
 * runs OpenSSL), not taken from another test suite; the Ed25519 ones are RFC 8032's own
 * (the pure one checked with the cryptography package; OpenSSL 3.0 has no ctx/ph forms),
 * the SM2 key exchange's GM/T 0003.5-2012 annex B.2's own (OpenSSL has no SM2 KEP).
 */
#include "ta-client.h"
#include <kat_ta.h>

static TEEC_Context ctx;
static TEEC_Session sess;

static size_t hex(const char *s, uint8_t *out)
{
	size_t n = 0;
	for (; s[0] && s[1]; s += 2)
		sscanf(s, "%2hhx", &out[n++]);
	return n;
}

static uint8_t key[1024], in[256], out[256], want[256];

/* Runs cmd in session s with the hex inputs; the output lands in out. */
static TEEC_Result call(TEEC_Session *s, uint32_t cmd, uint32_t alg, uint32_t b,
			const char *key_hex, const char *in_hex, TEEC_Operation *op,
			uint32_t *origin)
{
	memset(op, 0, sizeof(*op));
	op->paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_INPUT,
					  TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT);
	op->params[0].value.a = alg;
	op->params[0].value.b = b;
	op->params[1].tmpref.buffer = key;
	op->params[1].tmpref.size = hex(key_hex, key);
	op->params[2].tmpref.buffer = in;
	op->params[2].tmpref.size = hex(in_hex, in);
	op->params[3].tmpref.buffer = out;
	op->params[3].tmpref.size = sizeof(out);
	return TEEC_InvokeCommand(s, cmd, op, origin);
}

/* Runs cmd with the hex inputs; checks the output equals want_hex. */
static void kat(const char *name, uint32_t cmd, uint32_t alg, uint32_t b, const char *key_hex,
		const char *in_hex, const char *want_hex)
{
	TEEC_Operation op;
	uint32_t origin;
	TEEC_Result r = call(&sess, cmd, alg, b, key_hex, in_hex, &op, &origin);
	size_t n = hex(want_hex, want);
	check(name, r == TEEC_SUCCESS && op.params[3].tmpref.size == n && !memcmp(out, want, n),
	      "0x%x origin %u len %zu", r, origin, op.params[3].tmpref.size);
}

/* Runs cmd in a TA instance of its own, which must end there (a GP panic): TARGET_DEAD. */
static void kat_dies(const char *name, const TEEC_UUID *uuid, uint32_t cmd, uint32_t alg,
		     uint32_t b, const char *key_hex, const char *in_hex)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_Result r = TEEC_OpenSession(&ctx, &s, uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (r == TEEC_SUCCESS) {
		r = call(&s, cmd, alg, b, key_hex, in_hex, &op, &origin);
		TEEC_CloseSession(&s);
	}
	check(name, r == TEEC_ERROR_TARGET_DEAD && origin == TEEC_ORIGIN_TEE, "0x%x origin %u", r,
	      origin);
}

/*
 * GM/T 0003.5-2012 annex B.2: user A (initiator) d | x | y | r | x1 | y1, user B (responder)
 * the same, the confirmation values SB (B's) and SA (A's), the 16-byte key K.
 */
#define KEP_A                                                                                      \
	"81eb26e941bb5af16df116495f90695272ae2cd63d6c4ae1678418be48230029"                         \
	"160e12897df4edb61dd812feb96748fbd3ccf4ffe26aa6f6db9540af49c94232"                         \
	"4a7dad08bb9a459531694beb20aa489d6649975e1bfcf8c4741b78b4b223007f"                         \
	"d4de15474db74d06491c440d305e012400990f3e390c7e87153c12db2ea60bb3"                         \
	"64ced1bdbc99d590049b434d0fd73428cf608a5db8fe5ce07f15026940bae40e"                         \
	"376629c7ab21e7db260922499ddb118f07ce8eaae3e7720afef6a5cc062070c0"
#define KEP_B                                                                                      \
	"785129917d45a9ea5437a59356b82338eaadda6ceb199088f14ae10defa229b5"                         \
	"6ae848c57c53c7b1b5fa99eb2286af078ba64c64591b8b566f7357d576f16dfb"                         \
	"ee489d771621a27b36c5c7992062e9cd09a9264386f3fbea54dff69305621c4d"                         \
	"7e07124814b309489125eaed101113164ebf0f3458c5bd88335c1f9d596243d6"                         \
	"acc27688a6f7b706098bc91ff3ad1bff7dc2802cdb14ccccdb0a90471f9bd707"                         \
	"2fedac0494b2ffc4d6853876c79b8f301c6573ad0aa50f39fc87181e1a1b46fe"
#define KEP_SB "d3a0fe15dee185ceae907a6b595cc32a266ed7b3367e9983a896dc32fa20f8eb"
#define KEP_SA "18c7894b3816df16cf07b05c5ec0bef5d655d58f779cc1b400a4f3884644db88"
#define KEP_K "6c89347354de2484c60b4ab1fde4c6e5"

/* What the peer sends of a user above: x | y | x_eph | y_eph (hex, d and r left out). */
static char *kep_peer(const char *user, char *buf)
{
	memcpy(buf, user + 64, 128);
	memcpy(buf + 128, user + 256, 128);
	buf[256] = 0;
	return buf;
}

static TEEC_Result value_call(TEEC_Session *s, uint32_t cmd, uint32_t type, uint32_t *a,
			      uint32_t *origin)
{
	TEEC_Operation op;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(type, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = *a;
	TEEC_Result r = TEEC_InvokeCommand(s, cmd, &op, origin);
	*a = op.params[0].value.a;
	if (type == TEEC_VALUE_OUTPUT && cmd == TA_KAT_CMD_SELFTEST)
		*origin = op.params[0].value.b; /* first failed round trip */
	return r;
}

#define MSG "747a7669736f72206b6e6f776e20616e7377657273" /* "tzvisor known answers" */
#define K16 "000102030405060708090a0b0c0d0e0f"
#define K32 K16 "101112131415161718191a1b1c1d1e1f"
#define P32 "7468697274792d74776f206279746573206f6620706c61696e20746578742121"
#define P44                                                                                        \
	"666f7274792d66697665206279746573206f6620706c61696e207465787420666f7220746865206d6f646573"
#define IV16 "f0e0d0c0b0a090807060504030201000"

#define DSA_KEY \
	"db56318f4391eb15fe412210bbb26c147e9b8c8f5eb8ac15f5ac32ffd321919fd632b2f84a164661a796270f" \
	"45dc711e9d8356227b6fed3940a589928a02e7f55f92cb531790e43b3afca4ea9b9021a83bbe1beaa791e2c8" \
	"bf1bbf4c3d8e3b3a0d269484f5b80d90522077521a8a3dbe510067bfb9cebb4c5d50844b828e9ac957e6121d" \
	"50b4cfbfe057824849434f1c71777b4b536d674bf32d6c22e287fbfd43883136b905149e8af6de313f6918c0" \
	"6a40b90a9961258b048e0efa2dce2db4e4393a7d1b96cb55fc1bc395d6d122bc3cec7134f90d3df78ad6ae14" \
	"fb853d2083af82a8cde31ed5659db984148da4c1f86b1d795bf61f699b108030d99cd899ef0a6234fac5f3df" \
	"e2118cc6f191c5e0d75da02207b93b961b55429e6fcb7ccd4edd510f6af32ec088b68832310a3f8c9e64f6d5" \
	"6316f45a70ecb9b0982ada222c1424dda8d0a05f5cae3219b61138dbeb57758a96402571fa2dc8b5dc8090d6" \
	"108834cf283af6f6aae404dc8b38f409f6679eeebaf0e3d3626bff1eee5ab1f82fb1ce4ab2fc4311fbc2d6a2" \
	"e0e3d808941a87be8dc3f4bd6804a89a0856355adeff44c7db93a93df67f7695ae8fef85ae37ba222c8b9ecf" \
	"8e6a253a05e01dfb6df8631861f0c48ce9107f9a96989a0de06d692f32f2ad072493ca08969185f79a9311bf" \
	"e32776813a39c651cf503ab5cd7561d83290d7a317be23f265dc1c170f73d0faf74d97970db46e8960b8a682" \
	"fffa3fa65008845fecebf200592ee9fd2fc174983d46e78b71fcdf884ed1977d65a1f5dedc35bae2bfd41a51" \
	"20543f941f04e0e510e822a0e9b181e58b9e138fdae16b31a5c22559b420978884725e1bfa2118a414e2a12d" \
	"6463f5e59942e307e464132e61bbdcf67f67ddce374ffb5a10b8e0fdc59380020c6852cf601191d1dd541731" \
	"f7a0fb6cf97f0006e1eef25582f9cb1303b7807dd40bf124511785ae9055d2dd17d01c5c2bf74e02bfb591b6" \
	"886f49b0c58f66d902b05745eeeaaf1b9e07d3783610450b5a2a0e4bc2486cc0ea1f2edac5d64527a3bba67f" \
	"163f0af3358ad029cefbeec542ffe96d876bf90d0c79bd4d1ed4a3546984785a74d2557c1f335968fe887f29" \
	"8bf4291b0851f570"
#define DSA_SIGNED \
	"cd220e045dc2d9fceaead68b518763942352326f5dcc7f482ddf8381874ef1bc79828f33333604d6db3cb5be" \
	"d3551b38546b79c3bc773b8718b36657826d52b174fdebf4f92ffd217bb3c16c8cad6ef92869f17c6a646668" \
	"68a24d5cdcbac24e"

int main(void)
{
	TEEC_UUID uuid = TA_KAT_UUID;
	client_name = "ta-kat";
	open_ta(&ctx, &sess, &uuid);

	/* printf MSG | openssl dgst -md5|-sha224|-sha384|-sha512 */
	kat("md5", TA_KAT_CMD_DIGEST, 0x50000001, 0, "", MSG, "7e9c6d59f0293737ec0f1b222214dc0e");
	kat("sha224", TA_KAT_CMD_DIGEST, 0x50000003, 0, "", MSG,
	    "91e72ccbaec829c3b1f405716d4e5b5eea742a20534a86c9edd322f1");
	kat("sha384", TA_KAT_CMD_DIGEST, 0x50000005, 0, "", MSG,
	    "38fb8310fb741a3d2fd45d35a0c0f6a58dfe332194e1060ed04ec2b0a875bceb55492cb8bc2712e5ab5934"
	    "cf"
	    "76ba2116");
	kat("sha512", TA_KAT_CMD_DIGEST, 0x50000006, 0, "", MSG,
	    "bc78ba77d97a2de0267904f09d3040531a925105b77fba6980810b240c76a686a368fa38ca8863523838c8"
	    "05"
	    "8abe47ef19cb76541949bc98193b17399e92c512");
	/* openssl dgst -sha512 -mac HMAC -macopt hexkey:K32 */
	kat("hmac_sha512", TA_KAT_CMD_MAC, 0x30000006, 0, K32, MSG,
	    "1eb3f40c8db945a1be5f3400711dd43212b4a92967cf2292c6ac37a7e38c2122f6e1081a8f01f99fde9f59"
	    "f5"
	    "34716e48483e81df42dec5cea82972ae01bd04e3");
	/* openssl mac -cipher AES-128-CBC -macopt hexkey:K16 CMAC */
	kat("aes_cmac", TA_KAT_CMD_MAC, 0x30000610, 0, K16, MSG,
	    "f967cf81023f6f14437e777bd0786fbf");
	/* the last block of openssl enc -aes-128-cbc -nopad -iv 0 */
	kat("aes_cbc_mac_nopad", TA_KAT_CMD_MAC, 0x30000110, 0, K16, P32,
	    "1b64cee4431a36ce6dee85d7d7365203");
	/* openssl enc -des-ede3-cbc -nopad -K K16 0102030405060708 -iv 0102030405060708 */
	kat("des3_cbc_encrypt", TA_KAT_CMD_CIPHER, 0x10000113, 0, K16 "0102030405060708",
	    "0102030405060708" P32,
	    "55d38a345ebeb910afc1adafac896c7a5602002cdf90848d8b6691d3ea55ce9c");
	kat("des3_cbc_decrypt", TA_KAT_CMD_CIPHER, 0x10000113, 1, K16 "0102030405060708",
	    "0102030405060708"
	    "55d38a345ebeb910afc1adafac896c7a5602002cdf90848d8b6691d3ea55ce9c",
	    P32);
	/* openssl enc -des-ede-ecb -nopad -K K16 (two-key 3DES) */
	kat("des3_2key_ecb", TA_KAT_CMD_CIPHER, 0x10000013, 0, K16, P32,
	    "9e3d58a82b61c1c5073f425c5c28ef9280bb13fdf85d5e48b17860ae7cbf1b2e");
	/* openssl enc -des-cbc / -des-ecb -provider legacy -nopad -K 0123456789abcdef */
	kat("des_cbc", TA_KAT_CMD_CIPHER, 0x10000111, 0, "0123456789abcdef", "0102030405060708" P32,
	    "3acf5869b3d1aeaa51cbc3812700b0bbc90ed547311c0d6d9cfbdc89b00353e6");
	kat("des_ecb", TA_KAT_CMD_CIPHER, 0x10000011, 0, "0123456789abcdef", P32,
	    "76deb7f3cbb1ab4cc23b8d72a0249f453e2c3e9989e42cc2c273350a79f5347c");
	/* openssl enc -aes-192-ctr -K K16 0001020304050607 -iv IV16 (44 bytes) */
	kat("aes_ctr", TA_KAT_CMD_CIPHER, 0x10000210, 0, K16 "0001020304050607", IV16 P44,
	    "05624a23491acf11a9e47810d52d81479e93686786364848efec54bf1c39caa9537d70ebf4331c1124efb8"
	    "0f");
	/* SM4: GB/T 32907-2016's example (key = plaintext); openssl enc -sm4-cbc / -sm4-ctr -K K16
	 * -iv IV16 */
	kat("sm4_ecb_gbt32907", TA_KAT_CMD_CIPHER, 0x10000014, 0,
	    "0123456789abcdeffedcba9876543210", "0123456789abcdeffedcba9876543210",
	    "681edf34d206965e86b3e94f536e4246");
	kat("sm4_cbc_encrypt", TA_KAT_CMD_CIPHER, 0x10000114, 0, K16, IV16 P32,
	    "cb48c8a21a8cb09af673ff70c8cc1fa8bcdf9d60ba3b668ae4941839cb092d41");
	kat("sm4_cbc_decrypt", TA_KAT_CMD_CIPHER, 0x10000114, 1, K16,
	    IV16 "cb48c8a21a8cb09af673ff70c8cc1fa8bcdf9d60ba3b668ae4941839cb092d41", P32);
	kat("sm4_ctr", TA_KAT_CMD_CIPHER, 0x10000214, 0, K16, IV16 P44,
	    "767db0524fa4844a87d9bfbcb47780db1bf36954f0cefe94bbdc82f26f825ef11f1b6eb559f93793d580fe"
	    "d4");
	/* openssl enc -aes-128-cbc-cts (CS1), last two blocks swapped: RFC 2040's CS3 */
	kat("aes_cts_encrypt", TA_KAT_CMD_CIPHER, 0x10000310, 0, K16, IV16 P44,
	    "65620dfd4e3676fa9b8698f38b28b31469f92b6b91e4b3347f06d3a0d3cebcd580c6fb56c7339a6c6075b9"
	    "8d");
	kat("aes_cts_decrypt", TA_KAT_CMD_CIPHER, 0x10000310, 1, K16,
	    IV16
	    "65620dfd4e3676fa9b8698f38b28b31469f92b6b91e4b3347f06d3a0d3cebcd580c6fb56c7339a6c60"
	    "75b98d",
	    P44);
	/* Python: Cipher(AES(K32), XTS(IV16)): key1 = 00..0f, key2 = 10..1f */
	kat("aes_xts_encrypt", TA_KAT_CMD_CIPHER, 0x10000410, 0, K32, IV16 P44,
	    "8e5b65a1c02d862b8167d3efddde34c3fa452c27d96bb9907e97a842728c8036a085818693365b5fac75e9"
	    "bf");
	kat("aes_xts_decrypt", TA_KAT_CMD_CIPHER, 0x10000410, 1, K32,
	    IV16
	    "8e5b65a1c02d862b8167d3efddde34c3fa452c27d96bb9907e97a842728c8036a085818693365b5fac"
	    "75e9bf",
	    P44);
	/* Python: AESCCM(K16, tag_length=8).encrypt(a0..ab, "twenty bytes of text", "header!!") */
	kat("aes_ccm", TA_KAT_CMD_AE, 0x40000710, 12 | 8 << 8 | 64 << 16, K16,
	    "a0a1a2a3a4a5a6a7a8a9aaab"
	    "6865616465722121"
	    "7477656e7479206279746573206f662074657874",
	    "dac40dbfd146eae3abb2658eba5fbfc33f9257bd70c05d0054afe90d");
	/* openssl pkeyutl -derive (P-256 keys from openssl genpkey) */
	kat("ecdh_p256", TA_KAT_CMD_DERIVE, 0x80000042, 3,
	    "798aad0aea477fbbe79abba0db3a0c0939a8f0eb434de8a473f47b5f43bc902e"
	    "bdb04db7d4e4f2e4ea33ee1dba3b1ff2c7544c7150b6136772d5c7510b382ab5"
	    "274841bf9e2566a24e70c43ab96743e566cec95cf7007b3265c8d7743ad09917",
	    "f1d98875fb7200525ef570ca12a39f7bc1b86f6442a8dc94b2b0da8c1f7294f2"
	    "8afd64929b063a33bd1eb8bfce16a3ab8acdefa390a236d13422e3ee734cb377",
	    "9ec7aa1c30f6092952206d841190ff868835be98e441355eb27a6ab0a85e60f6");
	/* openssl pkeyutl -derive (X25519 keys from openssl genpkey) */
	kat("x25519", TA_KAT_CMD_DERIVE, 0x80000044, 0,
	    "e01dcaaa39004835226d512ecb6db52e4db344dde85741dd21a1d83ff8d7a340"
	    "d4004302b63a8ac26a3aca720837137bd0534b3404371743a2fbd928d5cf7254",
	    "a447b7853296012877e8967d4abea5bd2a64b7fc7921edd8e980394e21ae7f5e",
	    "3ab12fb52d5cfe48a401912b1c2073f84b90558f2407e24cb3bf1b4802824131");
	/* openssl kdf -keylen 42 -kdfopt digest:SHA256 hexkey/hexsalt/hexinfo HKDF */
	kat("hkdf_sha256", TA_KAT_CMD_DERIVE, 0x800040C0, 13 | 42 << 16,
	    "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	    "000102030405060708090a0b0c"
	    "f0f1f2f3f4f5f6f7f8f9",
	    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
	/* openssl kdf -keylen 25 -kdfopt digest:SHA1 pass/salt/iter:64 PBKDF2 */
	kat("pbkdf2_hmac_sha1", TA_KAT_CMD_DERIVE, 0x800020C2, 64 | 25 << 16,
	    "70617373776f726450415353574f524470617373776f7264",
	    "73616c7453414c5473616c7453414c5473616c7453414c5473616c7453414c5473616c74",
	    "1111d8ca2597225fb6e8a9a55c907c453ef953cc780ba5de3b");
	/* RFC 6070 test 2: P = "password", S = "salt", c = 2, dkLen = 20 */
	kat("pbkdf2_rfc6070_2", TA_KAT_CMD_DERIVE, 0x800020C2, 2 | 20 << 16, "70617373776f7264",
	    "73616c74", "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
	/*
	 * Concat KDF (SP 800-56A 5.8.1): RFC 7518 appendix C (Z, then OtherInfo = AlgorithmID
	 * "A128GCM" | PartyUInfo "Alice" | PartyVInfo "Bob" | SuppPubInfo 128, each with its
	 * 32-bit length); and three SHA-1 blocks cut to 50 bytes (openssl kdf -keylen 50
	 * -kdfopt digest:SHA1 hexkey/hexinfo SSKDF)
	 */
	kat("concat_kdf_sha256", TA_KAT_CMD_DERIVE, 0x800040C1, 16 << 16,
	    "9e56d91d817135d372834283bf84269cfb316ea3da806a48f6daa7798cfe90c4",
	    "000000074131323847434d00000005416c69636500000003426f6200000080",
	    "56aa8deaf8236d205c2228cd71a7101a");
	kat("concat_kdf_sha1", TA_KAT_CMD_DERIVE, 0x800020C1, 50 << 16,
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	    "a1a2a3a4a5a6a7a8a9aaabacadaeaf",
	    "1dd770bdb578e9616a6b4dd9fcdbf8feb310f9a91122538dd89e4871a2cbbcb923e7a40290c00bb98bd2"
	    "ca11f7a2c9f42fbf");

	/* printf MSG | openssl dgst -sha3-256, and -shake128 -xoflen 32 */
	kat("sha3_256", TA_KAT_CMD_DIGEST, 0x50000009, 0, "", MSG,
	    "aac358286e82d657f764672f4ec1375e0290efc11f2081f12f568008c6451082");
	kat("shake128", TA_KAT_CMD_DIGEST, 0x50000101, 32, "", MSG,
	    "86656cc091adec7e4697ff73e7c0690cfa3f2d0d9d732d5498773b90439d0cf8");
	/* openssl dgst -sha3-256 -mac HMAC -macopt hexkey:K32 */
	kat("hmac_sha3_256", TA_KAT_CMD_MAC, 0x30000009, 0, K32, MSG,
	    "d02d5bc55ffc069bc5b0ae38f4b5c18a806602c9445c4c158b41e632bfaa6708");
	/*
	 * openssl genpkey DSA (dsa_paramgen_bits:2048, dsa_paramgen_q_bits:256): p | q | g | y;
	 * openssl dgst -sha256 of MSG | openssl pkeyutl -sign (r | s from its DER)
	 */
	kat("dsa_sha256", TA_KAT_CMD_DSA, 0x70004131, 32, DSA_KEY, DSA_SIGNED, "01");
	/* RFC 8032 7.1 test 2 (Ed25519), 7.2 "foo" (Ed25519ctx), 7.3 "abc" (Ed25519ph) */
	kat("ed25519_rfc8032_test2", TA_KAT_CMD_EDDSA, 0x70006043, 0,
	    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
	    "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
	    "72",
	    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	    "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
	kat("ed25519ctx_rfc8032_foo", TA_KAT_CMD_EDDSA, 0x70006043, 3 << 8,
	    "0305334e381af78f141cb666f6199f57bc3495335a256a95bd2a55bf546663f6"
	    "dfc9425e4f968f7f0c29f0259cf5f9aed6851c2bb4ad8bfb860cfee0ab248292",
	    "666f6f"
	    "f726936d19c800494e3fdaff20b276a8",
	    "55a4cc2f70a54e04288c5f4cd1e45a7bb520b36292911876cada7323198dd87a"
	    "8b36950b95130022907a7fb7c4e9b2d5f6cca685a587b4b21f4b888e4e7edb0d");
	kat("ed25519ph_rfc8032_abc", TA_KAT_CMD_EDDSA, 0x70006043, 1,
	    "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42"
	    "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
	    "616263",
	    "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41"
	    "31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406");
	/*
	 * SM2 key exchange, GM/T 0003.5 annex B.2 from both sides: A checks B's SB and gives
	 * SA, B checks SA and gives SB; both derive K.
	 */
	static char kep_in[400];
	strcat(kep_peer(KEP_B, kep_in), KEP_SB);
	kat("sm2_kep_initiator", TA_KAT_CMD_SM2_KEP, 0x60000045, 0, KEP_A, kep_in, KEP_K KEP_SA);
	strcat(kep_peer(KEP_A, kep_in), KEP_SA);
	kat("sm2_kep_responder", TA_KAT_CMD_SM2_KEP, 0x60000045, 1, KEP_B, kep_in, KEP_K KEP_SB);
	/* Key generation and round trips inside the TA: RSA, ECDSA, DH, usage, info, support */
	uint32_t n = 0, first = 0;
	TEEC_Result r = value_call(&sess, TA_KAT_CMD_SELFTEST, TEEC_VALUE_OUTPUT, &n, &first);
	check("selftest_round_trips", r == TEEC_SUCCESS && first == 0 && n == 16,
	      "0x%x: %u passed, first failed %u", r, n, first);

	/*
	 * The attack: handles are per TA instance. This TA has no SINGLE_INSTANCE flag, so a
	 * second session is a second instance; it uses the first one's handles and dies.
	 */
	TEEC_Session other;
	uint32_t origin = 0, h = 0;
	r = value_call(&sess, TA_KAT_CMD_ALLOC_OP, TEEC_VALUE_OUTPUT, &h, &origin);
	check("attack_own_operation", r == TEEC_SUCCESS && h, "0x%x", r);
	uint32_t op_handle = h;
	r = TEEC_OpenSession(&ctx, &other, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (r == TEEC_SUCCESS) {
		r = value_call(&other, TA_KAT_CMD_USE_OP, TEEC_VALUE_INPUT, &h, &origin);
		check("attack_other_instance_operation_handle",
		      r == TEEC_ERROR_TARGET_DEAD && origin == TEEC_ORIGIN_TEE, "0x%x origin %u", r,
		      origin);
		TEEC_CloseSession(&other);
	}
	h = op_handle;
	r = value_call(&sess, TA_KAT_CMD_USE_OP, TEEC_VALUE_INPUT, &h, &origin);
	check("attack_owner_still_uses_its_operation", r == TEEC_SUCCESS, "0x%x", r);
	h = 0;
	r = value_call(&sess, TA_KAT_CMD_ALLOC_OBJ, TEEC_VALUE_OUTPUT, &h, &origin);
	uint32_t obj_handle = h;
	r = TEEC_OpenSession(&ctx, &other, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (r == TEEC_SUCCESS) {
		r = value_call(&other, TA_KAT_CMD_USE_OBJ, TEEC_VALUE_INPUT, &h, &origin);
		check("attack_other_instance_key_object",
		      r == TEEC_ERROR_TARGET_DEAD && origin == TEEC_ORIGIN_TEE, "0x%x origin %u", r,
		      origin);
		TEEC_CloseSession(&other);
	}
	h = obj_handle;
	r = value_call(&sess, TA_KAT_CMD_USE_OBJ, TEEC_VALUE_INPUT, &h, &origin);
	check("attack_owner_still_uses_its_key", r == TEEC_SUCCESS, "0x%x", r);

	/*
	 * SM2 KEP: a peer that does not know the shared key (A's own SA sent back where B's SB
	 * belongs) or sends a point off the curve gets no key: TEE_DeriveKey panics the TA
	 * (TEE_ERROR_BAD_STATE, TEE_ERROR_BAD_PARAMETERS, in the kernel's log).
	 */
	strcat(kep_peer(KEP_B, kep_in), KEP_SA);
	kat_dies("sm2_kep_confirmation_mismatch_panics", &uuid, TA_KAT_CMD_SM2_KEP, 0x60000045, 0,
		 KEP_A, kep_in);
	kep_peer(KEP_B, kep_in);
	kep_in[127] = kep_in[127] == '0' ? '1' : '0'; /* the last digit of B's y */
	kat_dies("sm2_kep_peer_point_off_curve_panics", &uuid, TA_KAT_CMD_SM2_KEP, 0x60000045, 0,
		 KEP_A, kep_in);
	return finish(&ctx, &sess);
}
