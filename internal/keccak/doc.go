// Package keccak implements the Keccak-f[1600] permutation and SHAKE256
// ([FIPS 202]) for several independent states at once, for Raccoon's
// samplers, which expand many short seeds into long SHAKE256 streams.
//
// [F1600x4] permutes four interleaved states: with AVX2 assembly on amd64,
// with the Armv8.2 SHA-3 NEON instructions on arm64 (two states per
// kernel call), and in pure Go elsewhere, on arm64 without the SHA-3
// extension, and with the purego build tag. [Shake4] runs up to four
// SHAKE256 streams on top of it; [Shake] is the one-stream counterpart with
// the same block interface.
//
// Every implementation is constant time with respect to the states and the
// data absorbed and squeezed: no data-dependent branches or memory indices.
// Message lengths and the number of blocks squeezed are public.
//
// AVX-512 (eight 64-bit lanes, VPROLQ rotations, VPTERNLOGQ for χ; research
// prototypes on the CI machine took 120 cycles per permutation, against 363
// for four-way AVX2) is left out until it can be tested on AVX-512
// hardware.
//
// [FIPS 202]: https://doi.org/10.6028/NIST.FIPS.202
package keccak
