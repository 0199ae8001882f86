/* cairo prints every number of a PDF (coordinates, glyph positions, font widths, object
   numbers) through snprintf: "%f", "%.18f" and "%.*f" for doubles, "%d", "%ld" and the like for
   integers. glibc's vfprintf parses the format and, for a double, works out its exact decimal
   expansion in multi-precision arithmetic every time; for a letter that was a tenth of the
   render. These definitions of snprintf and __snprintf_chk (which cairo, built with
   _FORTIFY_SOURCE, calls) take precedence over glibc's for the libraries this program loads,
   as deflate_level.c's do for zlib. On a thread that asked for it, and only while it asked,
   exactly those formats are printed here, to the same bytes glibc prints (a double's exact
   binary value rounded half to even, as glibc rounds in the default rounding mode; tested
   against glibc in RenderTests). Every other format, every other thread and every number these
   cannot print exactly go to glibc as before, and so does every double while the thread's
   rounding mode is not the default or its locale's decimal point is not ".". */
#define _GNU_SOURCE
/* Fortified headers make snprintf a macro, which these definitions must not meet. */
#undef _FORTIFY_SOURCE
#include "number_print.h"

#include <fenv.h>
#include <langinfo.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static _Thread_local int fast_numbers = 0;
static _Thread_local int disabled_here = 0;
static _Thread_local unsigned long printed_here = 0;

unsigned long letters_fast_numbers_printed(void) { return printed_here; }

static int doubles_as_glibc(void);

/* Whether doubles may be printed here, asked once when numbers are turned on rather than for
   every number: nothing in a render changes the rounding mode or the locale, and asking
   (fegetround, nl_langinfo) for each of a letter's thousands of numbers cost more than a
   twentieth of printing them. */
static _Thread_local int doubles_here = 0;

void letters_set_fast_numbers(int on) {
    fast_numbers = on;
    doubles_here = on && doubles_as_glibc();
}

void letters_disable_fast_numbers(int disabled) { disabled_here = disabled; }

/* glibc's, for everything not printed here. */
extern int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, va_list ap);

static const uint64_t powers_of_ten[19] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL,
};

/* Writes `n`'s decimal digits, at least `width` of them (zeros in front), to `out`; returns
   how many. */
static int digits(char *out, uint64_t n, int width) {
    char reversed[24];
    int count = 0;
    do {
        reversed[count++] = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    while (count < width) reversed[count++] = '0';
    for (int i = 0; i < count; i++) out[i] = reversed[count - 1 - i];
    return count;
}

/* Copies `text` (length `length`) into `buffer` of `size` as snprintf would: truncated and
   terminated; returns `length`. */
static int deliver(char *buffer, size_t size, const char *text, int length) {
    if (size > 0) {
        size_t n = (size_t)length < size - 1 ? (size_t)length : size - 1;
        memcpy(buffer, text, n);
        buffer[n] = '\0';
    }
    return length;
}

int letters_format_fixed(char *buffer, size_t size, int precision, double d) {
    if (precision < 0 || precision > 18 || !isfinite(d)) return -1;
    int negative = signbit(d) != 0;
    double a = fabs(d);
    if (a >= 9223372036854775808.0) return -1; /* 2^63: the integer part would not fit */
    char text[64];
    int length = 0;
    if (negative) text[length++] = '-';
    uint64_t whole, fraction;
    if (a == 0) {
        whole = 0;
        fraction = 0;
    } else {
        /* a = m · 2^e exactly, m < 2^53. */
        int exponent;
        double mantissa = frexp(a, &exponent);
        uint64_t m = (uint64_t)ldexp(mantissa, 53);
        int e = exponent - 53;
        unsigned __int128 scaled = (unsigned __int128)m * powers_of_ten[precision]; /* < 2^113 */
        unsigned __int128 rounded;
        if (e >= 0) {
            /* a < 2^63 keeps e ≤ 10 here (m · 10^18 · 2^10 < 2^123); kept as a guard. */
            if (e > 14) return -1;
            rounded = scaled << e;
        } else {
            int k = -e;
            if (k >= 128) {
                rounded = 0; /* a · 10^precision < 2^113 / 2^128 < 1/2 */
            } else {
                unsigned __int128 quotient = scaled >> k;
                unsigned __int128 remainder = scaled - (quotient << k);
                unsigned __int128 half = (unsigned __int128)1 << (k - 1);
                if (remainder > half || (remainder == half && (quotient & 1) != 0)) quotient += 1;
                rounded = quotient;
            }
        }
        unsigned __int128 w = rounded / powers_of_ten[precision];
        if (w > UINT64_MAX) return -1;
        whole = (uint64_t)w;
        fraction = (uint64_t)(rounded - w * powers_of_ten[precision]);
    }
    length += digits(text + length, whole, 1);
    if (precision > 0) {
        text[length++] = '.';
        length += digits(text + length, fraction, precision);
    }
    return deliver(buffer, size, text, length);
}

static int format_signed(char *buffer, size_t size, long long n) {
    char text[24];
    int length = 0;
    uint64_t magnitude = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
    if (n < 0) text[length++] = '-';
    length += digits(text + length, magnitude, 1);
    return deliver(buffer, size, text, length);
}

static int format_unsigned(char *buffer, size_t size, unsigned long long n) {
    char text[24];
    return deliver(buffer, size, text, digits(text, n, 1));
}

int letters_format_hex(char *buffer, size_t size, int width, int zero, int upper, unsigned long long n) {
    if (width < 0 || width > 32) return -1;
    const char *alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char reversed[16];
    int count = 0;
    do {
        reversed[count++] = alphabet[n & 15];
        n >>= 4;
    } while (n != 0);
    char text[48];
    int length = 0;
    for (int pad = width - count; pad > 0; pad--) text[length++] = zero ? '0' : ' ';
    while (count > 0) text[length++] = reversed[--count];
    return deliver(buffer, size, text, length);
}

/* Whether `f` is `literal`: the format strings are two or three characters, and calling
   strcmp for each of a letter's thousands of numbers cost more than comparing them here. */
static int same(const char *f, const char *literal) {
    while (*literal != 0) {
        if (*f++ != *literal++) return 0;
    }
    return *f == 0;
}

/* cairo's hexadecimal formats ("%0*x" for every glyph of a text string, "%04x" and "%02x" in
   font subsets and their Unicode maps): printed here when they are, -2 when not. */
static int print_hex(char *buffer, size_t size, const char *f, va_list *ap) {
    int zero = 0, star = 0, width = 0, longs = 0;
    if (*f == '0') {
        zero = 1;
        f++;
    }
    if (*f == '*') {
        star = 1;
        f++;
    } else {
        while (*f >= '0' && *f <= '9' && width <= 32) width = width * 10 + (*f++ - '0');
    }
    while (*f == 'l' && longs < 2) {
        longs++;
        f++;
    }
    if ((*f != 'x' && *f != 'X') || f[1] != 0) return -2;
    if (star) {
        va_list copy;
        va_copy(copy, *ap);
        width = va_arg(copy, int);
        va_end(copy);
    }
    if (width < 0 || width > 32) return -2; /* left-justified, or wider than a number: glibc's */
    if (star) (void)va_arg(*ap, int);
    unsigned long long n = longs == 0 ? va_arg(*ap, unsigned int) : longs == 1 ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned long long);
    return letters_format_hex(buffer, size, width, zero, *f == 'X', n);
}

