package ntt

import (
	"unsafe"

	"github.com/raccoon-go/raccoon/internal/params"
)

//go:generate go run gen_tables.go -out tables.go -amd64 tables_amd64.go -crt32 tables32.go
//go:generate go run ./_asm -amd64 ntt_amd64.s -arm64 ntt_arm64.s -arm64tables tables_arm64.go

const (
	// N is the degree of the ring R_q = Z_q[x]/(x^N + 1).
	N = params.N
	// Q is the Raccoon modulus q = Q1·Q2 = 549824583172097.
	Q = params.Q
)

// Poly is an element of R_q in the coefficient domain: Poly[i] is the
// coefficient of x^i. Unless a doc comment says otherwise, coefficients are
// in [0, Q).
type Poly [N]uint64

// NTTPoly is an element of R_q in the NTT domain: NTTPoly[i] is the value of
// the polynomial at root^(2·brv9(i)+1), where root is the primitive
// 1024-th root of unity 358453792785495 and brv9 reverses 9 bits
// (specification, Section 2.7.1). Values are plain residues in [0, Q), with
// no Montgomery factor, so they match the reference implementation's
// NTT-domain secret-key encoding.
type NTTPoly [N]uint64

// MontPoly is an NTT-domain element stored in Montgomery form: MontPoly[i]
// is NTTPoly[i]·2^64 mod Q, in [0, Q). It is the form of the constant
// operand of the pointwise products MulMont and MulAddMont; keys keep their
// expanded matrix A in this form.
type MontPoly [N]uint64

// Forward sets z to the NTT of x and returns z. Coefficients of x must be
// below 4Q; the result is in [0, Q).
//
// Forward is constant time.
func (z *NTTPoly) Forward(x *Poly) *NTTPoly {
	*z = NTTPoly(*x)
	forward((*[N]uint64)(z))
	return z
}

// Inverse sets z to the inverse NTT of x and returns z. Values of x must be
// below 4Q; the result is in [0, Q).
//
// Inverse is constant time.
func (z *Poly) Inverse(x *NTTPoly) *Poly {
	*z = Poly(*x)
	inverse((*[N]uint64)(z))
	return z
}

// ForwardInPlace replaces the coefficients in p by their NTT and returns p
// viewed as an NTTPoly. It works like Forward without a copy.
func ForwardInPlace(p *Poly) *NTTPoly {
	forward((*[N]uint64)(p))
	return (*NTTPoly)(p)
}

// InverseInPlace replaces the NTT values in p by the coefficients of the
// polynomial and returns p viewed as a Poly. It works like Inverse without a
// copy.
func InverseInPlace(p *NTTPoly) *Poly {
	inverse((*[N]uint64)(p))
	return (*Poly)(p)
}

// FromNTT sets z to the Montgomery form of x and returns z. x must be in
// [0, Q).
//
// FromNTT is constant time.
func (z *MontPoly) FromNTT(x *NTTPoly) *MontPoly {
	toMont((*[N]uint64)(z), (*[N]uint64)(x))
	return z
}

// MulMont sets z = x∘y, the pointwise product of x and the NTT-domain value
// represented by y, and returns z. x must be below 2^62 and y in [0, Q); the
// result is in [0, Q). Arguments may alias.
//
// MulMont is constant time.
func (z *NTTPoly) MulMont(x *NTTPoly, y *MontPoly) *NTTPoly {
	mulMont((*[N]uint64)(z), (*[N]uint64)(x), (*[N]uint64)(y))
	return z
}

// MulAddMont sets z = x∘y + a and returns z. x must be below 2^62, y in
// [0, Q) and a in [0, Q); the result is in [0, Q). Arguments may alias.
//
// MulAddMont is constant time.
func (z *NTTPoly) MulAddMont(x *NTTPoly, y *MontPoly, a *NTTPoly) *NTTPoly {
	mulAddMont((*[N]uint64)(z), (*[N]uint64)(x), (*[N]uint64)(y), (*[N]uint64)(a))
	return z
}

// MaxDotTerms is the largest number of terms of DotMont.
const MaxDotTerms = 16

// DotMont sets z = Σ_j x[j·stride]∘y[j], j < len(y), and returns z: one row
// of the product of a matrix stored in Montgomery form by an NTT-domain
// vector whose elements are stride apart in x. It computes the same as
// MulMont followed by MulAddMont for each further term, in one pass.
// Values of x and y must be in [0, Q); the result is in [0, Q). It panics
// unless 1 <= len(y) <= MaxDotTerms, stride >= 1 and
// len(x) > (len(y)-1)·stride. z may alias any of the operands.
//
// DotMont is constant time.
func (z *NTTPoly) DotMont(x []NTTPoly, stride int, y []MontPoly) *NTTPoly {
	n := len(y)
	if n < 1 || n > MaxDotTerms || stride < 1 || len(x) <= (n-1)*stride {
		panic("ntt: DotMont arguments out of range")
	}
	dotMont((*[N]uint64)(z), x, stride, y)
	return z
}

