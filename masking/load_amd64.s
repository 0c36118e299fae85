//go:build !purego

#include "textflag.h"

// func loadAVX2(raw *[225]uint64, vals *[256]uint64) (n int, eq, or, and uint64)
// Requires: AVX, AVX2
//
// See loadGeneric (generator.go) for what it computes. The chunk is 1792
// bytes: 224 words, 64 groups of four 7-byte candidates.
TEXT ·loadAVX2(SB), NOSPLIT, $0-48
	MOVQ raw+0(FP), SI
	MOVQ vals+8(FP), DI
	VPBROADCASTQ qmask<>(SB), Y15 // 49-bit mask
	VPBROADCASTQ q<>(SB), Y14     // q
	VMOVDQU spread7<>(SB), Y9     // VPSHUFB control
	VMOVDQU spreadIdx<>(SB), Y8   // VPERMD index of the parse

	// Health tests: Y7 collects equal consecutive words, Y6 the OR and Y5
	// the AND of all words. Words 4j…4j+3 against 4j+1…4j+4 for j < 55,
	// then words 220…223 against 219…222.
	VPXOR Y7, Y7, Y7
	VPXOR Y6, Y6, Y6
	VPCMPEQQ Y5, Y5, Y5
	XORQ CX, CX

health:
	VMOVDQU (SI)(CX*1), Y0
	VMOVDQU 8(SI)(CX*1), Y1
	VPCMPEQQ Y0, Y1, Y2
	VPOR Y2, Y7, Y7
	VPOR Y0, Y6, Y6
	VPAND Y0, Y5, Y5
	ADDQ $32, CX
	CMPQ CX, $1760
	JB health
	VMOVDQU 1760(SI), Y0
	VMOVDQU 1752(SI), Y1
	VPCMPEQQ Y0, Y1, Y2
	VPOR Y2, Y7, Y7
	VPOR Y0, Y6, Y6
	VPAND Y0, Y5, Y5

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

	// Parse and reject in groups of four: CX is the byte offset of the
	// group, DX the number of values accepted so far. The group is stored
	// at vals[DX] in any case; DX advances by 4 only if all four are below
	// q, so a rejected group is overwritten by the next one.
	XORQ CX, CX
	XORQ DX, DX

parse:
	VMOVDQU (SI)(CX*1), Y0 // bytes 0…31 of this group (28…31 unused)
	VPERMD Y0, Y8, Y0      // low half: bytes 0…15, high half: bytes 12…27
	VPSHUFB Y9, Y0, Y0     // candidate j in 64-bit lane j (56 bits)
	VPAND Y15, Y0, Y0      // 49 bits
	VPCMPGTQ Y0, Y14, Y1   // accept: q > candidate
	VMOVMSKPD Y1, AX       // bit j set if lane j is accepted
	VMOVDQU Y0, (DI)(DX*8) // DX <= 252 here: the store stays in vals
	INCL AX                // 16 exactly when all four are accepted
	SHRL $4, AX
	LEAQ (DX)(AX*4), DX
	ADDQ $28, CX
	CMPQ CX, $1792
	JB parse
	MOVQ DX, n+16(FP)

	// Clear the chunk (not the spare word): the keystream it held gave
	// masking randomness.
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

// spread7 moves candidate j (bytes 7j…7j+6 of the group; in the high half
// at 7j-12) to 64-bit lane j, zero-extended.
DATA spread7<>+0(SB)/8, $0x8006050403020100
DATA spread7<>+8(SB)/8, $0x800d0c0b0a090807
DATA spread7<>+16(SB)/8, $0x8008070605040302
DATA spread7<>+24(SB)/8, $0x800f0e0d0c0b0a09
GLOBL spread7<>(SB), RODATA|NOPTR, $32