/* Whether glibc would print a double as letters_format_fixed does: rounding to nearest, and
   "." as the locale's decimal point (nothing in the process changes either today). */
static int doubles_as_glibc(void) {
    const char *point = nl_langinfo(RADIXCHAR);
    return fegetround() == FE_TONEAREST && point != NULL && point[0] == '.' && point[1] == '\0';
}

/* Prints `format` here when it is one of cairo's number formats and this thread asked for it;
   returns -2 when glibc is to print it. `ap` is consumed only when printed here. */
static int print_here(char *buffer, size_t size, const char *format, va_list *ap) {
    if (!fast_numbers || disabled_here || format[0] != '%') return -2;
    const char *f = format + 1;
    int hex = print_hex(buffer, size, f, ap);
    if (hex != -2) return hex;
    if (f[0] != 'd' && f[0] != 'u' && f[0] != 'l' && !doubles_here) return -2;
    if (same(f, "f") || same(f, ".18f")) {
        va_list copy;
        va_copy(copy, *ap);
        double d = va_arg(copy, double);
        va_end(copy);
        int length = letters_format_fixed(buffer, size, f[0] == 'f' ? 6 : 18, d);
        if (length < 0) return -2;
        (void)va_arg(*ap, double);
        return length;
    }
    if (same(f, ".*f")) {
        va_list copy;
        va_copy(copy, *ap);
        int precision = va_arg(copy, int);
        double d = va_arg(copy, double);
        va_end(copy);
        int length = letters_format_fixed(buffer, size, precision, d);
        if (length < 0) return -2;
        (void)va_arg(*ap, int);
        (void)va_arg(*ap, double);
        return length;
    }
    if (same(f, "d")) return format_signed(buffer, size, va_arg(*ap, int));
    if (same(f, "ld")) return format_signed(buffer, size, va_arg(*ap, long));
    if (same(f, "lld")) return format_signed(buffer, size, va_arg(*ap, long long));
    if (same(f, "u")) return format_unsigned(buffer, size, va_arg(*ap, unsigned int));
    if (same(f, "lu")) return format_unsigned(buffer, size, va_arg(*ap, unsigned long));
    if (same(f, "llu")) return format_unsigned(buffer, size, va_arg(*ap, unsigned long long));
    return -2;
}

int snprintf(char *s, size_t maxlen, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    int result = print_here(s, maxlen, format, &ap);
    if (result == -2) result = vsnprintf(s, maxlen, format, ap);
    else printed_here += 1;
    va_end(ap);
    return result;
}

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    /* A buffer smaller than it claims is glibc's to report (it stops the process). */
    int result = slen < maxlen ? -2 : print_here(s, maxlen, format, &ap);
    if (result == -2) result = __vsnprintf_chk(s, maxlen, flag, slen, format, ap);
    else printed_here += 1;
    va_end(ap);
    return result;
}
