package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	"math/big"

	"github.com/raccoon-go/raccoon/internal/params"
)

// The arm64 kernels split q = q1·q2 and compute modulo each 25-bit prime in
// 32-bit NEON lanes (NEON has no 64-bit multiplication). A 64-bit slot of
// the polynomial holds the residue modulo q1 in its low and modulo q2 in
// its high half, so a register holds two coefficients, lanes
// [c mod q1, c mod q2, c' mod q1, c' mod q2], and the kernels work in place.
// Residues are signed and not reduced between layers.
//
// A product b·w mod q_i, for a constant w with |w| < q_i/2 and
// w' = round(w·2^31/q_i), is Barrett's multiplication as in "Neon NTT"
// (Becker, Hwang, Kannwischer, Yang, Yang, TCHES 2022/1):
//
//	t = SQRDMULH(b, w') = round(b·w'/2^31)
//	r = b·w - t·q_i (MUL, MLS modulo 2^32)
//
// For |b| < 2^31, |r| <= q_i(1/2 + |b|/2^32) < q_i.
//
// Conversion in: x < 2^51 is x = xh·2^26 + xl with xh < 2^25, and
// x ≡ xl + xh·(2^26 mod q_i), which is below 2^26 + q_i in magnitude, that
// is 4.6 q1 or 2.6 q2. Conversion out (Chinese remainder theorem): with
// u_i = r_i·a_i mod q_i in [0, q_i), a1 = 1/q2 mod q1 and a2 = 1/q1 mod q2,
// x = u1·q2 + u2·q1 is below 2q and one conditional subtraction gives
// x mod q.
//
// The Go assembler has no NEON integer multiplications: MUL, MLS,
// SQRDMULH, UMULL, UMULL2 and SSHR are emitted as WORD directives, each
// followed by the instruction in GNU syntax, and TestArm64Encodings checks
// them with the GNU assembler.

const (
	q1 = params.Q1
	q2 = params.Q2
)

// Offsets in neonConsts, one 16-byte vector each.
const (
	nQ     = 0   // [q1 q2 q1 q2]
	nC     = 16  // 2^26 mod q_i, centered
	nCQ    = 32  // its w'
	nMask  = 48  // 2^26 - 1 in 64-bit lanes
	nA     = 64  // a1 = 1/q2 mod q1, a2 = 1/q1 mod q2, centered
	nAQ    = 80  // their w'
	nQQ    = 96  // [q2 q1 q2 q1]
	nQ64   = 112 // q in 64-bit lanes
	nOneQ  = 128 // w' of w = 1
	nNInv  = 144 // a_i/512 mod q_i, centered
	nNInvQ = 160 // its w'
	nSize  = 176
)

// lanePair is a constant as a pair of 32-bit lanes (mod q1, mod q2).
type lanePair [2]int32

// centered returns x mod m in (-m/2, m/2).
func centered(x *big.Int, m int64) int32 {
	v := new(big.Int).Mod(x, big.NewInt(m)).Int64()
	if v > m/2 {
		v -= m
	}
	return int32(v)
}

// barrettQ returns w' = round(w·2^31/m).
func barrettQ(w int32, m int64) int32 {
	num := int64(w) << 31
	if num >= 0 {
		return int32((num + m/2) / m)
	}
	return int32(-((-num + m/2) / m))
}

func pairOf(x *big.Int) lanePair { return lanePair{centered(x, q1), centered(x, q2)} }

func (p lanePair) q() lanePair { return lanePair{barrettQ(p[0], q1), barrettQ(p[1], q2)} }

func (p lanePair) word() uint64 { return uint64(uint32(p[0])) | uint64(uint32(p[1]))<<32 }

// twiddles of the reference NTT: zeta(k) = root^brv9(k), zetaInv(k) =
// root^-brv9(k), times 1/512 for k = 1 (see tables.go).
var (
	bigQ    = big.NewInt(params.Q)
	root    = big.NewInt(358453792785495)
	rootInv = new(big.Int).ModInverse(root, bigQ)
	nInvBig = new(big.Int).ModInverse(big.NewInt(params.N), bigQ)
)

func brv9(i int) int {
	r := 0
	for j := 0; j < 9; j++ {
		r |= (i >> j & 1) << (8 - j)
	}
	return r
}

func zeta(k int) *big.Int { return new(big.Int).Exp(root, big.NewInt(int64(brv9(k))), bigQ) }

func zetaInv(k int) *big.Int {
	z := new(big.Int).Exp(rootInv, big.NewInt(int64(brv9(k))), bigQ)
	if k == 1 {
		z.Mul(z, nInvBig).Mod(z, bigQ)
	}
	return z
}

