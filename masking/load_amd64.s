//go:build !purego

#include "textflag.h"

// func loadAVX2(raw *[224]uint64, vals *[256]uint64) (n int, eq, or, and uint64)
// Requires: AVX, AVX2
//
// See loadGeneric (generator.go) for what it computes. The chunk is 1792
// bytes: 224 words, 64 groups of four 7-byte candidates. One pass does
// both: each step takes 56 bytes (words 7j…7j+6, two groups) from two
// loads, Y0 (words 7j…7j+3, group 2j in its first 28 bytes) and Y1 (words
// 7j+3…7j+6, group 2j+1 in its last 28 bytes), and runs the health tests
// on them.

// GROUP parses the group of four candidates that IDX spreads from G (T a
// temporary): candidate j in 64-bit lane j, 49 bits, stored at vals[DX];
// DX advances by 4 if all four are below q.
#define GROUP(G, IDX, T) \
	VPERMD G, IDX, G \
	VPSHUFB Y9, G, G \
	VPAND Y15, G, G \
	VPCMPGTQ G, Y14, T \
	VMOVMSKPD T, AX \
	VMOVDQU G, (DI)(DX*8) \
	INCL AX \
	SHRL $4, AX \
	LEAQ (DX)(AX*4), DX

// STEP processes the 56 bytes at CX; HOFF is -8 except in the first step
// (8): the repetition test compares words 7j-1…7j+2 (at CX+HOFF) with
// 7j…7j+3, which covers the pair across steps, and words 7j+2…7j+5 with
// 7j+3…7j+6. The groups are stored at vals[DX] in any case; DX advances by
// 4 only if all four are below q, so a rejected group is overwritten by the
// next one (DX <= 252 at every store: the stores stay in vals).
#define STEP(HOFF) \
	VMOVDQU (SI)(CX*1), Y0 \
	VMOVDQU 24(SI)(CX*1), Y1 \
	VMOVDQU HOFF(SI)(CX*1), Y2 \
	VMOVDQU 16(SI)(CX*1), Y3 \
	VPCMPEQQ Y0, Y2, Y2 \
	VPCMPEQQ Y1, Y3, Y3 \
	VPOR Y2, Y7, Y7 \
	VPOR Y3, Y7, Y7 \
	VPOR Y0, Y6, Y6 \
	VPOR Y1, Y6, Y6 \
	VPAND Y0, Y5, Y5 \
	VPAND Y1, Y5, Y5 \
	GROUP(Y0, Y8, Y2) \
	GROUP(Y1, Y13, Y3) \
	ADDQ $56, CX

TEXT ·loadAVX2(SB), NOSPLIT, $0-48
	MOVQ raw+0(FP), SI
	MOVQ vals+8(FP), DI
	VPBROADCASTQ qmask<>(SB), Y15 // 49-bit mask
	VPBROADCASTQ q<>(SB), Y14     // q
	VMOVDQU spread7<>(SB), Y9     // VPSHUFB control
	VMOVDQU spreadIdx<>(SB), Y8   // VPERMD index of the first group
	VMOVDQU spreadIdxB<>(SB), Y13 // VPERMD index of the second group

	// Y7 collects equal consecutive words, Y6 the OR and Y5 the AND of all
	// words; CX is the byte offset of the step, DX the number of values
	// accepted so far.
	VPXOR Y7, Y7, Y7
	VPXOR Y6, Y6, Y6
	VPCMPEQQ Y5, Y5, Y5
	XORQ CX, CX
	XORQ DX, DX

	STEP(8)

step:
	STEP(-8)
	CMPQ CX, $1792
	JB step
	MOVQ DX, n+16(FP)

	VMOVMSKPD Y7, AX
	MOVQ AX, eq+24(FP)
	VEXTRACTI128 $1, Y6, X0
	VPOR X0, X6, X6
	VPSHUFD $0x4e, X6, X0
	VPOR X0, X6, X6
	VMOVQ X6, or+32(FP)
	VEXTRACTI128 $1, Y5, X0
	VPAND X0, X5, X5
	VPSHUFD $0x4e, X5, X0
	VPAND X0, X5, X5
	VMOVQ X5, and+40(FP)

	// Clear the chunk: the keystream it held gave masking randomness.
	VPXOR Y0, Y0, Y0
	XORQ CX, CX

wipe:
	VMOVDQU Y0, (SI)(CX*1)
	VMOVDQU Y0, 32(SI)(CX*1)
	ADDQ $64, CX
	CMPQ CX, $1792
	JB wipe

	VZEROUPPER
	RET

DATA qmask<>+0(SB)/8, $0x0001ffffffffffff
GLOBL qmask<>(SB), RODATA|NOPTR, $8
DATA q<>+0(SB)/8, $0x0001f41002f80001
GLOBL q<>(SB), RODATA|NOPTR, $8

// spreadIdx is the VPERMD index 0, 1, 2, 3, 3, 4, 5, 6: bytes 0…15 of a
// group in the low half, bytes 12…27 in the high half.
DATA spreadIdx<>+0(SB)/8, $0x0000000100000000
DATA spreadIdx<>+8(SB)/8, $0x0000000300000002
DATA spreadIdx<>+16(SB)/8, $0x0000000400000003
DATA spreadIdx<>+24(SB)/8, $0x0000000600000005
GLOBL spreadIdx<>(SB), RODATA|NOPTR, $32

// spreadIdxB is spreadIdx plus one: the same for a group that starts 4
// bytes into the register.
DATA spreadIdxB<>+0(SB)/8, $0x0000000200000001
DATA spreadIdxB<>+8(SB)/8, $0x0000000400000003
DATA spreadIdxB<>+16(SB)/8, $0x0000000500000004
DATA spreadIdxB<>+24(SB)/8, $0x0000000700000006
GLOBL spreadIdxB<>(SB), RODATA|NOPTR, $32

// spread7 moves candidate j (bytes 7j…7j+6 of the group; in the high half
// at 7j-12) to 64-bit lane j, zero-extended.
DATA spread7<>+0(SB)/8, $0x8006050403020100
DATA spread7<>+8(SB)/8, $0x800d0c0b0a090807
DATA spread7<>+16(SB)/8, $0x8008070605040302
DATA spread7<>+24(SB)/8, $0x800f0e0d0c0b0a09
GLOBL spread7<>(SB), RODATA|NOPTR, $32
