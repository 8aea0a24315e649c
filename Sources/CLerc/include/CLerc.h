#ifndef EOCUBE_CLERC_H
#define EOCUBE_CLERC_H
// Esri's LERC library (Debian's liblerc-dev), for decoding LERC blocks Debian 12's libtiff 4.5 rejects.
#include <Lerc_c_api.h>
#endif