// crtFactors returns a1 = 1/q2 mod q1 and a2 = 1/q1 mod q2 as a lane pair
// (not centered: the caller multiplies and centers).
func crtFactors() (*big.Int, *big.Int) {
	a1 := new(big.Int).ModInverse(big.NewInt(q2), big.NewInt(q1))
	a2 := new(big.Int).ModInverse(big.NewInt(q1), big.NewInt(q2))
	return a1, a2
}

// scaled returns x·a_i mod q_i in each lane.
func scaled(x *big.Int) lanePair {
	a1, a2 := crtFactors()
	return lanePair{
		centered(new(big.Int).Mul(x, a1), q1),
		centered(new(big.Int).Mul(x, a2), q2),
	}
}

// neon is the state of the arm64 generator: the assembly, and the
// twiddle tables in the order the kernels read them.
type neon struct {
	*asm
	tables map[string][]lanePair
	table  string // table that loadTw appends to
}

func v(i int) string { return fmt.Sprintf("V%d", i) }

// word emits an instruction that the Go assembler lacks.
func word(enc uint32, format string, args ...any) string {
	return fmt.Sprintf("WORD $0x%08x // %s", enc, fmt.Sprintf(format, args...))
}

func mulV(d, n, m int) string {
	return word(0x4ea09c00|uint32(m)<<16|uint32(n)<<5|uint32(d), "mul v%d.4s, v%d.4s, v%d.4s", d, n, m)
}

func mlsV(d, n, m int) string {
	return word(0x6ea09400|uint32(m)<<16|uint32(n)<<5|uint32(d), "mls v%d.4s, v%d.4s, v%d.4s", d, n, m)
}

func sqrdmulhV(d, n, m int) string {
	return word(0x6ea0b400|uint32(m)<<16|uint32(n)<<5|uint32(d), "sqrdmulh v%d.4s, v%d.4s, v%d.4s", d, n, m)
}

func umull(d, n, m int) string {
	return word(0x2ea0c000|uint32(m)<<16|uint32(n)<<5|uint32(d), "umull v%d.2d, v%d.2s, v%d.2s", d, n, m)
}

func umull2(d, n, m int) string {
	return word(0x6ea0c000|uint32(m)<<16|uint32(n)<<5|uint32(d), "umull2 v%d.2d, v%d.4s, v%d.4s", d, n, m)
}

func sshr32(d, n, sh int) string {
	return word(0x4f000400|uint32(64-sh)<<16|uint32(n)<<5|uint32(d), "sshr v%d.4s, v%d.4s, #%d", d, n, sh)
}

func sshr64(d, n, sh int) string {
	return word(0x4f000400|uint32(128-sh)<<16|uint32(n)<<5|uint32(d), "sshr v%d.2d, v%d.2d, #%d", d, n, sh)
}

// Fixed registers.
const (
	vQ = 31 // [q1 q2 q1 q2]
)

// barrett returns d = s·w mod q_i, |d| < q_i, for |s| < 2^31, using the
// temporary t. s may equal d.
func barrett(d, s, w, wq, t int) seq {
	return seq{sqrdmulhV(t, s, wq), mulV(d, s, w), mlsV(d, t, vQ)}
}

// ctN returns the Cooley–Tukey butterfly (x, y) → (x + r, x - r), r = y·w,
// with temporaries t and r.
func ctN(x, y, w, wq, t, r int) seq {
	return append(barrett(r, y, w, wq, t),
		ins("VSUB V%d.S4, V%d.S4, V%d.S4", r, x, y),
		ins("VADD V%d.S4, V%d.S4, V%d.S4", r, x, x))
}

// gsN returns the Gentleman–Sande butterfly (x, y) → (x + y, (x - y)·w),
// with temporaries t and d.
func gsN(x, y, w, wq, t, d int) seq {
	return append(seq{
		ins("VSUB V%d.S4, V%d.S4, V%d.S4", y, x, d),
		ins("VADD V%d.S4, V%d.S4, V%d.S4", y, x, x),
	}, barrett(y, d, w, wq, t)...)
}

// bf is one butterfly of a layer: registers x and y, twiddle k (an index
// into the pair list of the current table).
type bf struct {
	x, y int
	tw   lanePair
}

