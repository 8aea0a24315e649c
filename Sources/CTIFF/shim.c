#include "CTIFF.h"
#include <stdarg.h>
#include <stdio.h>

static eocube_tiff_message_sink eocube_sink = NULL;

void eocube_tiff_set_message_sink(eocube_tiff_message_sink sink) { eocube_sink = sink; }

static int eocube_forward(void *user_data, const char *module, const char *fmt, va_list ap, int is_error) {
    if (!eocube_sink) return 1;
    char buffer[1024];
    vsnprintf(buffer, sizeof buffer, fmt, ap);
    eocube_sink(user_data, is_error, module ? module : "", buffer);
    return 1; // handled: libtiff must not also print to stderr
}
static int eocube_error(TIFF *tif, void *ud, const char *module, const char *fmt, va_list ap) {
    (void)tif; return eocube_forward(ud, module, fmt, ap, 1);
}
static int eocube_warning(TIFF *tif, void *ud, const char *module, const char *fmt, va_list ap) {
    (void)tif; return eocube_forward(ud, module, fmt, ap, 0);
}

TIFFOpenOptions *eocube_tiff_open_options_new(void *user_data) {
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (!options) return NULL;
    TIFFOpenOptionsSetErrorHandlerExtR(options, eocube_error, user_data);
    TIFFOpenOptionsSetWarningHandlerExtR(options, eocube_warning, user_data);
    return options;
}

void eocube_tiff_silence_global_handlers(void) {
    TIFFSetErrorHandler(NULL);
    TIFFSetWarningHandler(NULL);
}

// MARK: GeoTIFF and GDAL private tags
//
// libtiff reads tags it does not know as anonymous fields (with a warning per tag);
// registering them through a tag extender gives them names, the right types and a
// predictable TIFFGetField calling convention: arrays as (uint32 count, pointer),
// text as (char *).
#include <pthread.h>

static const TIFFFieldInfo eocube_geotiff_fields[] = {
    {33550, TIFF_VARIABLE2, TIFF_VARIABLE2, TIFF_DOUBLE, FIELD_CUSTOM, 1, 1, "ModelPixelScaleTag"},
    {33922, TIFF_VARIABLE2, TIFF_VARIABLE2, TIFF_DOUBLE, FIELD_CUSTOM, 1, 1, "ModelTiepointTag"},
    {34264, TIFF_VARIABLE2, TIFF_VARIABLE2, TIFF_DOUBLE, FIELD_CUSTOM, 1, 1, "ModelTransformationTag"},
    {34735, TIFF_VARIABLE2, TIFF_VARIABLE2, TIFF_SHORT, FIELD_CUSTOM, 1, 1, "GeoKeyDirectoryTag"},
    {34736, TIFF_VARIABLE2, TIFF_VARIABLE2, TIFF_DOUBLE, FIELD_CUSTOM, 1, 1, "GeoDoubleParamsTag"},
    {34737, TIFF_VARIABLE, TIFF_VARIABLE, TIFF_ASCII, FIELD_CUSTOM, 1, 0, "GeoAsciiParamsTag"},
    {42112, TIFF_VARIABLE, TIFF_VARIABLE, TIFF_ASCII, FIELD_CUSTOM, 1, 0, "GDAL_METADATA"},
    {42113, TIFF_VARIABLE, TIFF_VARIABLE, TIFF_ASCII, FIELD_CUSTOM, 1, 0, "GDAL_NODATA"},
};

static TIFFExtendProc eocube_parent_extender = NULL;

static void eocube_tag_extender(TIFF *tif) {
    TIFFMergeFieldInfo(tif, eocube_geotiff_fields,
                       (uint32_t)(sizeof eocube_geotiff_fields / sizeof eocube_geotiff_fields[0]));
    if (eocube_parent_extender) eocube_parent_extender(tif);
}

static pthread_once_t eocube_register_once = PTHREAD_ONCE_INIT;
static void eocube_register(void) { eocube_parent_extender = TIFFSetTagExtender(eocube_tag_extender); }

void eocube_tiff_register_geotiff_tags(void) { pthread_once(&eocube_register_once, eocube_register); }

TIFFOpenOptions *eocube_tiff_open_options_limited(void *user_data, int64_t max_single_allocation) {
    TIFFOpenOptions *options = eocube_tiff_open_options_new(user_data);
    if (options && max_single_allocation > 0) TIFFOpenOptionsSetMaxSingleMemAlloc(options, (tmsize_t)max_single_allocation);
    return options;
}
