#define _GNU_SOURCE
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdio.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif
#ifdef __APPLE__
#include <stdio.h>
#endif
#include "CPOSIX.h"

int eocube_syncfs(int fd) {
#ifdef __linux__
    return syncfs(fd);
#else
    // No syncfs(2): the descriptor's own data, then everything (sync(2) cannot fail).
    if (fsync(fd) != 0 && errno != EINVAL && errno != EBADF) return -1;
    sync();
    return 0;
#endif
}

void eocube_advise_huge_pages(void *start, size_t byte_count) {
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (start == NULL || byte_count < 2 * huge) return;
    uintptr_t first = ((uintptr_t)start + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)start + byte_count) & ~(huge - 1);
#ifdef MADV_HUGEPAGE
    if (end > first) (void)madvise((void *)first, end - first, MADV_HUGEPAGE);
#else
    (void)first; (void)end;
#endif
}

int eocube_start_writeback(int fd) {
#ifdef __linux__
    return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd;
    return 0;  // advisory only: the later flush does all the work
#endif
}

static int eocube_lock_byte(int fd, long long offset, short type) {
    struct flock lock = {0};
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    lock.l_start = (off_t)offset;
    lock.l_len = 1;
#ifdef F_OFD_SETLK
    return fcntl(fd, F_OFD_SETLK, &lock);
#else
    return fcntl(fd, F_SETLK, &lock);
#endif
}

int eocube_try_lock_byte(int fd, long long offset) { return eocube_lock_byte(fd, offset, F_WRLCK); }

int eocube_unlock_byte(int fd, long long offset) { return eocube_lock_byte(fd, offset, F_UNLCK); }

int eocube_rename_exchange(const char *first, const char *second) {
#if defined(__APPLE__)
    return renamex_np(first, second, RENAME_SWAP);
#elif defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, 2 /* RENAME_EXCHANGE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}
