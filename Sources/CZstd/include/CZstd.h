#ifndef EOCUBE_CZSTD_H
#define EOCUBE_CZSTD_H
#include <zstd.h>
#endif