// layer emits butterflies in chunks that fit in the free registers pool:
// each butterfly needs two temporaries, each distinct twiddle two registers
// (loaded with post-incremented LD1R from the twiddle pointers R2 and R3).
// Butterflies of a chunk are interleaved. gs selects Gentleman–Sande.
func (a *neon) layer(bfs []bf, pool []int, gs bool) {
	for len(bfs) > 0 {
		// Grow the chunk while it fits.
		n, distinct := 0, 0
		for n < len(bfs) {
			d := distinct
			if n == 0 || bfs[n].tw != bfs[n-1].tw {
				d++
			}
			if 2*(n+1)+2*d > len(pool) {
				break
			}
			n, distinct = n+1, d
		}
		chunk := bfs[:n]
		bfs = bfs[n:]
		free := pool
		var seqs []seq
		var w, wq int
		for i, b := range chunk {
			if i == 0 || b.tw != chunk[i-1].tw {
				w, wq, free = free[0], free[1], free[2:]
				a.loadTw(w, wq, b.tw)
			}
			t, r := free[0], free[1]
			free = free[2:]
			if gs {
				seqs = append(seqs, gsN(b.x, b.y, w, wq, t, r))
			} else {
				seqs = append(seqs, ctN(b.x, b.y, w, wq, t, r))
			}
		}
		a.emit(seqs...)
	}
}

// loadTw loads the twiddle pair tw, broadcast to both coefficients, into w
// and its w' into wq, and appends it to the current table.
func (a *neon) loadTw(w, wq int, tw lanePair) {
	a.i("VLD1R.P 8(R2), [V%d.D2]", w)
	a.i("VLD1R.P 8(R3), [V%d.D2]", wq)
	a.tables[a.table] = append(a.tables[a.table], tw)
}

// loadTwVec loads two twiddle pairs, one per coefficient, into w and wq.
func (a *neon) loadTwVec(w, wq int, tw0, tw1 lanePair) {
	a.i("VLD1.P 16(R2), [V%d.S4]", w)
	a.i("VLD1.P 16(R3), [V%d.S4]", wq)
	a.tables[a.table] = append(a.tables[a.table], tw0, tw1)
}

// loadConst loads the constant vector at offset off of neonConsts (address
// in R4) into register r.
func (a *neon) loadConst(r, off int) {
	a.i("ADD $%d, R4, R5", off)
	a.i("VLD1 (R5), [V%d.S4]", r)
}

// split returns the conversion of register x from two 64-bit integers below
// 2^51 to lanes of residues, with temporaries h and t. The constants are
// in vMask, vC and vCQ.
func split(x, h, t int) seq {
	return seq{
		ins("VUSHR $26, V%d.D2, V%d.D2", x, h),
		ins("VAND V%d.B16, V%d.B16, V%d.B16", vMask, x, x),
		ins("VTRN1 V%d.S4, V%d.S4, V%d.S4", h, h, h),
		ins("VTRN1 V%d.S4, V%d.S4, V%d.S4", x, x, x),
		sqrdmulhV(t, h, vCQ),
		mulV(h, h, vC),
		mlsV(h, t, vQ),
		ins("VADD V%d.S4, V%d.S4, V%d.S4", h, x, x),
	}
}

const (
	vMask = 30
	vC    = 29
	vCQ   = 28
)

// join returns the conversion of register x from lanes of residues u_i in
// (-q_i, q_i), already multiplied by a_i, to two integers in [0, q), left
// in register out, with temporaries t. The constants are in vQQ and vQ64.
func join(x, out, t int) seq {
	return seq{
		sshr32(t, x, 31),
		ins("VAND V%d.B16, V%d.B16, V%d.B16", vQ, t, t),
		ins("VADD V%d.S4, V%d.S4, V%d.S4", t, x, x), // u_i in [0, q_i)
		umull(out, x, vQQ),
		umull2(t, x, vQQ),
		ins("VADDP V%d.D2, V%d.D2, V%d.D2", t, out, x), // u1·q2 + u2·q1 < 2q
		ins("VSUB V%d.D2, V%d.D2, V%d.D2", vQ64, x, t),
		sshr64(out, t, 63),
		ins("VBSL V%d.B16, V%d.B16, V%d.B16", t, x, out), // x - q < 0 ? x : x - q
	}
}

const (
	vQQ  = 28
	vQ64 = 27
	vA   = 30
	vAQ  = 29
)

func arm64() (asmText, tables []byte) {
	a := &neon{asm: new(asm), tables: map[string][]lanePair{}}
	a.l("// Code generated by command: go run ./_asm. DO NOT EDIT.")
	a.l("")
	a.l("//go:build !purego")
	a.l("")
	a.l("#include \"textflag.h\"")
	a.l("")
	a.forwardNEON()
	a.inverseNEON()
	a.addSubNEON("addNEON", false)
	a.addSubNEON("subNEON", true)
	a.addSubVecNEON()
	a.addVecNEON()
	return a.Bytes(), a.tablesGo()
}

