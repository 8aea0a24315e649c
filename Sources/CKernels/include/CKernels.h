#ifndef EOCUBE_CKERNELS_H
#define EOCUBE_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Undoes TIFF horizontal differencing (Predictor 2) of one row of `count` 16-bit samples of
/// a single-sample pixel layout, in place: a running sum in wrapping 16-bit arithmetic.
void eocube_undo_differencing_u16(uint16_t *row, size_t count);

/// The same for 32-bit samples.
void eocube_undo_differencing_u32(uint32_t *row, size_t count);

#endif
