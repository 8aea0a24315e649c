#ifndef EOCUBE_CZLIB_H
#define EOCUBE_CZLIB_H
#include <zlib.h>
// zlib's init functions are macros that Swift cannot import; these wrappers call them.
static inline int eocube_deflate_init2(z_streamp s, int level, int method, int window_bits, int mem_level, int strategy) {
    return deflateInit2(s, level, method, window_bits, mem_level, strategy);
}
static inline int eocube_inflate_init2(z_streamp s, int window_bits) { return inflateInit2(s, window_bits); }
#endif
