// Zstandard, for compressed article records in FeedStoreSQLite.
#include <zstd.h>
