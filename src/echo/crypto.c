/* SPDX-License-Identifier: MIT */
/*
 * echo/crypto.c: NEP keys, HMAC and CBC chains with OpenSSL 3 (EVP, but
 * for the key derivation's hash chain, see nep_derive_key).
 */
/* SHA256_Init & co. are deprecated in OpenSSL 3 but still built (Debian
 * 12's 3.0 has them): the only ones without EVP's per-call dispatch. */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "echo/crypto.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "echo/wire.h"
#include "util/err.h"

#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
/*
 * Fuzz builds only (make fuzz defines the macro): one SHA-256 instead of
 * 1001, so the fuzzers reach the parsers behind the handshake thousands of
 * times a second.  Keys then differ from real nping's; no binary that is
 * installed or tested against a peer is ever built this way.
 */
#define NEP_KDF_ROUNDS 0
#else
#define NEP_KDF_ROUNDS 1000
#endif

const char *
nep_key_label(enum nep_key_id id)
{
	switch (id) {
	case NEP_KEY_MAC_S2C_INITIAL: return "NEPkeyforMACServer2ClientInitial";
	case NEP_KEY_MAC_C2S: return "NEPkeyforMACClient2Server";
	case NEP_KEY_MAC_S2C: return "NEPkeyforMACServer2Client";
	case NEP_KEY_CIPHER_C2S: return "NEPkeyforCiphertextClient2Server";
	case NEP_KEY_CIPHER_S2C: return "NEPkeyforCiphertextServer2Client";
	default: return "";
	}
}

/*
 * The 1,000 extra rounds hash 32 bytes each: through EVP (provider
 * dispatch on every Init/Update/Final) one key took ~100 us here, with
 * SHA256_Init/Update/Final ~58 us.  An echo server derives one key per
 * connection before anyone authenticated (HS_SERVER's), so this is what
 * a flood of handshakes costs it.
 */
int
nep_derive_key(const uint8_t *pass, size_t pass_len,
	       const uint8_t server_nonce[32], const uint8_t *second_nonce,
	       enum nep_key_id id, uint8_t out[NEP_KEY_LEN])
{
	static const uint8_t zeros[NEP_NONCE_LEN];
	const char *label = nep_key_label(id);
	uint8_t h[SHA256_DIGEST_LENGTH];
	SHA256_CTX c;
	int i, rc = ERR_SYS;

	if (id == NEP_KEY_MAC_S2C_INITIAL || second_nonce == NULL)
		second_nonce = zeros;
	if (!SHA256_Init(&c) ||
	    (pass_len && !SHA256_Update(&c, pass, pass_len)) ||
	    !SHA256_Update(&c, server_nonce, NEP_NONCE_LEN) ||
	    !SHA256_Update(&c, second_nonce, NEP_NONCE_LEN) ||
	    !SHA256_Update(&c, label, strlen(label)) ||
	    !SHA256_Final(h, &c))
		goto out;
	for (i = 0; i < NEP_KDF_ROUNDS; i++)
		if (!SHA256_Init(&c) || !SHA256_Update(&c, h, sizeof(h)) ||
		    !SHA256_Final(h, &c))
			goto out;
	memcpy(out, h, NEP_KEY_LEN);
	rc = 0;
out:
	OPENSSL_cleanse(h, sizeof(h));
	OPENSSL_cleanse(&c, sizeof(c));
	return rc;
}

static int
set_digest(struct nep_chan *c)
{
	OSSL_PARAM params[2];

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	return EVP_MAC_CTX_set_params(c->mctx, params) ? 0 : ERR_SYS;
}

