#define _GNU_SOURCE
#include <unistd.h>
#include "CPOSIX.h"

int eocube_syncfs(int fd) { return syncfs(fd); }
