/*
 * tzv-pkcs11: drives OP-TEE's PKCS#11 TA through Debian's libckteec (the
 * PKCS#11 library of optee-client) and prints one line per check:
 *   pkcs11 <check>: PASS|FAIL [why]
 * The TA is not part of this tree: `make pkcs11 OPTEE_OS=<checkout>` builds it
 * from the user's optee_os (tools/optee-suite.sh) and runs this in both VMs.
 *
 * Uses the first slot, which must hold an uninitialised token (a fresh TEE
 * instance and storage): initialises it, sets the user PIN, makes an AES key
 * and a P-256 key pair as token objects, uses them (and an RSA-2048 session key
 * pair), then finalizes the library
 * (the TEE session closes), starts again, logs in and finds exactly the three
 * objects it made, by a random tag in their labels. Another VM's objects in
 * this token would show as objects without this run's tag.
 * Exit status: 0 when every check passed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pkcs11.h>

static int failures;

static void report(const char *check, bool ok, const char *fmt, CK_RV rv)
{
	if (ok) {
		printf("pkcs11 %s: PASS\n", check);
	} else {
		printf("pkcs11 %s: FAIL (%s, rv 0x%lx)\n", check, fmt, (unsigned long)rv);
		failures++;
	}
	fflush(stdout);
}

#define CHECK_RV(check, call)                                                                      \
	do {                                                                                       \
		CK_RV rv_ = (call);                                                                \
		report(check, rv_ == CKR_OK, #call, rv_);                                          \
		if (rv_ != CKR_OK)                                                                 \
			goto out;                                                                  \
	} while (0)

static CK_BBOOL yes = CK_TRUE;
static const char so_pin[] = "tzv-so-pin-1234";
static const char user_pin[] = "tzv-user-pin-5678";
/* DER of the OID prime256v1 (1.2.840.10045.3.1.7), CKA_EC_PARAMS */
static const CK_BYTE p256_oid[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};