int
nep_chan_init(struct nep_chan *c, int no_crypto, const uint8_t *mac_key,
	      const uint8_t *cipher_key, const uint8_t iv[NEP_KEY_LEN])
{
	memset(c, 0, sizeof(*c));
	c->no_crypto = no_crypto;
	if (mac_key)
		memcpy(c->mac_key, mac_key, NEP_KEY_LEN);
	if (cipher_key)
		memcpy(c->cipher_key, cipher_key, NEP_KEY_LEN);
	memcpy(c->iv, iv, NEP_KEY_LEN);
	if (no_crypto) { /* no cipher or HMAC is ever used */
		c->keyed = 1;
		return 0;
	}
	c->cctx = EVP_CIPHER_CTX_new();
	c->cipher = EVP_CIPHER_fetch(NULL, "AES-128-CBC", NULL);
	c->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	c->mctx = c->mac ? EVP_MAC_CTX_new(c->mac) : NULL;
	if (c->cctx == NULL || c->cipher == NULL || c->mctx == NULL ||
	    set_digest(c)) {
		nep_chan_clear(c);
		return ERR_NOMEM;
	}
	c->keyed = 1;
	return 0;
}

void
nep_chan_set(struct nep_chan *c, const uint8_t *mac_key,
	     const uint8_t *cipher_key, const uint8_t iv[NEP_KEY_LEN])
{
	if (mac_key)
		memcpy(c->mac_key, mac_key, NEP_KEY_LEN);
	else
		memset(c->mac_key, 0, NEP_KEY_LEN);
	if (cipher_key)
		memcpy(c->cipher_key, cipher_key, NEP_KEY_LEN);
	else
		memset(c->cipher_key, 0, NEP_KEY_LEN);
	memcpy(c->iv, iv, NEP_KEY_LEN);
}

void
nep_chan_clear(struct nep_chan *c)
{
	if (c == NULL)
		return;
	EVP_CIPHER_CTX_free(c->cctx);
	EVP_CIPHER_free(c->cipher);
	EVP_MAC_CTX_free(c->mctx);
	EVP_MAC_free(c->mac);
	OPENSSL_cleanse(c, sizeof(*c));
}

int
nep_hmac(struct nep_chan *c, const uint8_t key[NEP_KEY_LEN],
	 const uint8_t *p, size_t len, uint8_t out[32])
{
	size_t ol = 0;
	int same = c->mctx_keyed &&
		   CRYPTO_memcmp(c->mctx_key, key, NEP_KEY_LEN) == 0;

	/* A NULL key re-initialises with the key already loaded. */
	if (!EVP_MAC_init(c->mctx, same ? NULL : key, same ? 0 : NEP_KEY_LEN,
			  NULL))
		return ERR_SYS;
	if (!same) {
		memcpy(c->mctx_key, key, NEP_KEY_LEN);
		c->mctx_keyed = 1;
	}
	if (!EVP_MAC_update(c->mctx, p, len) ||
	    !EVP_MAC_final(c->mctx, out, &ol, 32) || ol != 32)
		return ERR_SYS;
	return 0;
}

/* One CBC pass over buf[0..n) in place, from iv, no padding. */
static int
cbc(struct nep_chan *c, int enc, const uint8_t iv[16], uint8_t *buf,
    size_t n)
{
	EVP_CIPHER_CTX *x = c->cctx;
	int l1 = 0, l2 = 0, mode = enc ? 1 : 2;
	int same = c->cctx_mode == mode &&
		   CRYPTO_memcmp(c->cctx_key, c->cipher_key, NEP_KEY_LEN) == 0;

	if (n % NEP_BLOCK || n > (size_t)0x7fffffff)
		return ERR_INVALID;
	if (n == 0)
		return 0;
	/* Key schedule only when the key or direction changed.  Padding is
	 * turned off once per key schedule: EVP_CipherInit_ex2 keeps the
	 * setting across a new IV (it hands it to the provider again
	 * itself), and setting it looks its parameter up by name in OpenSSL
	 * 3, 2% of the echo client's CPU at 100k echoes/s.  test_nep_vectors
	 * fails if a later message is padded. */
	if (!EVP_CipherInit_ex2(x, same ? NULL : c->cipher,
				same ? NULL : c->cipher_key, iv, enc, NULL) ||
	    (!same && !EVP_CIPHER_CTX_set_padding(x, 0)))
		return ERR_SYS;
	if (!same) {
		memcpy(c->cctx_key, c->cipher_key, NEP_KEY_LEN);
		c->cctx_mode = mode;
	}
	if (!EVP_CipherUpdate(x, buf, &l1, buf, (int)n) ||
	    !EVP_CipherFinal_ex(x, buf + l1, &l2) || (size_t)(l1 + l2) != n)
		return ERR_SYS;
	return 0;
}

