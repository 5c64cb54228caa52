// Snowball stemmers (libstemmer, Debian package libstemmer-dev).
#include <libstemmer.h>
