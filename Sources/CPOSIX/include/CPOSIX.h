#ifndef EOCUBE_CPOSIX_H
#define EOCUBE_CPOSIX_H

#include <stddef.h>

/// Linux calls that Swift's Glibc module does not expose (they need _GNU_SOURCE), each with its
/// macOS fallback, and small memory helpers. Swift code reaches them through SystemSupport.

/// syncfs(2): writes back every dirty page of the file system holding `fd` (elsewhere fsync(2) + sync(2)).
int eocube_syncfs(int fd);

/// Asks the kernel to back the 2 MiB-aligned interior of a large, not yet touched buffer with
/// transparent huge pages (madvise MADV_HUGEPAGE; a no-op below 4 MiB or where THP is off).
/// A fresh 100 MB buffer otherwise costs ~25,000 page faults when first written; NumPy does the
/// same for its large arrays.
void eocube_advise_huge_pages(void *start, size_t byte_count);

/// sync_file_range(2) with SYNC_FILE_RANGE_WRITE over the whole file: starts writing its dirty
/// pages back without waiting, so a later flush has less left to wait for (a no-op off Linux).
int eocube_start_writeback(int fd);

/// Takes an exclusive lock on the one byte at `offset` of `fd` (opened for writing) without
/// waiting: 0 when taken, -1 with errno EAGAIN or EACCES when another holder has it. On Linux the
/// lock belongs to the open file description (F_OFD_SETLK), so threads of one process sharing
/// `fd` do not conflict on different bytes and a dying process drops its locks; elsewhere it is a
/// classic POSIX record lock (F_SETLK), which callers only take once per byte per process.
int eocube_try_lock_byte(int fd, long long offset);

/// Releases the lock `eocube_try_lock_byte` took on the byte at `offset` of `fd`.
int eocube_unlock_byte(int fd, long long offset);

/// renameat2(2) with RENAME_EXCHANGE (macOS: renamex_np RENAME_SWAP): atomically swaps the two paths (both must exist).
/// Returns -1 with errno EINVAL or ENOSYS where the file system or kernel cannot.
int eocube_rename_exchange(const char *first, const char *second);

#endif
