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
// Where the CPU has AVX-512VL, F1600x4 runs the same four-way layout on the
// 32 YMM registers of AVX-512 (f1600x4AVX512): the state stays in
// registers, and VPROLQ and VPTERNLOGQ take a round from about 240 vector
// instructions to 105. [F1600x8] runs the same rounds on ZMM registers for
// two State4 at once (f1600x8AVX512), and [Shake8] runs up to eight
// SHAKE256 streams on it; [Wide] tells callers when eight streams are
// worth batching (elsewhere Shake8 is two Shake4 one after the other). The
// development machine has no AVX-512, so TestAVX512Simulated runs the
// kernels' machine code in a software model of the instructions they use
// (internal/x86sim) against the generic permutation, and CI runs the
// package's tests on an emulated Tiger Lake CPU (.ci/avx512-bochs); on
// CPUs with AVX-512 every test also runs the kernels themselves.
//
// [FIPS 202]: https://doi.org/10.6028/NIST.FIPS.202
package keccak
