/* libjpeg's default error handler calls exit(); this one longjmps back to the
   caller so that a corrupt upload becomes an error value, and its message
   handler records instead of printing to stderr. */
#include "jpeg_shim.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf escape;
    char *message;
    int *warnings;
} shim_error_mgr;

static void shim_error_exit(j_common_ptr cinfo) {
    shim_error_mgr *err = (shim_error_mgr *)cinfo->err;
    char buffer[JMSG_LENGTH_MAX];
    err->base.format_message(cinfo, buffer);
    snprintf(err->message, JPEG_SHIM_MESSAGE_LENGTH, "%s", buffer);
    longjmp(err->escape, 1);
}

static void shim_emit_message(j_common_ptr cinfo, int level) {
    shim_error_mgr *err = (shim_error_mgr *)cinfo->err;
    if (level < 0) {
        /* A warning means damaged data (a truncated file is only a warning to
           libjpeg, which pads it with grey): keep the first one. */
        if (*err->warnings == 0) {
            char buffer[JMSG_LENGTH_MAX];
            err->base.format_message(cinfo, buffer);
            snprintf(err->message, JPEG_SHIM_MESSAGE_LENGTH, "%s", buffer);
        }
        (*err->warnings)++;
        err->base.num_warnings++;
    }
}

static void shim_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void shim_install(shim_error_mgr *err, char *message, int *warnings) {
    jpeg_std_error(&err->base);
    err->base.error_exit = shim_error_exit;
    err->base.emit_message = shim_emit_message;
    err->base.output_message = shim_output_message;
    err->message = message;
    err->warnings = warnings;
}

int jpeg_shim_read(const unsigned char *data, size_t size, int decode,
                   unsigned char *out, size_t stride, jpeg_shim_info *info) {
    struct jpeg_decompress_struct cinfo;
    shim_error_mgr err;
    /* Changed after setjmp and freed on the longjmp path: volatile, or its value there is indeterminate (C11 7.13.2.1). */
    JSAMPLE *volatile row = NULL;
    memset(info, 0, sizeof(*info));
    shim_install(&err, info->message, &info->warnings);
    cinfo.err = &err.base;
    if (setjmp(err.escape)) {
        jpeg_destroy_decompress(&cinfo);
        free(row);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    info->width = (int)cinfo.image_width;
    info->height = (int)cinfo.image_height;
    info->components = cinfo.num_components;
    info->color_space = (int)cinfo.jpeg_color_space;
    info->saw_jfif = cinfo.saw_JFIF_marker;
    info->density_unit = cinfo.density_unit;
    info->x_density = cinfo.X_density;
    info->y_density = cinfo.Y_density;
    /* A few hundred bytes can declare 65,000 x 65,000 pixels, which libjpeg would then decode
       (filling in what is missing) for minutes: such an image is refused on its size anyway,
       so it is not decoded at all (found by fuzzing). */
    if (cinfo.image_width > JPEG_SHIM_MAX_DECODE_SIDE || cinfo.image_height > JPEG_SHIM_MAX_DECODE_SIDE) decode = 0;
    if (decode && (cinfo.jpeg_color_space == JCS_GRAYSCALE || cinfo.jpeg_color_space == JCS_YCbCr ||
                   cinfo.jpeg_color_space == JCS_RGB)) {
        cinfo.out_color_space = JCS_EXT_BGRX;
        jpeg_start_decompress(&cinfo);
        row = malloc((size_t)cinfo.output_width * 4);
        while (cinfo.output_scanline < cinfo.output_height) {
            JSAMPROW target = out ? out + stride * cinfo.output_scanline : row;
            jpeg_read_scanlines(&cinfo, &target, 1);
        }
        jpeg_finish_decompress(&cinfo);
    } else if (decode) {
        /* Other colour spaces are rejected by the caller; still read the data
           so that damage is reported too. */
        jpeg_start_decompress(&cinfo);
        row = malloc((size_t)cinfo.output_width * (size_t)cinfo.output_components);
        JSAMPROW scan = row;
        while (cinfo.output_scanline < cinfo.output_height) {
            jpeg_read_scanlines(&cinfo, &scan, 1);
        }
        jpeg_finish_decompress(&cinfo);
    }
    jpeg_destroy_decompress(&cinfo);
    free(row);
    return 0;
}

int jpeg_shim_encode(const unsigned char *pixels, jpeg_shim_layout layout, int width, int height,
                          size_t stride, int quality, int dpi,
                          unsigned char **out, size_t *out_size,
                          char message[JPEG_SHIM_MESSAGE_LENGTH]) {
    struct jpeg_compress_struct cinfo;
    shim_error_mgr err;
    int warnings = 0;
    unsigned char *buffer = NULL;
    unsigned long length = 0;
    message[0] = 0;
    shim_install(&err, message, &warnings);
    cinfo.err = &err.base;
    if (setjmp(err.escape)) {
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        return -1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &buffer, &length);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    switch (layout) {
    case JPEG_SHIM_GRAY:
        cinfo.input_components = 1;
        cinfo.in_color_space = JCS_GRAYSCALE;
        break;
    case JPEG_SHIM_CMYK:
        cinfo.input_components = 4;
        cinfo.in_color_space = JCS_CMYK;
        break;
    default:
        cinfo.input_components = 4;
        cinfo.in_color_space = JCS_EXT_BGRX;
        break;
    }
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    cinfo.write_JFIF_header = TRUE;
    cinfo.density_unit = 1;
    cinfo.X_density = (UINT16)dpi;
    cinfo.Y_density = (UINT16)dpi;
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + stride * cinfo.next_scanline);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *out = buffer;
    *out_size = length;
    return 0;
}

void jpeg_shim_free(void *pointer) { free(pointer); }
