/* SPDX-License-Identifier: MIT */
/*
 * echo/crypto.h: NEP key derivation, MAC and the per-direction CBC chain,
 * on OpenSSL 3 EVP (doc/nep.md §4, §5).
 *
 *   key = SHA256^1001(passphrase || server_nonce || second_nonce || label)[0:16]
 *   MAC = HMAC-SHA256(mac_key16, plaintext[0, len-32)) at [len-32, len)
 *   cipher = AES-128-CBC without padding over the type's encrypted range;
 *            each direction keeps one IV chain (the last ciphertext block).
 *
 * A struct nep_chan is one direction.  With no_crypto nothing is encrypted,
 * the MAC field is 32 zero bytes and a receiver requires exactly zeros.
 * Errors: ERR_NOMEM / ERR_SYS (OpenSSL failed), ERR_AUTH (MAC mismatch),
 * ERR_INVALID (range not whole blocks).
 */
#ifndef NPECHO_ECHO_CRYPTO_H
#define NPECHO_ECHO_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define NEP_KEY_LEN 16

enum nep_key_id {
	NEP_KEY_MAC_S2C_INITIAL = 0,
	NEP_KEY_MAC_C2S,
	NEP_KEY_MAC_S2C,
	NEP_KEY_CIPHER_C2S,
	NEP_KEY_CIPHER_S2C,
	NEP_KEY_COUNT,
};

/* ASCII label of a key ("NEPkeyforMACClient2Server"...). */
const char *nep_key_label(enum nep_key_id id);

/*
 * Derives one 16-byte key.  second_nonce NULL means 32 zero bytes (always
 * the case for MAC_S2C_INITIAL, whatever is passed).  Returns 0 or ERR_SYS.
 */
int nep_derive_key(const uint8_t *pass, size_t pass_len,
		   const uint8_t server_nonce[32],
		   const uint8_t *second_nonce, enum nep_key_id id,
		   uint8_t out[NEP_KEY_LEN]);

/* One direction's keys and CBC state.  Fields are private to crypto.c. */
struct nep_chan {
	int no_crypto;
	int keyed;
	uint8_t mac_key[NEP_KEY_LEN];
	uint8_t cipher_key[NEP_KEY_LEN];
	uint8_t iv[NEP_KEY_LEN];
	void *cctx;   /* EVP_CIPHER_CTX */
	void *cipher; /* EVP_CIPHER (AES-128-CBC), fetched once */
	void *mac;    /* EVP_MAC (HMAC) */
	void *mctx;   /* EVP_MAC_CTX, digest SHA-256 set once */
	/* Which key each context holds, so a message only sets the IV or
	 * re-inits the HMAC with the key already loaded. */
	uint8_t mctx_key[NEP_KEY_LEN];
	int mctx_keyed;
	uint8_t cctx_key[NEP_KEY_LEN];
	int cctx_mode; /* 0 none, 1 encrypt, 2 decrypt */
};

/*
 * Sets up a channel: mac_key/cipher_key (either may be NULL: zero key), the
 * first IV.  Allocates the OpenSSL contexts; nep_chan_clear() frees and
 * wipes.  A zeroed struct nep_chan may be cleared safely.
 */
int nep_chan_init(struct nep_chan *c, int no_crypto, const uint8_t *mac_key,
		  const uint8_t *cipher_key, const uint8_t iv[NEP_KEY_LEN]);
void nep_chan_clear(struct nep_chan *c);

/* Replaces keys (NULL: zero key) and the IV of an initialised channel. */
void nep_chan_set(struct nep_chan *c, const uint8_t *mac_key,
		  const uint8_t *cipher_key, const uint8_t iv[NEP_KEY_LEN]);

/* HMAC-SHA256 of p[0..len) under a 16-byte key.  0 or ERR_SYS. */
int nep_hmac(struct nep_chan *c, const uint8_t key[NEP_KEY_LEN],
	     const uint8_t *p, size_t len, uint8_t out[32]);

/*
 * Seals msg[0..len) in place: MAC over [0,len-32) into [len-32,len), then
 * encrypts [off, off+n) (n multiple of 16, may be 0) and moves the IV
 * chain on to the last ciphertext block.
 */
int nep_chan_seal(struct nep_chan *c, uint8_t *msg, size_t len, size_t off,
		  size_t n);

/*
 * Opens msg[0..len) in place: decrypts [off, off+n) (IV chain moves on
 * first, even if the MAC then fails, doc/nep.md §5.2), then checks
 * the MAC with CRYPTO_memcmp.  ERR_AUTH on mismatch.
 */
int nep_chan_open(struct nep_chan *c, uint8_t *msg, size_t len, size_t off,
		  size_t n);

/* Checks only a MAC (no cipher), e.g. HS_SERVER under MAC_S2C_INITIAL. */
int nep_chan_verify_mac(struct nep_chan *c, const uint8_t key[NEP_KEY_LEN],
			const uint8_t *msg, size_t len);

/* Decrypts the first block in[0..16) to out without moving the chain. */
int nep_chan_peek(struct nep_chan *c, const uint8_t in[16], uint8_t out[16]);

/* Fills buf with n random bytes (RAND_bytes).  0 or ERR_SYS. */
int nep_random(uint8_t *buf, size_t n);

/*
 * Makes OpenSSL do now what it otherwise does on the first session: read
 * its configuration file (loading any provider it names), fetch the
 * cipher, MAC and digest NEP uses and seed its random generator.  For a
 * process about to forbid itself to open files (server/sandbox.h).
 * 0, or ERR_SYS when one of them is not available.
 */
int nep_crypto_preload(void);

#endif