// Mul sets z = x∘y, the pointwise product of two NTT-domain values, and
// returns z. Inputs must be in [0, Q); so is the result. Arguments may alias.
//
// Mul is constant time.
func (z *NTTPoly) Mul(x, y *NTTPoly) *NTTPoly {
	// x·y·2^-64, then times 2^64: montMul(montMul(x, y), r2).
	zr := (*[N]uint64)(z)
	mulMont(zr, (*[N]uint64)(x), (*[N]uint64)(y))
	toMont(zr, zr)
	return z
}

// Add sets z = x + y mod Q. Inputs must be in [0, Q); so is the result.
// Arguments may alias. It works in either domain.
//
// Add is constant time.
func Add[T ~[N]uint64](z, x, y *T) *T {
	add(raw(z), raw(x), raw(y))
	return z
}

// Sub sets z = x - y mod Q. Inputs must be in [0, Q); so is the result.
// Arguments may alias. It works in either domain.
//
// Sub is constant time.
func Sub[T ~[N]uint64](z, x, y *T) *T {
	sub(raw(z), raw(x), raw(y))
	return z
}

// AddSubVec sets a[i] = a[i] + r[i] and b[i] = b[i] - r[i] mod Q for every
// i: the butterfly with which ZeroEncoding and Refresh (Algorithms 11 and
// 12) spread a mask r over two shares. The slices must have the same length
// and must not overlap; values must be in [0, Q), and so are the results.
// It works in either domain and on any run of coefficients.
//
// AddSubVec is constant time. It panics if the lengths differ or the slices
// overlap.
func AddSubVec(a, b, r []uint64) {
	if len(a) != len(r) || len(b) != len(r) {
		panic("ntt: AddSubVec: slices of different lengths")
	}
	if overlap(a, b) || overlap(a, r) || overlap(b, r) {
		panic("ntt: AddSubVec: overlapping slices")
	}
	m := len(r) &^ (vecBlock - 1)
	if m > 0 {
		addSubVec(a[:m], b[:m], r[:m])
	}
	addSubVecGeneric(a[m:], b[m:], r[m:])
}

// AddVec sets z[i] = x[i] + y[i] mod Q for every i. The slices must have the
// same length; z may be x or y but must not overlap them otherwise. Values
// must be in [0, Q), and so are the results. It works in either domain and
// on any run of coefficients.
//
// AddVec is constant time. It panics if the lengths differ or the slices
// overlap other than exactly.
func AddVec(z, x, y []uint64) {
	if len(x) != len(z) || len(y) != len(z) {
		panic("ntt: AddVec: slices of different lengths")
	}
	if inexactOverlap(z, x) || inexactOverlap(z, y) {
		panic("ntt: AddVec: overlapping slices")
	}
	m := len(z) &^ (vecBlock - 1)
	if m > 0 {
		addVec(z[:m], x[:m], y[:m])
	}
	addVecGeneric(z[m:], x[m:], y[m:])
}

// vecBlock is the number of coefficients the assembly of AddSubVec and
// AddVec handles per iteration; the generic code does the rest.
const vecBlock = 16

// overlap reports whether x and y share any element. The two address
// comparisons are combined without a branch: which one decides depends on
// where the allocator put the slices, and a branch on it would make the
// executed code differ from run to run (the constant-time check of
// internal/cttest compares executed basic blocks).
func overlap(x, y []uint64) bool {
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	// Addresses and lengths fit in 48 bits (well below 2^63 on 32-bit
	// machines too, computed in uint64): a-b has its top bit set exactly
	// when a < b.
	xs, ys := uint64(uintptr(unsafe.Pointer(&x[0]))), uint64(uintptr(unsafe.Pointer(&y[0])))
	xe, ye := xs+8*uint64(len(x)), ys+8*uint64(len(y))
	return ((xs-ye)&(ys-xe))>>63 == 1
}

// inexactOverlap reports whether x and y share an element other than at
// the same index.
func inexactOverlap(x, y []uint64) bool {
	if len(x) == 0 || len(y) == 0 || &x[0] == &y[0] {
		return false
	}
	return overlap(x, y)
}

// Neg sets z = -x mod Q. x must be in [0, Q); so is the result. Arguments may
// alias. It works in either domain.
//
// Neg is constant time.
func Neg[T ~[N]uint64](z, x *T) *T {
	zr, xr := raw(z), raw(x)
	for i := range zr {
		zr[i] = csub(Q-xr[i], Q)
	}
	return z
}

// raw views a polynomial of any domain as its array of values.
func raw[T ~[N]uint64](p *T) *[N]uint64 { return (*[N]uint64)(unsafe.Pointer(p)) }

// ReduceCoeff returns x mod Q for any x in [0, 2Q). It is constant time.
func ReduceCoeff(x uint64) uint64 { return csub(x, Q) }

// csub returns x-m if x >= m and x otherwise, for x < 2m <= 2^63, without
// branches.
func csub(x, m uint64) uint64 {
	t := x - m
	return t + (uint64(int64(t)>>63) & m)
}
