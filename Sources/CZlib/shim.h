// zlib, for gzip input (FeedSources) and compressed stored records (FeedStoreSQLite).
#include <zlib.h>
