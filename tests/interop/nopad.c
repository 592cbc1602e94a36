/*
 * nopad.c: LD_PRELOAD shim that lets Debian's nping 0.7.93 echo mode work
 * under OpenSSL 3 (nmap issue #2547).
 *
 * nping calls EVP_CIPHER_CTX_set_padding(ctx, 0) and only then
 * EVP_EncryptInit()/EVP_DecryptInit().  OpenSSL 3 resets the padding flag
 * inside the init call, so AES-128-CBC runs with PKCS#7 padding: the peer's
 * last block never decrypts and the NEP handshake fails.  Each wrapper here
 * calls the real init through dlsym(RTLD_NEXT, ...) and then switches
 * padding off again.  The _ex variants are wrapped too in case another
 * build of nping uses them.
 *
 * Build: cc -shared -fPIC -o nopad.so nopad.c -ldl   (tests/interop/build-shim.sh)
 * Use:   LD_PRELOAD=/abs/path/nopad.so nping --echo-client ...
 *
 * Errors: if the real symbol cannot be found the wrapper returns 0, which
 * is what OpenSSL returns for a failed init.
 */
#include <dlfcn.h>
#include <openssl/evp.h>

typedef int (*init_fn)(EVP_CIPHER_CTX *, const EVP_CIPHER *,
		       const unsigned char *, const unsigned char *);
typedef int (*init_ex_fn)(EVP_CIPHER_CTX *, const EVP_CIPHER *, ENGINE *,
			  const unsigned char *, const unsigned char *);

static int
nopad_after(EVP_CIPHER_CTX *ctx, int ret)
{
	if (ret == 1 && ctx != NULL)
		EVP_CIPHER_CTX_set_padding(ctx, 0);
	return ret;
}

static int
nopad_call(const char *name, EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher,
	   const unsigned char *key, const unsigned char *iv)
{
	init_fn real = (init_fn)dlsym(RTLD_NEXT, name);

	if (real == NULL)
		return 0;
	return nopad_after(ctx, real(ctx, cipher, key, iv));
}

static int
nopad_call_ex(const char *name, EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher,
	      ENGINE *eng, const unsigned char *key, const unsigned char *iv)
{
	init_ex_fn real = (init_ex_fn)dlsym(RTLD_NEXT, name);

	if (real == NULL)
		return 0;
	return nopad_after(ctx, real(ctx, cipher, eng, key, iv));
}

int
EVP_EncryptInit(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher,
		const unsigned char *key, const unsigned char *iv)
{
	return nopad_call("EVP_EncryptInit", ctx, cipher, key, iv);
}

int
EVP_DecryptInit(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher,
		const unsigned char *key, const unsigned char *iv)
{
	return nopad_call("EVP_DecryptInit", ctx, cipher, key, iv);
}

int
EVP_EncryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *eng,
		   const unsigned char *key, const unsigned char *iv)
{
	return nopad_call_ex("EVP_EncryptInit_ex", ctx, cipher, eng, key, iv);
}

int
EVP_DecryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *eng,
		   const unsigned char *key, const unsigned char *iv)
{
	return nopad_call_ex("EVP_DecryptInit_ex", ctx, cipher, eng, key, iv);
}