// forwardNEON writes the forward NTT.
//
// Pass 1 converts the input and does the layers of length 256 to 32 on
// sixteen registers holding coefficients j + 32k, j+1 + 32k (k < 16), for
// j = 0, 2, ..., 30. Pass 2 does the layers of length 16 to 2 on sixteen
// registers holding 32 consecutive coefficients, the layer of length 1
// after exchanging coefficients between pairs of registers (TRN1, TRN2),
// and the conversion out. Bounds: inputs below 4.6q_i in magnitude grow
// by less than q_i per layer, to 13.6q_i < 2^28.
func (a *neon) forwardNEON() {
	a.l("// func forwardNEON(p *[512]uint64)")
	a.l("TEXT ·forwardNEON(SB), NOSPLIT, $0-8")
	a.i("MOVD p+0(FP), R0")
	a.i("MOVD $·neonConsts(SB), R4")
	a.loadConst(vQ, nQ)
	a.loadConst(vMask, nMask)
	a.loadConst(vC, nC)
	a.loadConst(vCQ, nCQ)
	pool := []int{16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27}

	a.table = "neonFwd"
	a.i("MOVD R0, R1")
	a.i("MOVD $16, R6")
	a.l("fwdPass1:")
	a.i("MOVD $·neonFwd(SB), R2")
	a.i("MOVD $·neonFwdQ(SB), R3")
	for k := 0; k < 16; k++ {
		a.i("FMOVQ %d(R1), F%d", 256*k, k)
	}
	for k := 0; k < 16; k += 4 {
		var s []seq
		for j := k; j < k+4; j++ {
			s = append(s, split(j, pool[2*(j-k)], pool[2*(j-k)+1]))
		}
		a.emit(s...)
	}
	// Layers of length 256, 128, 64, 32: register k pairs with k + 8, 4,
	// 2, 1, with twiddle zeta[2^l + k/2^(4-l)].
	for l := 0; l < 4; l++ {
		half := 8 >> l
		var bfs []bf
		for k := 0; k < 16; k++ {
			if k&half == 0 {
				bfs = append(bfs, bf{k, k + half, pairOf(zeta(1<<l + k/(2*half)))})
			}
		}
		a.layer(bfs, pool, false)
	}
	for k := 0; k < 16; k++ {
		a.i("FMOVQ F%d, %d(R1)", k, 256*k)
	}
	a.i("ADD $16, R1")
	a.i("SUB $1, R6")
	a.i("CBNZ R6, fwdPass1")
	pass1 := len(a.tables[a.table])

	// Pass 2: blocks of 32 coefficients; the twiddles continue after those
	// of pass 1.
	a.loadConst(vA, nA)
	a.loadConst(vAQ, nAQ)
	a.loadConst(vQQ, nQQ)
	a.loadConst(vQ64, nQ64)
	pool = pool[:11]
	a.i("MOVD $·neonFwd+%d(SB), R2", 8*pass1)
	a.i("MOVD $·neonFwdQ+%d(SB), R3", 8*pass1)
	a.i("MOVD R0, R1")
	a.i("MOVD $16, R6")
	a.l("fwdPass2:")
	a.i("VLD1 (R1), [V0.S4, V1.S4, V2.S4, V3.S4]")
	a.i("ADD $64, R1, R5")
	a.i("VLD1.P 64(R5), [V4.S4, V5.S4, V6.S4, V7.S4]")
	a.i("VLD1.P 64(R5), [V8.S4, V9.S4, V10.S4, V11.S4]")
	a.i("VLD1 (R5), [V12.S4, V13.S4, V14.S4, V15.S4]")
	// The block b has twiddles zeta[16+b], zeta[32+2b+i], zeta[64+4b+i],
	// zeta[128+8b+i]: record those of block 0 with offsets, the kernel
	// reads the table sequentially. The table for all blocks is built by
	// tablesGo from the recorded order (fwdPass2Order).
	for l := 0; l < 4; l++ {
		half := 8 >> l
		var bfs []bf
		for k := 0; k < 16; k++ {
			if k&half == 0 {
				bfs = append(bfs, bf{k, k + half, lanePair{int32(l), int32(k / (2 * half))}})
			}
		}
		a.layer(bfs, pool, false)
	}
	// Layer of length 1 and conversion out, two pairs of registers at a
	// time. For the pair (k, k+1) = ([c0 c1], [c2 c3]): x = [c0 c2],
	// y = [c1 c3] with twiddles zeta[256+16b+k/2·2 ...].
	for k := 0; k < 16; k += 4 {
		var s []seq
		for j := k; j < k+4; j += 2 {
			base := (j - k) / 2 * 5
			x, w, wq, t, r := pool[base], pool[base+1], pool[base+2], pool[base+3], pool[base+4]
			a.loadTwVec(w, wq, lanePair{4, int32(j)}, lanePair{4, int32(j + 1)})
			p := seq{
				ins("VTRN1 V%d.D2, V%d.D2, V%d.D2", j+1, j, x),
				ins("VTRN2 V%d.D2, V%d.D2, V%d.D2", j+1, j, j+1),
			}
			p = append(p, ctN(x, j+1, w, wq, t, r)...)
			p = append(p, barrett(x, x, vA, vAQ, t)...)
			p = append(p, barrett(j+1, j+1, vA, vAQ, t)...)
			p = append(p, join(x, r, t)...)
			p = append(p, join(j+1, w, t)...)
			p = append(p,
				ins("VTRN1 V%d.D2, V%d.D2, V%d.D2", w, r, j),
				ins("VTRN2 V%d.D2, V%d.D2, V%d.D2", w, r, j+1))
			s = append(s, p)
		}
		a.emit(s...)
	}
	a.i("VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R1)")
	a.i("VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R1)")
	a.i("VST1.P [V8.S4, V9.S4, V10.S4, V11.S4], 64(R1)")
	a.i("VST1.P [V12.S4, V13.S4, V14.S4, V15.S4], 64(R1)")
	a.i("SUB $1, R6")
	a.i("CBNZ R6, fwdPass2")
	a.i("RET")
	a.l("")
	order := append([]lanePair(nil), a.tables[a.table][pass1:]...)
	a.tables[a.table] = a.tables[a.table][:pass1]
	for b := 0; b < 16; b++ {
		for _, e := range order {
			var k int
			switch e[0] {
			case 0:
				k = 16 + b
			case 1:
				k = 32 + 2*b + int(e[1])
			case 2:
				k = 64 + 4*b + int(e[1])
			case 3:
				k = 128 + 8*b + int(e[1])
			case 4:
				k = 256 + 16*b + int(e[1])
			}
			a.tables[a.table] = append(a.tables[a.table], pairOf(zeta(k)))
		}
	}
}

