package threshold

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"

	"github.com/raccoon-go/raccoon/internal/params"
)

const (
	n = params.N // ring degree
	q = params.Q // modulus q = q1·q2

	// MaxParties is the largest number of parties N (and of signers) that
	// the parameter sets support.
	MaxParties = 1024

	qBits    = params.QBits // 49 bits per coefficient of R_q
	qBytes   = 7            // bytes per coefficient in the hashes
	aSeedLen = 16           // size of the seed of A
	keyLen   = 32           // size of the dealer's and each signer's master randomness
	lgSigmaT = 20           // σ_t = 2^20 (key generation)
	lgSigmaW = 42           // σ_w·√|act| = 2^42 (signing)
)

// paramSet holds the values of one security level (the authors' reference
// implementation, masksign/ec24-thrc: thrc_param.h, thrc_core.c and
// thrc-py/test_thrc.py).
type paramSet struct {
	kappa int // security level κ
	code  byte
	k, l  int // rows and columns of A
	omega int // nonzero coefficients of the challenge
	nuT   int // bits dropped from t
	nuW   int // bits dropped from w
	qT    uint64
	qW    uint64
	b2    float64 // B2 as the reference computes it in double precision
	// b2sqHi:b2sqLo = ⌊B2²⌋, computed exactly from the double b2.
	b2sqHi, b2sqLo uint64
}

// sec is κ/8, the size of seeds and MACs.
func (ps *paramSet) sec() int { return ps.kappa / 8 }

// crh is 2κ/8, the size of hashes, session ids, μ and c_hash.
func (ps *paramSet) crh() int { return ps.kappa / 4 }

// tBits is the width of a packed coefficient of t.
func (ps *paramSet) tBits() int { return qBits - ps.nuT }

// publicKeySize is |vk| = 16 + k·n·(49 - ν_t)/8.
func (ps *paramSet) publicKeySize() int { return aSeedLen + ps.k*n*ps.tBits()/8 }

// polyBytes is the size of one packed polynomial of R_q (49 bits per
// coefficient).
const polyBytes = n * qBits / 8

var sets = [3]paramSet{
	{kappa: 128, code: 1, k: 5, l: 4, omega: 19, nuT: 37, nuW: 40},
	{kappa: 192, code: 2, k: 7, l: 6, omega: 31, nuT: 36, nuW: 40},
	{kappa: 256, code: 3, k: 8, l: 7, omega: 44, nuT: 35, nuW: 41},
}

func init() {
	for i := range sets {
		ps := &sets[i]
		ps.qT = q >> ps.nuT
		ps.qW = q >> ps.nuW
		ps.b2 = b2Bound(ps)
		ps.b2sqHi, ps.b2sqLo = floorSquare(ps.b2)
	}
}

// b2Bound returns the ℓ2 bound of the reference ("Direct Forgery and
// SelfTargetMSIS", thrc_b2_bound in thrc_core.c), evaluated in double
// precision in the same order:
//
//	B2 = e^(1/4)·(ω·σ_t + σ_w·√T)·√(n(k+ℓ)) + (2^(ν_w+1) + ω·2^ν_t)·√(n·k)
//
// with σ_t = 2^20 and σ_w·√T = 2^42.
func b2Bound(ps *paramSet) float64 {
	const e4 = 1.2840254166877414840734205680624364583 // exp(0.25), as in thrc-py
	return e4*(math.Ldexp(float64(ps.omega), lgSigmaT)+math.Ldexp(1, lgSigmaW))*
		math.Sqrt(float64(n*(ps.k+ps.l))) +
		(math.Ldexp(1, ps.nuW+1)+math.Ldexp(float64(ps.omega), ps.nuT))*math.Sqrt(float64(n*ps.k))
}

// floorSquare returns ⌊x²⌋ as a 128-bit integer, computed exactly.
func floorSquare(x float64) (hi, lo uint64) {
	f := new(big.Float).SetPrec(256).SetFloat64(x)
	f.Mul(f, f)
	i, _ := f.Int(nil)
	lo = new(big.Int).And(i, new(big.Int).SetUint64(^uint64(0))).Uint64()
	hi = new(big.Int).Rsh(i, 64).Uint64()
	return hi, lo
}

// setByCode returns the parameter set with the given level code (1, 2, 3),
// or nil.
func setByCode(c byte) *paramSet {
	if c < 1 || int(c) > len(sets) {
		return nil
	}
	return &sets[c-1]
}

// setByLevel returns the parameter set of security level κ, or nil.
func setByLevel(level int) *paramSet {
	for i := range sets {
		if sets[i].kappa == level {
			return &sets[i]
		}
	}
	return nil
}

// Params is a Threshold Raccoon configuration: a security level and the
// threshold T out of N parties. The zero value is invalid. Params values are
// comparable.
type Params struct {
	code byte   // 1, 2, 3 for κ = 128, 192, 256
	t, n uint16 // threshold and number of parties
}

var errParams = errors.New("threshold: invalid parameters")

// NewParams returns the parameters for security level κ ∈ {128, 192, 256}
// and a threshold of t signers out of n parties, 1 <= t <= n <= MaxParties.
func NewParams(level, t, n int) (Params, error) {
	ps := setByLevel(level)
	if ps == nil || t < 1 || t > n || n > MaxParties {
		return Params{}, errParams
	}
	return Params{code: ps.code, t: uint16(t), n: uint16(n)}, nil
}

func (p Params) valid() bool {
	return setByCode(p.code) != nil && p.t >= 1 && p.t <= p.n && p.n <= MaxParties
}

func (p Params) set() *paramSet { return setByCode(p.code) }

// Level returns the security level κ: 128, 192 or 256.
func (p Params) Level() int { return p.set().kappa }

// T returns the threshold: the least number of signers.
func (p Params) T() int { return int(p.t) }

// N returns the number of parties.
func (p Params) N() int { return int(p.n) }

// String returns a name such as "TRaccoon-128 3-of-5".
func (p Params) String() string {
	if !p.valid() {
		return "TRaccoon-invalid"
	}
	return fmt.Sprintf("TRaccoon-%d %d-of-%d", p.Level(), p.t, p.n)
}

// PublicKeySize returns the size of an encoded public key: 3856, 5840 or
// 7184 bytes.
func (p Params) PublicKeySize() int { return p.set().publicKeySize() }

// SessionIDSize returns the size of a session id: 2κ/8 bytes.
func (p Params) SessionIDSize() int { return p.set().crh() }

// MuSize returns the size of the message representative μ: 2κ/8 bytes.
func (p Params) MuSize() int { return p.set().crh() }

// KeyShareSize returns the size of an encoded key share held in d shares.
func (p Params) KeyShareSize(d int) int { return keyShareSize(p, d) }

// CommitmentSize returns the size of an encoded round-1 message.
func (p Params) CommitmentSize() int { return commitmentSize(p.set()) }

// RevealSize returns the size of an encoded round-2 message for a session
// of the given number of signers.
func (p Params) RevealSize(signers int) int { return revealSize(p.set(), signers) }

// ResponseSize returns the size of an encoded round-3 message.
func (p Params) ResponseSize() int { return responseSize(p.set()) }

// le128 reports whether hi:lo <= bhi:blo.
func le128(hi, lo, bhi, blo uint64) bool {
	_, b := bits.Sub64(blo, lo, 0)
	_, b = bits.Sub64(bhi, hi, b)
	return b == 0
}
