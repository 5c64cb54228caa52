// libxml2 for Swift. ICU is switched off before the encoding header is seen, so modules that
// also import Foundation do not get two definitions of UErrorCode.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/// `xmlFree` is a mutable global function pointer; Swift 6 cannot touch it directly.
static inline void gleaner_xmlFree(void *p) { xmlFree(p); }

/// Silences libxml2's generic error handler (errors are reported per file by Gleaner instead).
static inline void gleaner_silence(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void gleaner_xmlSilenceErrors(void) {
    xmlSetGenericErrorFunc(NULL, gleaner_silence);
}