int
nep_chan_seal(struct nep_chan *c, uint8_t *msg, size_t len, size_t off,
	      size_t n)
{
	uint8_t *tag;
	int rc;

	if (len < NEP_MAC_LEN || off + n > len - NEP_MAC_LEN)
		return ERR_INVALID;
	tag = msg + len - NEP_MAC_LEN;
	if (c->no_crypto) {
		memset(tag, 0, NEP_MAC_LEN);
		return 0;
	}
	if ((rc = nep_hmac(c, c->mac_key, msg, len - NEP_MAC_LEN, tag)))
		return rc;
	if ((rc = cbc(c, 1, c->iv, msg + off, n)))
		return rc;
	if (n)
		memcpy(c->iv, msg + off + n - NEP_BLOCK, NEP_BLOCK);
	return 0;
}

static int
check_tag(struct nep_chan *c, const uint8_t key[NEP_KEY_LEN],
	  const uint8_t *msg, size_t len)
{
	static const uint8_t zeros[NEP_MAC_LEN];
	uint8_t want[NEP_MAC_LEN];
	const uint8_t *tag = msg + len - NEP_MAC_LEN;
	int rc;

	if (c->no_crypto)
		return CRYPTO_memcmp(tag, zeros, NEP_MAC_LEN) ? ERR_AUTH : 0;
	if ((rc = nep_hmac(c, key, msg, len - NEP_MAC_LEN, want)))
		return rc;
	rc = CRYPTO_memcmp(tag, want, NEP_MAC_LEN) ? ERR_AUTH : 0;
	OPENSSL_cleanse(want, sizeof(want));
	return rc;
}

int
nep_chan_open(struct nep_chan *c, uint8_t *msg, size_t len, size_t off,
	      size_t n)
{
	uint8_t iv[NEP_BLOCK];
	int rc;

	if (len < NEP_MAC_LEN || off + n > len - NEP_MAC_LEN || n % NEP_BLOCK)
		return ERR_INVALID;
	if (!c->no_crypto && n) {
		memcpy(iv, c->iv, NEP_BLOCK);
		memcpy(c->iv, msg + off + n - NEP_BLOCK, NEP_BLOCK);
		if ((rc = cbc(c, 0, iv, msg + off, n)))
			return rc;
	}
	return check_tag(c, c->mac_key, msg, len);
}

int
nep_chan_verify_mac(struct nep_chan *c, const uint8_t key[NEP_KEY_LEN],
		    const uint8_t *msg, size_t len)
{
	if (len < NEP_MAC_LEN)
		return ERR_INVALID;
	return check_tag(c, key, msg, len);
}

int
nep_chan_peek(struct nep_chan *c, const uint8_t in[16], uint8_t out[16])
{
	memcpy(out, in, NEP_BLOCK);
	if (c->no_crypto)
		return 0;
	return cbc(c, 0, c->iv, out, NEP_BLOCK);
}

int
nep_random(uint8_t *buf, size_t n)
{
	if (n > (size_t)0x7fffffff || RAND_bytes(buf, (int)n) != 1)
		return ERR_SYS;
	return 0;
}

int
nep_crypto_preload(void)
{
	EVP_CIPHER *cipher = NULL;
	EVP_MAC *mac = NULL;
	EVP_MD *md = NULL;
	uint8_t b;
	int ok;

	/* The configuration first: the fetches would load it too, but
	 * only as a side effect. */
	ok = OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG, NULL) == 1;
	if (ok) {
		cipher = EVP_CIPHER_fetch(NULL, "AES-128-CBC", NULL);
		mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
		md = EVP_MD_fetch(NULL, "SHA256", NULL);
	}
	ok = ok && cipher && mac && md && RAND_bytes(&b, 1) == 1;
	EVP_CIPHER_free(cipher);
	EVP_MAC_free(mac);
	EVP_MD_free(md);
	return ok ? 0 : ERR_SYS;
}
