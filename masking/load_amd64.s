//go:build !purego

#include "textflag.h"

// func loadAVX2(raw *[225]uint64, vals *[256]uint64, consts *[32]uint64) (n int, eq, or, and uint64)
// Requires: AVX, AVX2, POPCNT
//
// See loadGeneric (generator.go) for what it computes and loadConsts for the
// constants. The chunk is 1792 bytes: 224 words, 64 groups of four 7-byte
// candidates.
TEXT ·loadAVX2(SB), NOSPLIT, $0-56
	MOVQ raw+0(FP), SI
	MOVQ vals+8(FP), DI
	MOVQ consts+16(FP), R8
	VMOVDQU 0(R8), Y15   // 49-bit mask
	VMOVDQU 32(R8), Y14  // q
	VMOVDQU 64(R8), Y13  // compaction table, m = 0…7
	VMOVDQU 96(R8), Y12  // compaction table, m = 8…15
	VMOVDQU 128(R8), Y11 // shift counts
	VMOVDQU 160(R8), Y10 // 0xf
	VMOVDQU 192(R8), Y9  // VPSHUFB control
	VMOVDQU 224(R8), Y8  // VPERMD index of the parse

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
	MOVQ AX, eq+32(FP)
	VEXTRACTI128 $1, Y6, X0
	VPOR X0, X6, X6
	VPSHUFD $0x4e, X6, X0
	VPOR X0, X6, X6
	VMOVQ X6, or+40(FP)
	VEXTRACTI128 $1, Y5, X0
	VPAND X0, X5, X5
	VPSHUFD $0x4e, X5, X0
	VPAND X0, X5, X5
	VMOVQ X5, and+48(FP)

	// Parse, reject and compact: CX is the byte offset of four
	// candidates, DX the number accepted so far.
	XORQ CX, CX
	XORQ DX, DX

parse:
	VMOVDQU (SI)(CX*1), Y0 // bytes 0…31 of this group (28…31 unused)
	VPERMD Y0, Y8, Y0      // low half: bytes 0…15, high half: bytes 12…27
	VPSHUFB Y9, Y0, Y0     // candidate j in 64-bit lane j (56 bits)
	VPAND Y15, Y0, Y0      // 49 bits
	VPCMPGTQ Y0, Y14, Y1   // accept: q > candidate
	VMOVMSKPD Y1, AX       // m, bit j set if lane j is accepted

	// The permutation for m: entry m of the table (VPERMD picks entry
	// m mod 8 of both rows, bit 3 of m chooses the row), then nibble i of
	// the entry in lane i.
	VMOVD AX, X2
	VPBROADCASTD X2, Y2
	VPERMD Y13, Y2, Y3
	VPERMD Y12, Y2, Y4
	VPSLLD $28, Y2, Y2
	VBLENDVPS Y2, Y4, Y3, Y3 // bit 3 of m ? row 3 : row 2
	VPSRLVD Y11, Y3, Y3
	VPAND Y10, Y3, Y3
	VPERMD Y0, Y3, Y0      // accepted candidates first
	VMOVDQU Y0, (DI)(DX*8) // DX <= 252 here: the store stays in vals
	POPCNTL AX, AX
	ADDQ AX, DX
	ADDQ $28, CX
	CMPQ CX, $1792
	JB parse

	MOVQ DX, n+24(FP)
	VZEROUPPER
	RET