// inverseNEON writes the inverse NTT.
//
// Pass 1 converts and reduces the input (below q_i in magnitude), does the
// layer of length 1 on exchanged pairs of registers and the layers of
// length 2 to 16 on sixteen registers holding 32 consecutive coefficients,
// and reduces the four registers holding sums of more than two values.
// Pass 2 does the layers of length 32 to 256 on registers holding
// coefficients j + 32k, j+1 + 32k; the last layer multiplies both results,
// by a_i/512 and by zetaInv[1]·a_i, and the conversion out follows.
//
// Bounds: a sum at most doubles the bound, a product is below q_i. After
// pass 1 the coefficient at offset o of a block of 32 is below 2^(4-h)·q_i
// where h is the highest set bit of o (32q_i for o = 0), and below q_i
// after the reductions of offsets 0 to 7: all are below 2q_i. In pass 2
// they grow to 16q_i, and the last layer multiplies values below
// 32q_i < 2^31.
func (a *neon) inverseNEON() {
	a.l("// func inverseNEON(p *[512]uint64)")
	a.l("TEXT ·inverseNEON(SB), NOSPLIT, $0-8")
	a.i("MOVD p+0(FP), R0")
	a.i("MOVD $·neonConsts(SB), R4")
	a.loadConst(vQ, nQ)
	a.loadConst(vMask, nMask)
	a.loadConst(vC, nC)
	a.loadConst(vCQ, nCQ)
	const vOneQ = 27
	a.loadConst(vOneQ, nOneQ)
	pool := []int{16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26}

	a.table = "neonInv"
	a.i("MOVD $·neonInv(SB), R2")
	a.i("MOVD $·neonInvQ(SB), R3")
	a.i("MOVD R0, R1")
	a.i("MOVD $16, R6")
	a.l("invPass1:")
	a.i("VLD1 (R1), [V0.S4, V1.S4, V2.S4, V3.S4]")
	a.i("ADD $64, R1, R5")
	a.i("VLD1.P 64(R5), [V4.S4, V5.S4, V6.S4, V7.S4]")
	a.i("VLD1.P 64(R5), [V8.S4, V9.S4, V10.S4, V11.S4]")
	a.i("VLD1 (R5), [V12.S4, V13.S4, V14.S4, V15.S4]")
	for k := 0; k < 16; k += 4 {
		var s []seq
		for j := k; j < k+4; j++ {
			h, t := pool[2*(j-k)], pool[2*(j-k)+1]
			p := split(j, h, t)
			// Reduce: x - round(x/q_i)·q_i.
			p = append(p, sqrdmulhV(t, j, vOneQ), mlsV(j, t, vQ))
			s = append(s, p)
		}
		a.emit(s...)
	}
	var order []lanePair
	// Layer of length 1, two pairs of registers at a time: x = [c0 c2],
	// y = [c1 c3].
	for k := 0; k < 16; k += 4 {
		var s []seq
		for j := k; j < k+4; j += 2 {
			base := (j - k) / 2 * 5
			x, w, wq, t, d := pool[base], pool[base+1], pool[base+2], pool[base+3], pool[base+4]
			a.loadTwVec(w, wq, lanePair{4, int32(j)}, lanePair{4, int32(j + 1)})
			p := seq{
				ins("VTRN1 V%d.D2, V%d.D2, V%d.D2", j+1, j, x),
				ins("VTRN2 V%d.D2, V%d.D2, V%d.D2", j+1, j, j+1),
			}
			p = append(p, gsN(x, j+1, w, wq, t, d)...)
			p = append(p,
				ins("VTRN1 V%d.D2, V%d.D2, V%d.D2", j+1, x, j),
				ins("VTRN2 V%d.D2, V%d.D2, V%d.D2", j+1, x, j+1))
			s = append(s, p)
		}
		a.emit(s...)
	}
	// Layers of length 2, 4, 8, 16: register k pairs with k + 1, 2, 4, 8.
	for l := 3; l >= 0; l-- {
		half := 8 >> l
		var bfs []bf
		for k := 0; k < 16; k++ {
			if k&half == 0 {
				bfs = append(bfs, bf{k, k + half, lanePair{int32(l), int32(k / (2 * half))}})
			}
		}
		a.layer(bfs, pool, true)
	}
	var s []seq
	for k := 0; k < 4; k++ {
		s = append(s, seq{sqrdmulhV(pool[k], k, vOneQ), mlsV(k, pool[k], vQ)})
	}
	a.emit(s...)
	a.i("VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R1)")
	a.i("VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R1)")
	a.i("VST1.P [V8.S4, V9.S4, V10.S4, V11.S4], 64(R1)")
	a.i("VST1.P [V12.S4, V13.S4, V14.S4, V15.S4], 64(R1)")
	a.i("SUB $1, R6")
	a.i("CBNZ R6, invPass1")
	order = a.tables[a.table]
	a.tables[a.table] = nil
	for b := 0; b < 16; b++ {
		for _, e := range order {
			var k int
			switch e[0] {
			case 4:
				k = 256 + 16*b + int(e[1])
			case 3:
				k = 128 + 8*b + int(e[1])
			case 2:
				k = 64 + 4*b + int(e[1])
			case 1:
				k = 32 + 2*b + int(e[1])
			case 0:
				k = 16 + b
			}
			a.tables[a.table] = append(a.tables[a.table], pairOf(zetaInv(k)))
		}
	}
	pass1 := len(a.tables[a.table])

	// Pass 2: columns j + 32k, j = 0, 2, ..., 30; the same twiddles for
	// every column.
	a.loadConst(vQQ, nQQ)
	a.loadConst(vQ64, nQ64)
	const vN, vNQ = 30, 29
	a.loadConst(vN, nNInv)
	a.loadConst(vNQ, nNInvQ)
	pool = pool[:10]
	a.i("MOVD R0, R1")
	a.i("MOVD $16, R6")
	a.l("invPass2:")
	a.i("MOVD $·neonInv+%d(SB), R2", 8*pass1)
	a.i("MOVD $·neonInvQ+%d(SB), R3", 8*pass1)
	for k := 0; k < 16; k++ {
		a.i("FMOVQ %d(R1), F%d", 256*k, k)
	}
	for l := 3; l >= 1; l-- {
		half := 8 >> l
		var bfs []bf
		for k := 0; k < 16; k++ {
			if k&half == 0 {
				bfs = append(bfs, bf{k, k + half, pairOf(zetaInv(1<<l + k/(2*half)))})
			}
		}
		a.layer(bfs, pool, true)
	}
	// Last layer: (x, y) → ((x + y)·a_i/512, (x - y)·zetaInv[1]·a_i), and
	// the conversion out, two pairs at a time.
	a.loadTw(pool[0], pool[1], scaled(zetaInv(1)))
	w, wq := pool[0], pool[1]
	for k := 0; k < 8; k += 2 {
		s = nil
		for j := k; j < k+2; j++ {
			base := 2 + 4*(j-k)
			t, d, o1, o2 := pool[base], pool[base+1], pool[base+2], pool[base+3]
			p := seq{
				ins("VSUB V%d.S4, V%d.S4, V%d.S4", j+8, j, d),
				ins("VADD V%d.S4, V%d.S4, V%d.S4", j+8, j, j),
			}
			p = append(p, barrett(j, j, vN, vNQ, t)...)
			p = append(p, barrett(j+8, d, w, wq, t)...)
			p = append(p, join(j, o1, t)...)
			p = append(p, join(j+8, o2, t)...)
			p = append(p,
				ins("FMOVQ F%d, %d(R1)", o1, 256*j),
				ins("FMOVQ F%d, %d(R1)", o2, 256*(j+8)))
			s = append(s, p)
		}
		a.emit(s...)
	}
	a.i("ADD $16, R1")
	a.i("SUB $1, R6")
	a.i("CBNZ R6, invPass2")
	a.i("RET")
	a.l("")
}

