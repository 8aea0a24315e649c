#ifndef EOCUBE_CTIFF_H
#define EOCUBE_CTIFF_H
#include <stdint.h>
#include <tiffio.h>

// Typed wrappers for libtiff's variadic tag accessors, which Swift cannot call.
// Each returns 1 when the tag is present (libtiff's convention), 0 otherwise.
static inline int eocube_tiff_get_u16(TIFF *t, uint32_t tag, uint16_t *v) { return TIFFGetField(t, tag, v); }
static inline int eocube_tiff_get_u32(TIFF *t, uint32_t tag, uint32_t *v) { return TIFFGetField(t, tag, v); }
static inline int eocube_tiff_get_u64(TIFF *t, uint32_t tag, uint64_t *v) { return TIFFGetField(t, tag, v); }
static inline int eocube_tiff_get_float(TIFF *t, uint32_t tag, float *v) { return TIFFGetField(t, tag, v); }
static inline int eocube_tiff_get_string(TIFF *t, uint32_t tag, char **v) { return TIFFGetField(t, tag, v); }
static inline int eocube_tiff_get_u16_default(TIFF *t, uint32_t tag, uint16_t *v) { return TIFFGetFieldDefaulted(t, tag, v); }
static inline int eocube_tiff_get_u32_default(TIFF *t, uint32_t tag, uint32_t *v) { return TIFFGetFieldDefaulted(t, tag, v); }
/// Array-valued tags: count (uint32 for TIFF_VARIABLE2 tags, uint16 for TIFF_VARIABLE) and pointer.
static inline int eocube_tiff_get_count32_array(TIFF *t, uint32_t tag, uint32_t *count, void **v) { return TIFFGetField(t, tag, count, v); }
static inline int eocube_tiff_get_count16_array(TIFF *t, uint32_t tag, uint16_t *count, void **v) { return TIFFGetField(t, tag, count, v); }
static inline int eocube_tiff_get_array(TIFF *t, uint32_t tag, void **v) { return TIFFGetField(t, tag, v); }
static inline int eocube_tiff_get_u16_pair(TIFF *t, uint32_t tag, uint16_t *a, uint16_t *b) { return TIFFGetField(t, tag, a, b); }
static inline int eocube_tiff_set_u16(TIFF *t, uint32_t tag, uint16_t v) { return TIFFSetField(t, tag, (int)v); }
static inline int eocube_tiff_set_u32(TIFF *t, uint32_t tag, uint32_t v) { return TIFFSetField(t, tag, v); }

/// Error and warning handlers routed to Swift: libtiff's handlers are variadic (va_list),
/// so the shim formats the message and hands Swift a plain string plus the opaque user data
/// the TIFF was opened with (TIFFOpenOptionsSetErrorHandlerExtR, libtiff >= 4.5).
typedef void (*eocube_tiff_message_sink)(void *user_data, int is_error, const char *module, const char *message);
/// Sets the one function that receives every formatted message; call once before opening files.
void eocube_tiff_set_message_sink(eocube_tiff_message_sink sink);
/// Open options whose handlers forward to the sink with `user_data` (one per open file).
TIFFOpenOptions *eocube_tiff_open_options_new(void *user_data);
/// Silences libtiff's process-wide stderr handlers (messages arrive per file through the sink).
void eocube_tiff_silence_global_handlers(void);
/// Registers the GeoTIFF tags (33550, 33922, 34264, 34735-34737) and GDAL's private tags
/// (42112 GDAL_METADATA, 42113 GDAL_NODATA) with libtiff through a tag extender, once per process.
void eocube_tiff_register_geotiff_tags(void);
/// Like eocube_tiff_open_options_new, plus a cap on any single allocation libtiff makes
/// (TIFFOpenOptionsSetMaxSingleMemAlloc), so absurd sizes in a file fail instead of allocating.
TIFFOpenOptions *eocube_tiff_open_options_limited(void *user_data, int64_t max_single_allocation);
/// Typed wrapper for the JPEG pseudo-tag that makes libtiff convert YCbCr JPEG to RGB.
static inline int eocube_tiff_set_jpeg_rgb(TIFF *t) { return TIFFSetField(t, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB); }
#endif
