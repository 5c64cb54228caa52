// utf8proc (Debian package libutf8proc-dev): Unicode categories, case folding, normalisation.
#include <utf8proc.h>
#include <stdlib.h>
static inline void gleaner_free(void *p) { free(p); }
