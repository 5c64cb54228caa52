// Zstandard (Debian package libzstd-dev): stored-field compression and dictionary training.
#include <zstd.h>
#include <zdict.h>
