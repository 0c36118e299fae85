//go:build !purego

#include "textflag.h"

// parseConsts loads the constants of k (AX): Y15 = 2^u - 1, Y14 =
// 2^(u-1), Y13 = q - 2^(u-1), Y12 = q.
#define parseConsts \
	VPBROADCASTQ 0(AX), Y15 \
	VPBROADCASTQ 8(AX), Y14 \
	VPBROADCASTQ 16(AX), Y13 \
	VPBROADCASTQ 24(AX), Y12 \
	XORQ CX, CX

// parseStep maps the raw values in Y0 and Y1 (four each, zero-extended) to
// e (DI) at index CX: x & (2^u-1) ^ 2^(u-1) is e + 2^(u-1), plus
// q - 2^(u-1) gives e + q in [0, 2q), then a conditional subtraction of q
// (by the sign of e + q - q). Then it advances SI by stride and CX by 8.
#define parseStep(stride) \
	VPAND Y15, Y0, Y0 \
	VPAND Y15, Y1, Y1 \
	VPXOR Y14, Y0, Y0 \
	VPXOR Y14, Y1, Y1 \
	VPADDQ Y13, Y0, Y0 \
	VPADDQ Y13, Y1, Y1 \
	VPSUBQ Y12, Y0, Y2 \
	VPSUBQ Y12, Y1, Y3 \
	VBLENDVPD Y2, Y0, Y2, Y0 \
	VBLENDVPD Y3, Y1, Y3, Y1 \
	VMOVDQU Y0, (DI)(CX*8) \
	VMOVDQU Y1, 32(DI)(CX*8) \
	ADDQ $stride, SI \
	ADDQ $8, CX \
	CMPQ CX, $512

// parseWide converts values of w = 5 or 6 bytes, with the VPSHUFB control
// spread: each 128-bit half of a register holds two values, at bytes
// 0…w-1 and w…2w-1, after a load of bytes 0…15 of a group of four and one
// of bytes 2w…2w+15.
#define parseWide(spread, w) \
	parseConsts \
	VMOVDQU spread, Y11 \
loop: \
	VMOVDQU (SI), X0 \
	VINSERTI128 $1, (2*w)(SI), Y0, Y0 \
	VMOVDQU (4*w)(SI), X1 \
	VINSERTI128 $1, (6*w)(SI), Y1, Y1 \
	VPSHUFB Y11, Y0, Y0 \
	VPSHUFB Y11, Y1, Y1 \
	parseStep(8*w) \
	JB loop \
	VZEROUPPER \
	RET

// func parseU1AVX2(e *[512]uint64, b *[3136]byte, k *[4]uint64)
// Requires: AVX, AVX2
//
// Value j is byte j of b.
TEXT ·parseU1AVX2(SB), NOSPLIT, $0-24
	MOVQ e+0(FP), DI
	MOVQ b+8(FP), SI
	MOVQ k+16(FP), AX
	parseConsts

loop:
	VPMOVZXBQ (SI), Y0
	VPMOVZXBQ 4(SI), Y1
	parseStep(8)
	JB loop
	VZEROUPPER
	RET

// func parseU5AVX2(e *[512]uint64, b *[3136]byte, k *[4]uint64)
// Requires: AVX, AVX2
//
// Value j is bytes 5j…5j+4 of b.
TEXT ·parseU5AVX2(SB), NOSPLIT, $0-24
	MOVQ e+0(FP), DI
	MOVQ b+8(FP), SI
	MOVQ k+16(FP), AX
	parseWide(spread5<>(SB), 5)

// func parseU6AVX2(e *[512]uint64, b *[3136]byte, k *[4]uint64)
// Requires: AVX, AVX2
//
// Value j is bytes 6j…6j+5 of b.
TEXT ·parseU6AVX2(SB), NOSPLIT, $0-24
	MOVQ e+0(FP), DI
	MOVQ b+8(FP), SI
	MOVQ k+16(FP), AX
	parseWide(spread6<>(SB), 6)

// spread6 moves bytes 0…5 and 6…11 of each 128-bit half to its two 64-bit
// lanes, zero-extended.
DATA spread6<>+0(SB)/8, $0x8080050403020100
DATA spread6<>+8(SB)/8, $0x80800b0a09080706
DATA spread6<>+16(SB)/8, $0x8080050403020100
DATA spread6<>+24(SB)/8, $0x80800b0a09080706
GLOBL spread6<>(SB), RODATA|NOPTR, $32

// spread5 moves bytes 0…4 and 5…9 of each 128-bit half to its two 64-bit
// lanes, zero-extended.
DATA spread5<>+0(SB)/8, $0x8080800403020100
DATA spread5<>+8(SB)/8, $0x8080800908070605
DATA spread5<>+16(SB)/8, $0x8080800403020100
DATA spread5<>+24(SB)/8, $0x8080800908070605
GLOBL spread5<>(SB), RODATA|NOPTR, $32
