#ifndef JPEG_SHIM_H
#define JPEG_SHIM_H

#include <stddef.h>

#define JPEG_SHIM_MESSAGE_LENGTH 200
/* Images with a side longer than this are read for their header only, never decoded. */
#define JPEG_SHIM_MAX_DECODE_SIDE 2000

/* What the header and a full decode of a JPEG said. */
typedef struct {
    int width;
    int height;
    int components;
    /* libjpeg's J_COLOR_SPACE of the file. */
    int color_space;
    int saw_jfif;
    /* 0 = aspect ratio only, 1 = dots per inch, 2 = dots per cm. */
    int density_unit;
    int x_density;
    int y_density;
    /* Non-zero when libjpeg warned (for example premature end of data). */
    int warnings;
    char message[JPEG_SHIM_MESSAGE_LENGTH];
} jpeg_shim_info;

/* Reads the header and, when decode is non-zero, decodes every scanline into
   out (BGRX, 4 bytes a pixel, stride bytes a row; may be NULL to discard).
   Returns 0 on success, -1 on a libjpeg error (info->message says which);
   never exits the process. */
int jpeg_shim_read(const unsigned char *data, size_t size, int decode,
                   unsigned char *out, size_t stride, jpeg_shim_info *info);

/* Pixel layouts jpeg_shim_encode accepts. */
typedef enum {
    JPEG_SHIM_BGRX = 0,      /* 4 bytes a pixel, cairo's RGB24 */
    JPEG_SHIM_GRAY = 1,      /* 1 byte a pixel */
    JPEG_SHIM_CMYK = 2       /* 4 bytes a pixel */
} jpeg_shim_layout;

/* Encodes pixels as a baseline JPEG with a JFIF header giving dpi.
   On success returns 0 and *out and *out_size hold a malloc'ed buffer the caller
   frees with jpeg_shim_free. */
int jpeg_shim_encode(const unsigned char *pixels, jpeg_shim_layout layout, int width, int height,
                          size_t stride, int quality, int dpi,
                          unsigned char **out, size_t *out_size,
                          char message[JPEG_SHIM_MESSAGE_LENGTH]);

void jpeg_shim_free(void *pointer);

#endif
