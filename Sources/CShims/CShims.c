// Wrappers for what Swift cannot call directly: variadic mremap and the _GNU_SOURCE affinity calls.
#define _GNU_SOURCE
#include "CShims.h"
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/statvfs.h>

int sluice_pin_thread_to_cpu(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

int sluice_current_cpu(void) { return sched_getcpu(); }

void *sluice_mremap(void *old_address, size_t old_size, size_t new_size) {
    return mremap(old_address, old_size, new_size, MREMAP_MAYMOVE);
}

int64_t sluice_free_bytes(const char *path) {
    struct statvfs st;
    if (statvfs(path, &st) != 0) return -1;
    return (int64_t)st.f_bavail * (int64_t)st.f_frsize;
}
