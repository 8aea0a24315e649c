// Loops the Swift compiler cannot vectorise because they need lane shifts.
#include "CKernels.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// A running sum is a chain of dependent adds, one per sample. With SSE2 each group of lanes
// takes its in-register prefix sum in log2(lanes) shifted adds, and only the carry (the last
// lane, broadcast) links one group to the next: about twice as fast on 16-bit samples.

void eocube_undo_differencing_u16(uint16_t *row, size_t count) {
    size_t i = 0;
    uint16_t sum = 0;
#if defined(__SSE2__)
    __m128i carry = _mm_setzero_si128();
    for (; i + 8 <= count; i += 8) {
        __m128i x = _mm_loadu_si128((const __m128i *)(row + i));
        x = _mm_add_epi16(x, _mm_slli_si128(x, 2));
        x = _mm_add_epi16(x, _mm_slli_si128(x, 4));
        x = _mm_add_epi16(x, _mm_slli_si128(x, 8));
        x = _mm_add_epi16(x, carry);
        _mm_storeu_si128((__m128i *)(row + i), x);
        carry = _mm_shufflehi_epi16(x, 0xFF);
        carry = _mm_unpackhi_epi64(carry, carry);
    }
    if (i > 0) sum = row[i - 1];
#endif
    for (; i < count; i++) {
        sum = (uint16_t)(sum + row[i]);
        row[i] = sum;
    }
}

void eocube_undo_differencing_u32(uint32_t *row, size_t count) {
    size_t i = 0;
    uint32_t sum = 0;
#if defined(__SSE2__)
    __m128i carry = _mm_setzero_si128();
    for (; i + 4 <= count; i += 4) {
        __m128i x = _mm_loadu_si128((const __m128i *)(row + i));
        x = _mm_add_epi32(x, _mm_slli_si128(x, 4));
        x = _mm_add_epi32(x, _mm_slli_si128(x, 8));
        x = _mm_add_epi32(x, carry);
        _mm_storeu_si128((__m128i *)(row + i), x);
        carry = _mm_shuffle_epi32(x, 0xFF);
    }
    if (i > 0) sum = row[i - 1];
#endif
    for (; i < count; i++) {
        sum += row[i];
        row[i] = sum;
    }
}
