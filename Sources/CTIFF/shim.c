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
