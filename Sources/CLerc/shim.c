#include "CLerc.h"
