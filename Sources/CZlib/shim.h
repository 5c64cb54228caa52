// zlib (Debian package zlib1g-dev): CRC-32 checksums and stored-field compression.
#include <zlib.h>
