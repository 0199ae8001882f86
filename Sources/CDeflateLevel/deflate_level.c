/* cairo 1.16 deflates every PDF stream through zlib at its default level 6 and offers no
   setting; for a letter that was two fifths of the render time. These definitions of zlib's
   deflateInit_, deflate and deflateEnd take precedence over zlib's for the libraries this
   program loads (ELF symbol interposition; zlib's own compress2 calls them through its PLT
   too). On a thread that asked for it, and only while it asked, a stream opened is not zlib's:
   its input is gathered and compressed whole by libdeflate when the caller finishes it — a
   PDF stream is a few tens of kilobytes, and libdeflate's whole-buffer compressor is several
   times faster than zlib's streaming one at a better ratio. Its output is a standard zlib
   stream (FlateDecode). Every other stream, every other thread and every other zlib user in
   the process goes to zlib as before. */
#define _GNU_SOURCE
#include "deflate_level.h"

#include <dlfcn.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static _Thread_local int override_level = -1;

void letters_set_deflate_level(int level) { override_level = level; }

/* Marks a z_stream's state as ours: zlib's internal state begins with a pointer back to its
   z_stream, which can never be this variable's address. */
static const char whole_stream_marker = 0;

typedef struct {
    const void *marker;
    int level;
    unsigned char *in;
    size_t in_len, in_cap;
    unsigned char *out;
    size_t out_len, out_pos;
    int compressed;
} whole_stream;

typedef int (*deflate_init_fn)(z_streamp, int, const char *, int);
typedef int (*deflate_fn)(z_streamp, int);
typedef int (*deflate_end_fn)(z_streamp);

static deflate_init_fn real_init;
static deflate_fn real_deflate;
static deflate_end_fn real_end;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void find_real(void) {
    real_init = (deflate_init_fn)dlsym(RTLD_NEXT, "deflateInit_");
    real_deflate = (deflate_fn)dlsym(RTLD_NEXT, "deflate");
    real_end = (deflate_end_fn)dlsym(RTLD_NEXT, "deflateEnd");
}

/* One compressor per thread and level, kept: making one costs more than a letter's stream. */
static pthread_key_t compressor_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
typedef struct {
    int level;
    struct libdeflate_compressor *c;
} thread_compressor;

static void free_thread_compressor(void *p) {
    thread_compressor *t = p;
    if (t != NULL) {
        libdeflate_free_compressor(t->c);
        free(t);
    }
}

static void make_key(void) { pthread_key_create(&compressor_key, free_thread_compressor); }

static struct libdeflate_compressor *compressor(int level) {
    pthread_once(&key_once, make_key);
    thread_compressor *t = pthread_getspecific(compressor_key);
    if (t != NULL && t->level == level) return t->c;
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
    if (c == NULL) return NULL;
    if (t == NULL) {
        t = malloc(sizeof *t);
        if (t == NULL) {
            libdeflate_free_compressor(c);
            return NULL;
        }
    } else {
        libdeflate_free_compressor(t->c);
    }
    t->level = level;
    t->c = c;
    pthread_setspecific(compressor_key, t);
    return c;
}

static whole_stream *ours(z_streamp strm) {
    if (strm == NULL || strm->state == NULL) return NULL;
    whole_stream *w = (whole_stream *)strm->state;
    return w->marker == &whole_stream_marker ? w : NULL;
}

/* cairo calls deflate until it returns Z_STREAM_END, whatever else it returns: an error there
   would spin the thread for ever. zlib allocates everything when a stream opens, so it never
   fails later; this stream must grow its buffers later, and when memory runs out then, it
   stops the process with a message, as the Swift runtime does on the same failure. Failures
   it can report (the stream's state, the compressor) are reported at deflateInit_. */
static void out_of_memory(void) {
    fputs("letters: out of memory while compressing a PDF stream\n", stderr);
    abort();
}

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size) {
    pthread_once(&real_once, find_real);
    if (override_level < 0 || strm == NULL) return real_init(strm, level, version, stream_size);
    /* libdeflate's levels run 0–12; zlib's 0–9 map onto them as they are. */
    if (compressor(override_level) == NULL) return Z_MEM_ERROR;
    whole_stream *w = calloc(1, sizeof *w);
    if (w == NULL) return Z_MEM_ERROR;
    w->marker = &whole_stream_marker;
    w->level = override_level;
    strm->state = (struct internal_state *)w;
    strm->total_in = strm->total_out = 0;
    strm->msg = NULL;
    strm->adler = 1;
    return Z_OK;
}

static int gather(whole_stream *w, z_streamp strm) {
    size_t n = strm->avail_in;
    if (n == 0) return Z_OK;
    if (strm->next_in == NULL) return Z_STREAM_ERROR;
    if (w->in_len + n > w->in_cap) {
        size_t cap = w->in_cap < 16384 ? 16384 : w->in_cap;
        while (cap < w->in_len + n) cap *= 2;
        unsigned char *in = realloc(w->in, cap);
        if (in == NULL) out_of_memory();
        w->in = in;
        w->in_cap = cap;
    }
    memcpy(w->in + w->in_len, strm->next_in, n);
    w->in_len += n;
    strm->next_in += n;
    strm->avail_in = 0;
    strm->total_in += n;
    return Z_OK;
}

/* Flushes other than Z_FINISH (Z_SYNC_FLUSH and the like) produce nothing until Z_FINISH:
   cairo uses only Z_NO_FLUSH and Z_FINISH, and only cairo's streams come here. */
int deflate(z_streamp strm, int flush) {
    pthread_once(&real_once, find_real);
    whole_stream *w = ours(strm);
    if (w == NULL) return real_deflate(strm, flush);
    if (!w->compressed) {
        int status = gather(w, strm);
        if (status != Z_OK) return status;
        if (flush != Z_FINISH) return Z_OK;
        struct libdeflate_compressor *c = compressor(w->level);
        if (c == NULL) out_of_memory();
        size_t bound = libdeflate_zlib_compress_bound(c, w->in_len);
        w->out = malloc(bound);
        if (w->out == NULL) out_of_memory();
        /* Never 0 with a buffer of the bound's size (libdeflate's contract). */
        w->out_len = libdeflate_zlib_compress(c, w->in, w->in_len, w->out, bound);
        if (w->out_len == 0) abort();
        strm->adler = libdeflate_adler32(1, w->in, w->in_len);
        free(w->in);
        w->in = NULL;
        w->in_len = w->in_cap = 0;
        w->compressed = 1;
    } else if (strm->avail_in != 0) {
        return Z_STREAM_ERROR;
    }
    size_t n = w->out_len - w->out_pos;
    if (n > strm->avail_out) n = strm->avail_out;
    if (n > 0) {
        if (strm->next_out == NULL) return Z_STREAM_ERROR;
        memcpy(strm->next_out, w->out + w->out_pos, n);
        strm->next_out += n;
        strm->avail_out -= (uInt)n;
        strm->total_out += n;
        w->out_pos += n;
    }
    if (w->out_pos == w->out_len) return Z_STREAM_END;
    return n > 0 ? Z_OK : Z_BUF_ERROR;
}

int deflateEnd(z_streamp strm) {
    pthread_once(&real_once, find_real);
    whole_stream *w = ours(strm);
    if (w == NULL) return real_end(strm);
    int finished = w->compressed && w->out_pos == w->out_len;
    free(w->in);
    free(w->out);
    free(w);
    strm->state = NULL;
    return finished ? Z_OK : Z_DATA_ERROR;
}
