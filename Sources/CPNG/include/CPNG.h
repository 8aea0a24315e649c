#ifndef EOCUBE_CPNG_H
#define EOCUBE_CPNG_H

#include <stddef.h>
#include <stdint.h>

/// Writes an 8-bit RGBA image (`width` × `height` pixels, rows top to bottom, 4 bytes a pixel)
/// as a PNG file at `path`. Returns 0, or -1 with a message in `error` (libpng reports errors
/// by longjmp, which only C can catch).
int eocube_png_write_rgba(const char *path, uint32_t width, uint32_t height, const uint8_t *rgba,
                          char *error, size_t error_size);

#endif