// addSubNEON writes z = x ± y mod q for inputs in [0, q), eight
// coefficients per iteration in 64-bit lanes.
func (a *neon) addSubNEON(name string, sub bool) { a.addSubLoopNEON(name, sub, false) }

// addSubLoopNEON writes z = x ± y mod q for inputs in [0, q), eight
// coefficients per iteration: on 512 coefficients, or with vec on n (a
// positive multiple of 16, the fourth argument).
func (a *neon) addSubLoopNEON(name string, sub, vec bool) {
	if vec {
		a.l("// func %s(z, x, y *uint64, n int)", name)
		a.l("TEXT ·%s(SB), NOSPLIT, $0-32", name)
	} else {
		a.l("// func %s(z, x, y *[512]uint64)", name)
		a.l("TEXT ·%s(SB), NOSPLIT, $0-24", name)
	}
	a.i("MOVD z+0(FP), R0")
	a.i("MOVD x+8(FP), R1")
	a.i("MOVD y+16(FP), R2")
	a.i("MOVD $·neonConsts(SB), R4")
	a.loadConst(vQ64, nQ64)
	if vec {
		a.i("MOVD n+24(FP), R6")
		a.i("LSR $3, R6")
	} else {
		a.i("MOVD $64, R6")
	}
	a.l("%sLoop:", name)
	a.i("VLD1.P 64(R1), [V0.D2, V1.D2, V2.D2, V3.D2]")
	a.i("VLD1.P 64(R2), [V4.D2, V5.D2, V6.D2, V7.D2]")
	var s []seq
	for k := 0; k < 4; k++ {
		x, y, t, m := k, k+4, k+8, k+12
		if sub {
			s = append(s, seq{
				ins("VSUB V%d.D2, V%d.D2, V%d.D2", y, x, x), // x - y in (-q, q)
				ins("VADD V%d.D2, V%d.D2, V%d.D2", vQ64, x, t),
				sshr64(m, x, 63),
				ins("VBSL V%d.B16, V%d.B16, V%d.B16", x, t, m), // x - y < 0 ? x - y + q : x - y
			})
		} else {
			s = append(s, seq{
				ins("VADD V%d.D2, V%d.D2, V%d.D2", y, x, x), // x + y in [0, 2q)
				ins("VSUB V%d.D2, V%d.D2, V%d.D2", vQ64, x, t),
				sshr64(m, t, 63),
				ins("VBSL V%d.B16, V%d.B16, V%d.B16", t, x, m), // x + y - q < 0 ? x + y : x + y - q
			})
		}
	}
	a.emit(s...)
	a.i("VST1.P [V12.D2, V13.D2, V14.D2, V15.D2], 64(R0)")
	a.i("SUB $1, R6")
	a.i("CBNZ R6, %sLoop", name)
	a.i("RET")
	a.l("")
}

