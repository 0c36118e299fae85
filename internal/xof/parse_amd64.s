//go:build !purego

#include "textflag.h"

// parseAVX2 converts the 512 values of width w bytes at SI to e at DI,
// eight per iteration, with the constants of k (AX) and the VPSHUFB control
// spread: each 128-bit half of a register holds two values, at bytes 0…w-1
// and w…2w-1, after a load of bytes 0…15 of a group of four and one of
// bytes 2w…2w+15.
#define parseAVX2(spread, w) \
	VPBROADCASTQ 0(AX), Y15 \
	VPBROADCASTQ 8(AX), Y14 \
	VPBROADCASTQ 16(AX), Y13 \
	VPBROADCASTQ 24(AX), Y12 \
	VMOVDQU spread, Y11 \
	XORQ CX, CX \
loop: \
	VMOVDQU (SI), X0 \
	VINSERTI128 $1, (2*w)(SI), Y0, Y0 \
	VMOVDQU (4*w)(SI), X1 \
	VINSERTI128 $1, (6*w)(SI), Y1, Y1 \
	VPSHUFB Y11, Y0, Y0 \
	VPSHUFB Y11, Y1, Y1 \
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
	ADDQ $(8*w), SI \
	ADDQ $8, CX \
	CMPQ CX, $512 \
	JB loop \
	VZEROUPPER \
	RET

// func parseU5AVX2(e *[512]uint64, b *[3136]byte, k *[4]uint64)
// Requires: AVX, AVX2
//
// Value j is bytes 5j…5j+4 of b.
TEXT ·parseU5AVX2(SB), NOSPLIT, $0-24
	MOVQ e+0(FP), DI
	MOVQ b+8(FP), SI
	MOVQ k+16(FP), AX
	parseAVX2(spread5<>(SB), 5)

// func parseU6AVX2(e *[512]uint64, b *[3136]byte, k *[4]uint64)
// Requires: AVX, AVX2
//
// Value j is bytes 6j…6j+5 of b.
TEXT ·parseU6AVX2(SB), NOSPLIT, $0-24
	MOVQ e+0(FP), DI
	MOVQ b+8(FP), SI
	MOVQ k+16(FP), AX
	parseAVX2(spread6<>(SB), 6)

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
