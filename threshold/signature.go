package threshold

import (
	"errors"

	"github.com/raccoon-go/raccoon/internal/encoding"
	"github.com/raccoon-go/raccoon/ntt"
)

// Signature encoding (thrc_encode_sig, encode_sig of the reference):
//
//	c_hash (2κ/8 bytes) ‖ bit stream
//
// The bit stream, filled least significant bit first, holds the k·n hint
// coefficients and then the ℓ·n response coefficients. A coefficient with
// centered value x, a = |x|, is written as the lb low bits of a, then a>>lb
// one bits and a zero stop bit, then, if a ≠ 0, a sign bit (1 for
// negative); lb = 1 for the hint h and 41 for the response z. The stream is
// zero-padded to a whole byte and not padded further: the length varies
// (about 12.7 KB at κ = 128). This is exactly the output of the reference
// encoders.
//
// The decoder is strict, so every signature has exactly one encoding: hint
// coefficients must be centered representatives modulo q_w, in [-⌊q_w/2⌋,
// q_w-⌊q_w/2⌋), response coefficients centered modulo q, |z| <= (q-1)/2; the
// input must end with the last coefficient's byte, whose unused high bits
// are zero. It reads every bit at most once and never past the end (the C
// reference's decoder fetches one byte ahead and rejects about one
// signature in eight: those whose stream ends on a byte boundary).

const (
	hintLowBits = 1
	respLowBits = 41
)

var errSignature = errors.New("threshold: invalid signature")

// signature is a decoded signature σ = (c_hash, z, h).
type signature struct {
	chash []byte
	h     [][n]int32 // k polynomials, centered modulo q_w
	z     []ntt.Poly // ℓ polynomials, residues in [0, q)
}

func newSignature(ps *paramSet) *signature {
	return &signature{chash: make([]byte, ps.crh()), h: make([][n]int32, ps.k), z: make([]ntt.Poly, ps.l)}
}

// bitWriter appends bits least significant first.
type bitWriter struct {
	buf []byte
	acc uint64
	nb  uint
}

// write appends the low k bits of v, k <= 56.
func (w *bitWriter) write(v uint64, k uint) {
	w.acc |= v << w.nb
	w.nb += k
	for w.nb >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nb -= 8
	}
}

// coeff writes one coefficient of magnitude a and sign neg with lb low bits.
// a>>lb must be at most 125.
func (w *bitWriter) coeff(a uint64, neg bool, lb uint) {
	w.write(a&(1<<lb-1), lb)
	for hi := a >> lb; hi > 0; {
		k := min(hi, 48)
		w.write(1<<k-1, uint(k))
		hi -= k
	}
	w.write(0, 1)
	if a != 0 {
		s := uint64(0)
		if neg {
			s = 1
		}
		w.write(s, 1)
	}
}

// encodeSignature returns the encoding of sig, whose coefficients must be in
// the canonical ranges.
func encodeSignature(ps *paramSet, sig *signature) []byte {
	w := bitWriter{buf: make([]byte, 0, ps.crh()+ps.l*n*6+ps.k*n/2)}
	w.buf = append(w.buf, sig.chash...)
	for i := range sig.h {
		for _, x := range &sig.h[i] {
			a := int64(x)
			w.coeff(uint64(max(a, -a)), a < 0, hintLowBits)
		}
	}
	for i := range sig.z {
		for _, x := range &sig.z[i] {
			if x > q/2 {
				w.coeff(q-x, true, respLowBits)
			} else {
				w.coeff(x, false, respLowBits)
			}
		}
	}
	if w.nb > 0 {
		w.write(0, 8-w.nb)
	}
	return w.buf
}

// decodeSignature parses b strictly into a new signature.
func decodeSignature(ps *paramSet, b []byte) (*signature, error) {
	sig, _, err := decodeSignatureBits(ps, b)
	return sig, err
}

// decodeSignatureBits is decodeSignature that also returns the length of the
// bit stream (without padding).
func decodeSignatureBits(ps *paramSet, b []byte) (*signature, int, error) {
	sig := newSignature(ps)
	nbits, err := decodeSignatureInto(ps, sig, b)
	if err != nil {
		return nil, 0, err
	}
	return sig, nbits, nil
}

// decodeSignatureInto is decodeSignatureBits into sig (from newSignature(ps)),
// which is left in an unspecified state on error.
func decodeSignatureInto(ps *paramSet, sig *signature, b []byte) (int, error) {
	if len(b) <= ps.crh() {
		return 0, errSignature
	}
	copy(sig.chash, b)
	r := encoding.NewBitReader(b, ps.crh())
	hNeg := ps.qW >> 1
	hPos := ps.qW - hNeg - 1
	var mag, sgn [n]uint64
	for i := range sig.h {
		if !r.Coeffs(mag[:], sgn[:], hintLowBits, max(hPos, hNeg)) {
			return 0, errSignature
		}
		// The bounds differ by sign: a positive hint is at most hPos, a
		// negative one at most hNeg.
		var bad uint64
		for j, a := range &mag {
			neg := sgn[j]
			lim := hPos ^ ((hPos ^ hNeg) & -neg)
			bad |= (lim - a) >> 63
			x := int32(a)
			sig.h[i][j] = (x ^ -int32(neg)) + int32(neg)
		}
		if bad != 0 {
			return 0, errSignature
		}
	}
	const zMax = (q - 1) / 2
	for i := range sig.z {
		if !r.Coeffs(mag[:], sgn[:], respLowBits, zMax) {
			return 0, errSignature
		}
		for j, a := range &mag {
			// q - a for a negative value (a != 0 then).
			m := -sgn[j]
			sig.z[i][j] = a ^ (m & (a ^ (q - a)))
		}
	}
	// Nothing may follow the byte of the last bit, and its unused high bits
	// must be zero.
	if r.Remaining() >= 8 || !r.RestZero() {
		return 0, errSignature
	}
	return 8*(len(b)-ps.crh()) - r.Remaining(), nil
}

// ReferenceDecodable reports whether the decoder of the authors' C
// reference implementation (thrc_decode_sig), given exactly len(sig) bytes,
// accepts the valid signature sig under pk. That decoder loads the next
// byte as soon as it has used the 8 bits of the current one, so it runs past
// the end, and fails, when the bit stream ends exactly on a byte boundary:
// about one signature in eight. Such signatures are valid (Verify, and the
// reference's verification equation, accept them); a coordinator that must
// interoperate with the unpatched C decoder can discard them and run a new
// session. It returns false for a signature that does not decode.
func ReferenceDecodable(pk *PublicKey, sig []byte) bool {
	if !pk.valid() {
		return false
	}
	_, bitsUsed, err := decodeSignatureBits(pk.ps, sig)
	return err == nil && bitsUsed%8 != 0
}
