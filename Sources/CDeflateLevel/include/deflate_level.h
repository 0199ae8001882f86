#ifndef DEFLATE_LEVEL_H
#define DEFLATE_LEVEL_H

/* Sets the zlib compression level that deflate streams opened on this thread use from now
   on; -1 restores the level each caller asks for. */
void letters_set_deflate_level(int level);

#endif
