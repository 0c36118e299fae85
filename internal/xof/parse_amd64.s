//go:build !purego

#include "textflag.h"

// func parseU5AVX2(e *[512]uint64, b *[3136]byte, k *[4]uint64)
// Requires: AVX, AVX2
//
// As parseU6AVX2, with value j at bytes 5j…5j+4: bytes 0…15 and 10…25 of
// each group of four put the values at bytes 0…4 and 5…9 of each half.
TEXT ·parseU5AVX2(SB), NOSPLIT, $0-24
	MOVQ e+0(FP), DI
	MOVQ b+8(FP), SI
	MOVQ k+16(FP), AX
	VPBROADCASTQ 0(AX), Y15
	VPBROADCASTQ 8(AX), Y14
	VPBROADCASTQ 16(AX), Y13
	VPBROADCASTQ 24(AX), Y12
	VMOVDQU spread5<>(SB), Y11
	XORQ CX, CX

loop5:
	VMOVDQU (SI), X0
	VINSERTI128 $1, 10(SI), Y0, Y0
	VMOVDQU 20(SI), X1
	VINSERTI128 $1, 30(SI), Y1, Y1
	VPSHUFB Y11, Y0, Y0
	VPSHUFB Y11, Y1, Y1
	VPAND Y15, Y0, Y0
	VPAND Y15, Y1, Y1
	VPXOR Y14, Y0, Y0
	VPXOR Y14, Y1, Y1
	VPADDQ Y13, Y0, Y0
	VPADDQ Y13, Y1, Y1
	VPSUBQ Y12, Y0, Y2
	VPSUBQ Y12, Y1, Y3
	VBLENDVPD Y2, Y0, Y2, Y0
	VBLENDVPD Y3, Y1, Y3, Y1
	VMOVDQU Y0, (DI)(CX*8)
	VMOVDQU Y1, 32(DI)(CX*8)
	ADDQ $40, SI
	ADDQ $8, CX
	CMPQ CX, $512
	JB loop5
	VZEROUPPER
	RET

// func parseU6AVX2(e *[512]uint64, b *[3136]byte, k *[4]uint64)
// Requires: AVX, AVX2
//
// Value j is bytes 6j…6j+5 of b. Four values per step: bytes 0…15 of the
// group in the low half of Y0 and bytes 12…27 in the high half put the
// four values at bytes 0…5 and 6…11 of each half, which one VPSHUFB
// control spreads to 64-bit lanes.
TEXT ·parseU6AVX2(SB), NOSPLIT, $0-24
	MOVQ e+0(FP), DI
	MOVQ b+8(FP), SI
	MOVQ k+16(FP), AX
	VPBROADCASTQ 0(AX), Y15  // 2^u - 1
	VPBROADCASTQ 8(AX), Y14  // 2^(u-1)
	VPBROADCASTQ 16(AX), Y13 // q - 2^(u-1)
	VPBROADCASTQ 24(AX), Y12 // q
	VMOVDQU spread6<>(SB), Y11
	XORQ CX, CX

loop:
	VMOVDQU (SI), X0
	VINSERTI128 $1, 12(SI), Y0, Y0
	VMOVDQU 24(SI), X1
	VINSERTI128 $1, 36(SI), Y1, Y1
	VPSHUFB Y11, Y0, Y0
	VPSHUFB Y11, Y1, Y1
	VPAND Y15, Y0, Y0
	VPAND Y15, Y1, Y1
	VPXOR Y14, Y0, Y0        // e + 2^(u-1)
	VPXOR Y14, Y1, Y1
	VPADDQ Y13, Y0, Y0       // e + q in [0, 2q)
	VPADDQ Y13, Y1, Y1
	VPSUBQ Y12, Y0, Y2
	VPSUBQ Y12, Y1, Y3
	VBLENDVPD Y2, Y0, Y2, Y0 // e + q - q < 0 ? e + q : e
	VBLENDVPD Y3, Y1, Y3, Y1
	VMOVDQU Y0, (DI)(CX*8)
	VMOVDQU Y1, 32(DI)(CX*8)
	ADDQ $48, SI
	ADDQ $8, CX
	CMPQ CX, $512
	JB loop
	VZEROUPPER
	RET

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
