#ifndef EOCUBE_CPOSIX_H
#define EOCUBE_CPOSIX_H

/// Linux calls that Swift's Glibc module does not expose (they need _GNU_SOURCE).

/// syncfs(2): writes back every dirty page of the file system holding `fd`.
int eocube_syncfs(int fd);

#endif