/* FIPS-197 appendix C.3: AES-256 */
static const CK_BYTE kat_key[32] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
static const CK_BYTE kat_pt[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
				   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
static const CK_BYTE kat_ct[16] = {0x8e, 0xa2, 0xb7, 0xca, 0x51, 0x67, 0x45, 0xbf,
				   0xea, 0xfc, 0x49, 0x90, 0x4b, 0x49, 0x60, 0x89};

static CK_RV login(CK_SESSION_HANDLE s, CK_USER_TYPE who, const char *pin)
{
	return C_Login(s, who, (CK_UTF8CHAR_PTR)pin, strlen(pin));
}

/* the objects whose label is `label` (NULL: all objects the session sees) */
static CK_RV find(CK_SESSION_HANDLE s, const char *label, CK_OBJECT_HANDLE *objs, CK_ULONG max,
		  CK_ULONG *count)
{
	CK_ATTRIBUTE tmpl[] = {{CKA_LABEL, (void *)label, label ? strlen(label) : 0}};
	CK_RV rv = C_FindObjectsInit(s, tmpl, label ? 1 : 0);

	if (rv != CKR_OK)
		return rv;
	rv = C_FindObjects(s, objs, max, count);
	CK_RV rv2 = C_FindObjectsFinal(s);
	return rv != CKR_OK ? rv : rv2;
}

static CK_RV aes_cbc(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key, bool encrypt, const CK_BYTE *in,
		     CK_ULONG len, CK_BYTE *out)
{
	CK_BYTE iv[16] = {0x42};
	CK_MECHANISM mech = {CKM_AES_CBC, iv, sizeof(iv)};
	CK_ULONG out_len = len;
	CK_RV rv = encrypt ? C_EncryptInit(s, &mech, key) : C_DecryptInit(s, &mech, key);

	if (rv != CKR_OK)
		return rv;
	rv = encrypt ? C_Encrypt(s, (CK_BYTE_PTR)in, len, out, &out_len)
		     : C_Decrypt(s, (CK_BYTE_PTR)in, len, out, &out_len);
	if (rv == CKR_OK && out_len != len)
		rv = CKR_GENERAL_ERROR;
	return rv;
}

int main(void)
{
	CK_SLOT_ID slots[8];
	CK_ULONG nslots = 8;
	CK_TOKEN_INFO ti;
	CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
	CK_OBJECT_HANDLE aes = CK_INVALID_HANDLE, kat = CK_INVALID_HANDLE;
	CK_OBJECT_HANDLE ec_pub = CK_INVALID_HANDLE, ec_priv = CK_INVALID_HANDLE;
	CK_BYTE msg[64], ct[64], pt[64], sig[128];
	CK_ULONG sig_len = sizeof(sig);
	char tag[9], lbl_tok[32], lbl_aes[32], lbl_ec[32];
	unsigned int rnd = 0;
	FILE *ur = fopen("/dev/urandom", "rb");

	if (!ur || fread(&rnd, sizeof(rnd), 1, ur) != 1) {
		printf("pkcs11 setup: FAIL (no /dev/urandom)\n");
		return 1;
	}
	fclose(ur);
	snprintf(tag, sizeof(tag), "%08x", rnd);
	snprintf(lbl_tok, sizeof(lbl_tok), "tzv-%s", tag);
	snprintf(lbl_aes, sizeof(lbl_aes), "aes-%s", tag);
	snprintf(lbl_ec, sizeof(lbl_ec), "ec-%s", tag);
	printf("pkcs11 run tag %s\n", tag);
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (CK_BYTE)(i * 7 + rnd);

	CHECK_RV("initialize", C_Initialize(NULL));
	CHECK_RV("slot-list", C_GetSlotList(CK_TRUE, slots, &nslots));
	report("slot-count", nslots >= 1, "no slot with a token", nslots);
	if (!nslots)
		goto out;
	CHECK_RV("token-info", C_GetTokenInfo(slots[0], &ti));
	/* a fresh TEE instance and storage: nobody initialised this token before */
	report("token-fresh", !(ti.flags & CKF_TOKEN_INITIALIZED), "token already initialised",
	       ti.flags);

	CK_UTF8CHAR label32[32];
	memset(label32, ' ', sizeof(label32));
	memcpy(label32, lbl_tok, strlen(lbl_tok));
	CHECK_RV("init-token",
		 C_InitToken(slots[0], (CK_UTF8CHAR_PTR)so_pin, strlen(so_pin), label32));
	CHECK_RV("open-session",
		 C_OpenSession(slots[0], CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s));
	CHECK_RV("so-login", login(s, CKU_SO, so_pin));
	CHECK_RV("init-pin", C_InitPIN(s, (CK_UTF8CHAR_PTR)user_pin, strlen(user_pin)));
	CHECK_RV("so-logout", C_Logout(s));
	{
		CK_RV rv = login(s, CKU_USER, "wrong-pin-0000");
		report("wrong-pin-refused", rv == CKR_PIN_INCORRECT, "C_Login(wrong PIN)", rv);
	}
	CHECK_RV("user-login", login(s, CKU_USER, user_pin));

	/* AES: a generated token key, a CBC round trip; an imported key, a FIPS-197 answer */
	{
		CK_MECHANISM gen = {CKM_AES_KEY_GEN, NULL, 0};
		CK_ULONG len = 32;
		CK_ATTRIBUTE tmpl[] = {
		    {CKA_VALUE_LEN, &len, sizeof(len)},	   {CKA_TOKEN, &yes, sizeof(yes)},
		    {CKA_ENCRYPT, &yes, sizeof(yes)},	   {CKA_DECRYPT, &yes, sizeof(yes)},
		    {CKA_LABEL, lbl_aes, strlen(lbl_aes)},
		};
		CHECK_RV("aes-generate", C_GenerateKey(s, &gen, tmpl, 5, &aes));
	}
	CHECK_RV("aes-encrypt", aes_cbc(s, aes, true, msg, sizeof(msg), ct));
	CHECK_RV("aes-decrypt", aes_cbc(s, aes, false, ct, sizeof(ct), pt));
	report("aes-roundtrip", !memcmp(pt, msg, sizeof(msg)) && memcmp(ct, msg, sizeof(msg)),
	       "decrypt(encrypt(m)) != m or ciphertext == plaintext", 0);
	{
		CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
		CK_KEY_TYPE kt = CKK_AES;
		CK_BBOOL no = CK_FALSE;
		CK_ATTRIBUTE tmpl[] = {
		    {CKA_CLASS, &cls, sizeof(cls)},
		    {CKA_KEY_TYPE, &kt, sizeof(kt)},
		    {CKA_TOKEN, &no, sizeof(no)},
		    {CKA_ENCRYPT, &yes, sizeof(yes)},
		    {CKA_VALUE, (void *)kat_key, sizeof(kat_key)},
		};
		CK_MECHANISM ecb = {CKM_AES_ECB, NULL, 0};
		CK_BYTE out[16];
		CK_ULONG out_len = sizeof(out);

		CHECK_RV("aes-import", C_CreateObject(s, tmpl, 5, &kat));
		CHECK_RV("aes-kat-init", C_EncryptInit(s, &ecb, kat));
		CHECK_RV("aes-kat-encrypt",
			 C_Encrypt(s, (CK_BYTE_PTR)kat_pt, sizeof(kat_pt), out, &out_len));
		report("aes-kat", out_len == 16 && !memcmp(out, kat_ct, 16),
		       "AES-256 of FIPS-197 C.3 differs", out_len);
		CHECK_RV("aes-import-destroy", C_DestroyObject(s, kat));
	}

	/* EC P-256: a token key pair, ECDSA-SHA256 sign, verify, tampered signature refused */
	{
		CK_MECHANISM gen = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
		CK_ATTRIBUTE pub[] = {
		    {CKA_EC_PARAMS, (void *)p256_oid, sizeof(p256_oid)},
		    {CKA_TOKEN, &yes, sizeof(yes)},
		    {CKA_VERIFY, &yes, sizeof(yes)},
		    {CKA_LABEL, lbl_ec, strlen(lbl_ec)},
		};
		CK_ATTRIBUTE priv[] = {
		    {CKA_TOKEN, &yes, sizeof(yes)},	 {CKA_PRIVATE, &yes, sizeof(yes)},
		    {CKA_SENSITIVE, &yes, sizeof(yes)},	 {CKA_SIGN, &yes, sizeof(yes)},
		    {CKA_LABEL, lbl_ec, strlen(lbl_ec)},
		};
		CK_MECHANISM ecdsa = {CKM_ECDSA_SHA256, NULL, 0};

		CHECK_RV("ec-generate",
			 C_GenerateKeyPair(s, &gen, pub, 4, priv, 5, &ec_pub, &ec_priv));
		CHECK_RV("ecdsa-sign-init", C_SignInit(s, &ecdsa, ec_priv));
		CHECK_RV("ecdsa-sign", C_Sign(s, msg, sizeof(msg), sig, &sig_len));
		report("ecdsa-sig-size", sig_len == 64, "P-256 signature is not r||s of 64 bytes",
		       sig_len);
		CHECK_RV("ecdsa-verify-init", C_VerifyInit(s, &ecdsa, ec_pub));
		CHECK_RV("ecdsa-verify", C_Verify(s, msg, sizeof(msg), sig, sig_len));
		sig[sig_len / 2] ^= 0x01;
		CHECK_RV("ecdsa-verify-init2", C_VerifyInit(s, &ecdsa, ec_pub));
		CK_RV rv = C_Verify(s, msg, sizeof(msg), sig, sig_len);
		report("ecdsa-tampered-refused", rv == CKR_SIGNATURE_INVALID,
		       "C_Verify(tampered signature)", rv);
	}

	/* RSA-2048 session key pair: SHA256-RSA-PKCS (v1.5) sign, verify, tampered refused */
	{
		CK_MECHANISM gen = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
		CK_ULONG bits = 2048;
		CK_BYTE e65537[] = {0x01, 0x00, 0x01};
		CK_ATTRIBUTE pub[] = {
		    {CKA_MODULUS_BITS, &bits, sizeof(bits)},
		    {CKA_PUBLIC_EXPONENT, e65537, sizeof(e65537)},
		    {CKA_VERIFY, &yes, sizeof(yes)},
		};
		CK_ATTRIBUTE priv[] = {
		    {CKA_SIGN, &yes, sizeof(yes)},
		    {CKA_SENSITIVE, &yes, sizeof(yes)},
		};
		CK_MECHANISM rsa = {CKM_SHA256_RSA_PKCS, NULL, 0};
		CK_OBJECT_HANDLE rsa_pub = CK_INVALID_HANDLE, rsa_priv = CK_INVALID_HANDLE;
		CK_BYTE rsig[256];
		CK_ULONG rsig_len = sizeof(rsig);

		CHECK_RV("rsa-generate",
			 C_GenerateKeyPair(s, &gen, pub, 3, priv, 2, &rsa_pub, &rsa_priv));
		CHECK_RV("rsa-sign-init", C_SignInit(s, &rsa, rsa_priv));
		CHECK_RV("rsa-sign", C_Sign(s, msg, sizeof(msg), rsig, &rsig_len));
		report("rsa-sig-size", rsig_len == 256, "RSA-2048 signature is not 256 bytes",
		       rsig_len);
		CHECK_RV("rsa-verify-init", C_VerifyInit(s, &rsa, rsa_pub));
		CHECK_RV("rsa-verify", C_Verify(s, msg, sizeof(msg), rsig, rsig_len));
		msg[0] ^= 0x01;
		CHECK_RV("rsa-verify-init2", C_VerifyInit(s, &rsa, rsa_pub));
		CK_RV rv = C_Verify(s, msg, sizeof(msg), rsig, rsig_len);
		msg[0] ^= 0x01;
		report("rsa-other-message-refused", rv == CKR_SIGNATURE_INVALID,
		       "C_Verify(signature of another message)", rv);
		CHECK_RV("rsa-destroy-pub", C_DestroyObject(s, rsa_pub));
		CHECK_RV("rsa-destroy-priv", C_DestroyObject(s, rsa_priv));
	}

	/* Start again: library, TEE session, PKCS#11 session, login; the token objects remain */
	CHECK_RV("logout", C_Logout(s));
	CHECK_RV("close-session", C_CloseSession(s));
	s = CK_INVALID_HANDLE;
	CHECK_RV("finalize", C_Finalize(NULL));
	CHECK_RV("reinitialize", C_Initialize(NULL));
	CHECK_RV("token-info-again", C_GetTokenInfo(slots[0], &ti));
	report("token-label-kept",
	       (ti.flags & CKF_TOKEN_INITIALIZED) && !memcmp(ti.label, label32, sizeof(label32)),
	       "the token lost its label or was initialised again", ti.flags);
	CHECK_RV("reopen-session",
		 C_OpenSession(slots[0], CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s));
	CHECK_RV("relogin", login(s, CKU_USER, user_pin));
	{
		CK_OBJECT_HANDLE objs[16];
		CK_ULONG n = 0;

		CHECK_RV("find-aes", find(s, lbl_aes, objs, 16, &n));
		report("find-aes-one", n == 1, "not exactly one object labelled aes-<tag>", n);
		if (n == 1) {
			aes = objs[0];
			CHECK_RV("aes-decrypt-again", aes_cbc(s, aes, false, ct, sizeof(ct), pt));
			report("aes-key-persisted", !memcmp(pt, msg, sizeof(msg)),
			       "the found key does not decrypt the first ciphertext", 0);
		}
		CHECK_RV("find-ec", find(s, lbl_ec, objs, 16, &n));
		report("find-ec-pair", n == 2, "not exactly two objects labelled ec-<tag>", n);
		/* everything this login sees: only this run's three objects */
		CHECK_RV("find-all", find(s, NULL, objs, 16, &n));
		bool all_ours = n == 3;
		for (CK_ULONG i = 0; i < n && all_ours; i++) {
			char l[64] = {0};
			CK_ATTRIBUTE a = {CKA_LABEL, l, sizeof(l) - 1};
			all_ours = C_GetAttributeValue(s, objs[i], &a, 1) == CKR_OK &&
				   a.ulValueLen > 8 && !strcmp(l + a.ulValueLen - 8, tag);
		}
		report("only-own-objects", all_ours,
		       "the token holds objects this run did not make (another VM's?)", n);
	}
	CHECK_RV("final-logout", C_Logout(s));
	CHECK_RV("final-close", C_CloseSession(s));
	s = CK_INVALID_HANDLE;
	CHECK_RV("final-finalize", C_Finalize(NULL));
out:
	printf("pkcs11 summary: %s (%d failed)\n", failures ? "FAIL" : "PASS", failures);
	return failures ? 1 : 0;
}
