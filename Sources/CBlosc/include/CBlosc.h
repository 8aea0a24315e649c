#ifndef EOCUBE_CBLOSC_H
#define EOCUBE_CBLOSC_H
#include <blosc.h>
#endif
