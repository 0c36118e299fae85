//go:build !purego

#include "textflag.h"

// func cpuidex(leaf, sub uint32) (a, b, c, d uint32)
TEXT ·cpuidex(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET

// expandStep sets X1 to the next round key of its column: X1 is the round
// key two before, X2 the AESKEYGENASSIST result with the wanted word
// broadcast. X1 ^= X1<<32 ^ X1<<64 ^ X1<<96 (prefix XOR of its words), then
// X1 ^= X2. Uses X4.
#define expandStep \
	MOVOU X1, X4 \
	PSLLDQ $4, X4 \
	PXOR X4, X1 \
	PSLLDQ $4, X4 \
	PXOR X4, X1 \
	PSLLDQ $4, X4 \
	PXOR X4, X1 \
	PXOR X2, X1

// expandPair writes round keys 2i (from X1, with rcon) and 2i+1 (from X3).
#define expandPair(rcon, off, off2) \
	AESKEYGENASSIST $rcon, X3, X2 \
	PSHUFD $0xff, X2, X2 \
	expandStep \
	MOVOU X1, off(DI) \
	AESKEYGENASSIST $0, X1, X2 \
	PSHUFD $0xaa, X2, X2 \
	MOVOU X1, X5 \
	MOVOU X3, X1 \
	expandStep \
	MOVOU X1, X3 \
	MOVOU X5, X1 \
	MOVOU X3, off2(DI)

// func expandKey256(key *[32]byte, rk *[15][16]byte)
// Requires: AES, SSE2
//
// The AES-256 key schedule (FIPS 197, Section 5.2), with AESKEYGENASSIST
// computing SubWord(RotWord(w)) xor rcon and SubWord(w).
TEXT ·expandKey256(SB), NOSPLIT, $0-16
	MOVQ key+0(FP), SI
	MOVQ rk+8(FP), DI
	MOVOU 0(SI), X1
	MOVOU 16(SI), X3
	MOVOU X1, 0(DI)
	MOVOU X3, 16(DI)
	expandPair(0x01, 32, 48)
	expandPair(0x02, 64, 80)
	expandPair(0x04, 96, 112)
	expandPair(0x08, 128, 144)
	expandPair(0x10, 160, 176)
	expandPair(0x20, 192, 208)
	AESKEYGENASSIST $0x40, X3, X2
	PSHUFD $0xff, X2, X2
	expandStep
	MOVOU X1, 224(DI)
	PXOR X1, X1
	PXOR X2, X2
	PXOR X3, X3
	PXOR X4, X4
	PXOR X5, X5
	RET

// func ctrVAES(rk *[15][16]byte, ctr uint64, dst *byte, blocks int)
// Requires: AVX, AVX2, VAES
//
// Writes the AES-256-CTR keystream of blocks blocks (a positive multiple of
// 16) to dst: block i is the encryption of the 128-bit big-endian integer
// ctr+i (ctr+blocks <= 2^64). Sixteen blocks per iteration, two per YMM
// register; each round key is broadcast to both halves once per round.
TEXT ·ctrVAES(SB), NOSPLIT, $0-32
	MOVQ rk+0(FP), AX
	MOVQ ctr+8(FP), BX
	MOVQ dst+16(FP), DI
	MOVQ blocks+24(FP), CX

	// Y8: the counters of the next two blocks as 64-bit lanes [0, c, 0,
	// c+1]; Y9: the step [0, 2, 0, 2]; Y10: the VPSHUFB control that
	// byte-swaps each 64-bit lane (making [0, c] the big-endian block).
	VMOVQ BX, X8
	LEAQ 1(BX), DX
	VMOVQ DX, X11
	VPSLLDQ $8, X8, X8
	VPSLLDQ $8, X11, X11
	VINSERTI128 $1, X11, Y8, Y8
	MOVQ $2, DX
	VMOVQ DX, X9
	VPSLLDQ $8, X9, X9
	VINSERTI128 $1, X9, Y9, Y9
	VMOVDQU bswapLanes<>(SB), Y10

loop:
	VBROADCASTI128 0(AX), Y11
	VPSHUFB Y10, Y8, Y0
	VPADDQ Y9, Y8, Y8
	VPXOR Y11, Y0, Y0
	VPSHUFB Y10, Y8, Y1
	VPADDQ Y9, Y8, Y8
	VPXOR Y11, Y1, Y1
	VPSHUFB Y10, Y8, Y2
	VPADDQ Y9, Y8, Y8
	VPXOR Y11, Y2, Y2
	VPSHUFB Y10, Y8, Y3
	VPADDQ Y9, Y8, Y8
	VPXOR Y11, Y3, Y3
	VPSHUFB Y10, Y8, Y4
	VPADDQ Y9, Y8, Y8
	VPXOR Y11, Y4, Y4
	VPSHUFB Y10, Y8, Y5
	VPADDQ Y9, Y8, Y8
	VPXOR Y11, Y5, Y5
	VPSHUFB Y10, Y8, Y6
	VPADDQ Y9, Y8, Y8
	VPXOR Y11, Y6, Y6
	VPSHUFB Y10, Y8, Y7
	VPADDQ Y9, Y8, Y8
	VPXOR Y11, Y7, Y7

#define round(off) \
	VBROADCASTI128 off(AX), Y11 \
	VAESENC Y11, Y0, Y0 \
	VAESENC Y11, Y1, Y1 \
	VAESENC Y11, Y2, Y2 \
	VAESENC Y11, Y3, Y3 \
	VAESENC Y11, Y4, Y4 \
	VAESENC Y11, Y5, Y5 \
	VAESENC Y11, Y6, Y6 \
	VAESENC Y11, Y7, Y7

	round(16)
	round(32)
	round(48)
	round(64)
	round(80)
	round(96)
	round(112)
	round(128)
	round(144)
	round(160)
	round(176)
	round(192)
	round(208)
	VBROADCASTI128 224(AX), Y11
	VAESENCLAST Y11, Y0, Y0
	VAESENCLAST Y11, Y1, Y1
	VAESENCLAST Y11, Y2, Y2
	VAESENCLAST Y11, Y3, Y3
	VAESENCLAST Y11, Y4, Y4
	VAESENCLAST Y11, Y5, Y5
	VAESENCLAST Y11, Y6, Y6
	VAESENCLAST Y11, Y7, Y7
	VMOVDQU Y0, 0(DI)
	VMOVDQU Y1, 32(DI)
	VMOVDQU Y2, 64(DI)
	VMOVDQU Y3, 96(DI)
	VMOVDQU Y4, 128(DI)
	VMOVDQU Y5, 160(DI)
	VMOVDQU Y6, 192(DI)
	VMOVDQU Y7, 224(DI)
	ADDQ $256, DI
	SUBQ $16, CX
	JNZ loop

	// Clear the key material and keystream from the registers.
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	VPXOR Y3, Y3, Y3
	VPXOR Y4, Y4, Y4
	VPXOR Y5, Y5, Y5
	VPXOR Y6, Y6, Y6
	VPXOR Y7, Y7, Y7
	VPXOR Y11, Y11, Y11
	VZEROUPPER
	RET

// bswapLanes reverses the bytes of each 64-bit lane.
DATA bswapLanes<>+0(SB)/8, $0x0001020304050607
DATA bswapLanes<>+8(SB)/8, $0x08090a0b0c0d0e0f
DATA bswapLanes<>+16(SB)/8, $0x0001020304050607
DATA bswapLanes<>+24(SB)/8, $0x08090a0b0c0d0e0f
GLOBL bswapLanes<>(SB), RODATA|NOPTR, $32
