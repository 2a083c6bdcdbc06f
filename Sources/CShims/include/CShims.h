#ifndef SLUICE_CSHIMS_H
#define SLUICE_CSHIMS_H
#include <stddef.h>
#include <stdint.h>

/// Pins the calling thread to one CPU; returns 0 on success, an errno value otherwise.
int sluice_pin_thread_to_cpu(int cpu);
/// The CPU the calling thread runs on, or -1 when unknown.
int sluice_current_cpu(void);
/// Grows or shrinks a mapping (Linux mremap with MREMAP_MAYMOVE); returns MAP_FAILED on error.
void *sluice_mremap(void *old_address, size_t old_size, size_t new_size);
/// Bytes available to an unprivileged user on the file system holding `path`, or -1 with errno set.
int64_t sluice_free_bytes(const char *path);

/// Hints the CPU to fetch the cache line at `p` for writing (hash-table probes issue this a batch ahead).
static inline void sluice_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }

#endif
