#ifndef EOCUBE_CCURL_H
#define EOCUBE_CCURL_H
#include <curl/curl.h>

// Typed wrappers for libcurl's variadic setters and getters, which Swift cannot call.
static inline CURLcode eocube_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode eocube_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode eocube_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode eocube_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode eocube_curl_setopt_offset(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*eocube_curl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode eocube_curl_setopt_write_function(CURL *h, CURLoption o, eocube_curl_write_callback f) { return curl_easy_setopt(h, o, f); }
static inline CURLcode eocube_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode eocube_curl_getinfo_offset(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode eocube_curl_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode eocube_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
#endif
