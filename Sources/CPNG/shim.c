#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include "CPNG.h"

struct eocube_png_error {
    char *text;
    size_t size;
};

static void eocube_png_on_error(png_structp png, png_const_charp message) {
    struct eocube_png_error *error = png_get_error_ptr(png);
    if (error != NULL && error->text != NULL && error->size > 0) snprintf(error->text, error->size, "libpng: %s", message);
    png_longjmp(png, 1);
}

static void eocube_png_on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

int eocube_png_write_rgba(const char *path, uint32_t width, uint32_t height, const uint8_t *rgba,
                          char *error_text, size_t error_size) {
    struct eocube_png_error error = {error_text, error_size};
    FILE *file = fopen(path, "wb");
    if (file == NULL) {
        snprintf(error_text, error_size, "cannot create %s: %s", path, strerror(errno));
        return -1;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, eocube_png_on_error, eocube_png_on_warning);
    png_infop info = png == NULL ? NULL : png_create_info_struct(png);
    if (png == NULL || info == NULL) {
        snprintf(error_text, error_size, "libpng: out of memory");
        png_destroy_write_struct(&png, &info);
        fclose(file);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        fclose(file);
        return -1;
    }
    png_init_io(png, file);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (uint32_t row = 0; row < height; row++) {
        png_write_row(png, rgba + (size_t)row * width * 4);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    if (fclose(file) != 0) {
        snprintf(error_text, error_size, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}
