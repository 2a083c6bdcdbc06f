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


/// Bitmasks of one 64-byte CSV block: bit i describes byte i (see UnsafeCSVTokenizer+Plain.swift).
typedef struct {
    /// Delimiters and LFs.
    uint64_t structural;
    uint64_t lf;
    uint64_t quote;
} sluice_csv_block;

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Classifies the 64 bytes at `p` (all readable) into delimiter/LF, LF and quote bitmasks: SSE2
/// compares and movemask on x86-64 (Swift cannot emit movemask itself), a plain loop elsewhere.
static inline sluice_csv_block sluice_csv_classify64(const uint8_t *p, uint8_t delimiter, uint8_t quote) {
    sluice_csv_block b = {0, 0, 0};
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8((char)delimiter);
    const __m128i l = _mm_set1_epi8('\n');
    const __m128i q = _mm_set1_epi8((char)quote);
    for (int k = 0; k < 4; k++) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        const __m128i isLF = _mm_cmpeq_epi8(v, l);
        const uint64_t lf = (uint32_t)_mm_movemask_epi8(isLF);
        const uint64_t structural = (uint32_t)_mm_movemask_epi8(_mm_or_si128(isLF, _mm_cmpeq_epi8(v, d)));
        const uint64_t quotes = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, q));
        b.lf |= lf << (16 * k);
        b.structural |= structural << (16 * k);
        b.quote |= quotes << (16 * k);
    }
#else
    for (int i = 0; i < 64; i++) {
        const uint8_t c = p[i];
        b.lf |= (uint64_t)(c == '\n') << i;
        b.structural |= (uint64_t)(c == '\n' || c == delimiter) << i;
        b.quote |= (uint64_t)(c == quote) << i;
    }
#endif
    return b;
}

#endif
