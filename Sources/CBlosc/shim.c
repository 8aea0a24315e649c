#include "CBlosc.h"
