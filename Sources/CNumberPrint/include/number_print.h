#ifndef NUMBER_PRINT_H
#define NUMBER_PRINT_H

#include <stddef.h>

/* While on (non-zero) on this thread, snprintf's few formats cairo prints a PDF's numbers with
   are printed here rather than by glibc's general vfprintf; the bytes are glibc's. */
void letters_set_fast_numbers(int on);

/* While disabled (non-zero) on this thread, glibc prints every number whatever
   letters_set_fast_numbers says: for the test that renders a letter both ways. */
void letters_disable_fast_numbers(int disabled);

/* How many numbers were printed here on this thread so far: for the test that checks cairo's
   calls do reach these definitions. */
unsigned long letters_fast_numbers_printed(void);

/* `d` with `precision` decimals (0–18) as "%.*f" prints it into `buffer` of `size` bytes;
   returns the length, or -1 where it leaves the number to glibc (NaN, infinities, magnitudes
   of 2^63 and more). Exposed for the test that compares it with glibc. */
int letters_format_fixed(char *buffer, size_t size, int precision, double d);

/* `n` in hexadecimal as "%0*x" (`zero`) or "%*x" prints it with `width` (0–32), in capitals
   for "%X" (`upper`), into `buffer` of `size` bytes; returns the length. Exposed for the test
   that compares it with glibc. */
int letters_format_hex(char *buffer, size_t size, int width, int zero, int upper, unsigned long long n);

#endif
