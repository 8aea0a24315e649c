// Intentionally empty: SwiftPM needs one C file per C target; the shim is header-only.
#include "CCrypto.h"
