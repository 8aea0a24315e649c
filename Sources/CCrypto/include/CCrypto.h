#ifndef EOCUBE_CCRYPTO_H
#define EOCUBE_CCRYPTO_H
#include <stddef.h>
#include <openssl/evp.h>

// One-shot digests through OpenSSL's EVP interface (the library libcurl already links):
// SHA-256 signs S3 request payloads (x-amz-content-sha256), MD5 is the Content-MD5 that
// S3's multi-object delete requires. Each returns 1 on success.
static inline int eocube_sha256(const void *data, size_t count, unsigned char out[32]) {
    unsigned int length = 0;
    return EVP_Digest(data, count, out, &length, EVP_sha256(), NULL) == 1 && length == 32;
}
static inline int eocube_md5(const void *data, size_t count, unsigned char out[16]) {
    unsigned int length = 0;
    return EVP_Digest(data, count, out, &length, EVP_md5(), NULL) == 1 && length == 16;
}
#endif
