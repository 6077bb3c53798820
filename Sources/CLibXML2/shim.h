// libxml2 2.9.x on Debian is built with ICU; <libxml/encoding.h> then includes the
// system ICU <unicode/ucnv.h>, whose enums clash with the ICU copy inside Swift's
// Foundation (_FoundationICU) in any Swift file that imports both. We never touch
// the ICU-only trailing fields of xmlCharEncodingHandler, so hide them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