// addSubVecNEON writes the butterfly of ZeroEncoding on n coefficients (n
// a positive multiple of 16): a = a + r and b = b - r mod q, inputs in
// [0, q), eight coefficients per iteration.
func (a *neon) addSubVecNEON() {
	a.l("// func addSubVecNEON(a, b, r *uint64, n int)")
	a.l("TEXT ·addSubVecNEON(SB), NOSPLIT, $0-32")
	a.i("MOVD a+0(FP), R0")
	a.i("MOVD b+8(FP), R1")
	a.i("MOVD r+16(FP), R2")
	a.i("MOVD n+24(FP), R6")
	a.i("LSR $3, R6")
	a.i("MOVD $·neonConsts(SB), R4")
	a.loadConst(vQ64, nQ64)
	a.l("addSubVecNEONLoop:")
	a.i("VLD1.P 64(R2), [V0.D2, V1.D2, V2.D2, V3.D2]")
	a.i("VLD1 (R0), [V4.D2, V5.D2, V6.D2, V7.D2]")
	a.i("VLD1 (R1), [V8.D2, V9.D2, V10.D2, V11.D2]")
	var s []seq
	for k := 0; k < 4; k++ {
		r, x, t, m := k, 4+k, 12+k, 16+k
		s = append(s, seq{
			ins("VADD V%d.D2, V%d.D2, V%d.D2", r, x, x), // a + r in [0, 2q)
			ins("VSUB V%d.D2, V%d.D2, V%d.D2", vQ64, x, t),
			sshr64(m, t, 63),
			ins("VBSL V%d.B16, V%d.B16, V%d.B16", t, x, m), // a + r - q < 0 ? a + r : a + r - q
		})
	}
	a.emit(s...)
	a.i("VST1.P [V16.D2, V17.D2, V18.D2, V19.D2], 64(R0)")
	s = s[:0]
	for k := 0; k < 4; k++ {
		r, x, t, m := k, 8+k, 20+k, 12+k
		s = append(s, seq{
			ins("VSUB V%d.D2, V%d.D2, V%d.D2", r, x, x), // b - r in (-q, q)
			ins("VADD V%d.D2, V%d.D2, V%d.D2", vQ64, x, t),
			sshr64(m, x, 63),
			ins("VBSL V%d.B16, V%d.B16, V%d.B16", x, t, m), // b - r < 0 ? b - r + q : b - r
		})
	}
	a.emit(s...)
	a.i("VST1.P [V12.D2, V13.D2, V14.D2, V15.D2], 64(R1)")
	a.i("SUB $1, R6")
	a.i("CBNZ R6, addSubVecNEONLoop")
	a.i("RET")
	a.l("")
}

