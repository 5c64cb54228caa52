// Zstandard (Debian package libzstd-dev): stored-field compression.
#include <zstd.h>