// addVecNEON writes z = x + y mod q on n coefficients (n a positive
// multiple of 16), inputs in [0, q), eight coefficients per iteration.
func (a *neon) addVecNEON() { a.addSubLoopNEON("addVecNEON", false, true) }

// tablesGo returns tables_arm64.go: the constants and the twiddle tables
// in the order the kernels read them.
func (a *neon) tablesGo() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by command: go run ./_asm. DO NOT EDIT.\n\n//go:build !purego\n\npackage ntt\n\n")
	// Constants.
	var c [nSize / 4]uint32
	set := func(off int, p lanePair) {
		for j := 0; j < 4; j += 2 {
			c[off/4+j], c[off/4+j+1] = uint32(p[0]), uint32(p[1])
		}
	}
	set64 := func(off int, x uint64) {
		for j := 0; j < 4; j += 2 {
			c[off/4+j], c[off/4+j+1] = uint32(x), uint32(x>>32)
		}
	}
	set(nQ, lanePair{q1, q2})
	cc := pairOf(big.NewInt(1 << 26))
	set(nC, cc)
	set(nCQ, cc.q())
	set64(nMask, 1<<26-1)
	a1, a2 := crtFactors()
	ap := lanePair{centered(a1, q1), centered(a2, q2)}
	set(nA, ap)
	set(nAQ, ap.q())
	set(nQQ, lanePair{q2, q1})
	set64(nQ64, params.Q)
	set(nOneQ, lanePair{1, 1}.q())
	np := scaled(nInvBig)
	set(nNInv, np)
	set(nNInvQ, np.q())
	fmt.Fprintf(&b, "// neonConsts holds the constant vectors of the NEON kernels; see the\n// generator (_asm/arm64.go) for their meaning.\nvar neonConsts = [%d]uint32{\n", len(c))
	for i, x := range c {
		fmt.Fprintf(&b, "%#08x,", x)
		if i%4 == 3 {
			b.WriteString("\n")
		}
	}
	b.WriteString("}\n\n")
	for _, name := range []string{"neonFwd", "neonInv"} {
		t := a.tables[name]
		fmt.Fprintf(&b, "// %s lists twiddle pairs (mod q1, mod q2) in the order the kernel reads\n// them; %sQ their Barrett constants.\nvar %s = [%d]uint64{\n", name, name, name, len(t))
		for i, p := range t {
			fmt.Fprintf(&b, "%#016x,", p.word())
			if i%4 == 3 {
				b.WriteString("\n")
			}
		}
		b.WriteString("}\n\n")
		fmt.Fprintf(&b, "var %sQ = [%d]uint64{\n", name, len(t))
		for i, p := range t {
			fmt.Fprintf(&b, "%#016x,", p.q().word())
			if i%4 == 3 {
				b.WriteString("\n")
			}
		}
		b.WriteString("}\n\n")
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	return src
}
