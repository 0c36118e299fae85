// Package encoding implements the byte encodings of Raccoon (specification,
// Section 2.5): little-endian bit packing of fixed-width coefficients for
// public and secret keys, and the variable-length signature encoding of the
// hint h and the response z.
package encoding

import (
	"encoding/binary"
	"errors"
	"math/bits"

	"github.com/raccoon-go/raccoon/internal/params"
)

const (
	n = params.N
	q = params.Q
)

// PackedSize returns the number of bytes of n coefficients of width w bits.
func PackedSize(w int) int { return (n*w + 7) / 8 }

// Pack writes the low w bits of each coefficient of f to dst, least
// significant bit first (Ser_2^w of Section 2.4.1), and returns the rest of
// dst. 1 <= w <= 56. dst must hold PackedSize(w) bytes. It is constant
// time.
func Pack(dst []byte, f *[n]uint64, w int) []byte {
	size := PackedSize(w)
	out := dst[:size]
	mask := uint64(1)<<w - 1
	var acc uint64
	nb, o := 0, 0
	for _, c := range f {
		acc |= (c & mask) << nb
		nb += w
		for nb >= 8 {
			out[o] = byte(acc)
			o++
			acc >>= 8
			nb -= 8
		}
		// nb < 8 here, and acc holds nb bits; the next shift loses
		// nothing because nb + w <= 63.
	}
	if nb > 0 {
		out[o] = byte(acc)
	}
	return dst[size:]
}

// Unpack reads n coefficients of width w from src (the inverse of Pack),
// writes them to f, and returns the rest of src. It reports false if a
// coefficient is not below bound or if the unused high bits of the last byte
// are not zero. src must hold PackedSize(w) bytes. It is constant time with
// respect to the coefficient values; the result (ok) is not secret-dependent
// for valid inputs.
func Unpack(f *[n]uint64, src []byte, w int, bound uint64) ([]byte, bool) {
	size := PackedSize(w)
	in := src[:size]
	mask := uint64(1)<<w - 1
	var acc uint64
	nb, o := 0, 0
	bad := uint64(0)
	for i := range f {
		for nb < w {
			acc |= uint64(in[o]) << nb
			o++
			nb += 8
		}
		c := acc & mask
		acc >>= w
		nb -= w
		// bad accumulates the sign bit of bound-1-c: set when c >= bound.
		bad |= (bound - 1 - c) >> 63
		f[i] = c
	}
	bad |= acc // leftover high bits must be zero
	return src[size:], bad == 0
}

// SigParams are the sizes and bounds the signature encoding depends on.
type SigParams struct {
	K, L    int    // numbers of hint and response polynomials
	CHBytes int    // size of c_hash
	Size    int    // fixed signature size |sig| in bytes
	HintMax uint64 // largest |h_i| accepted by the decoder
	RespMax uint64 // largest |z_i| accepted by the decoder (< q/2)
}

// errSig is the single error of DecodeSignature.
var errSig = errors.New("encoding: malformed signature")

// EncodeSignature writes sig = (c_hash, h, z) to dst (Section 2.5.1) and
// reports whether the encoding fits in p.Size bytes. h holds centered hint
// values with |h_i| <= 62; z holds residues in [0, q) whose centered
// absolute values are at most p.RespMax. The unused tail of dst[:p.Size] is
// zeroed. dst must hold p.Size bytes.
//
// Each hint coefficient x is a unary run of |x| one bits, a zero stop bit and,
// when x != 0, a sign bit (1 for negative). Each response coefficient is the
// low 40 bits of |x|, then |x|>>40 in unary with a stop bit, then a sign bit
// when x != 0.
//
// It is not constant time: signatures are public.
func EncodeSignature[P ~[n]uint64](dst []byte, p *SigParams, chash []byte, h [][n]int32, z []P) bool {
	out := dst[:p.Size]
	copy(out, chash[:p.CHBytes])
	w := bitWriter{buf: out, pos: p.CHBytes}
	// The signs are random, so the loops avoid branches on them (for
	// speed: a signature is public). A magnitude a with high part hi is
	// written as hi ones, a zero and, if a != 0, the sign: hi+1+nz bits.
	for i := 0; i < p.K; i++ {
		for _, x := range h[i] {
			m := x >> 31
			a := uint64(uint32((x ^ m) - m))
			s, nz := uint64(m&1), (a|-a)>>63
			w.write((uint64(1)<<a-1)|(s&nz)<<(a+1), uint(a+1+nz))
		}
	}
	for i := 0; i < p.L; i++ {
		for _, c := range z[i] {
			s := (q/2 - c) >> 63 // c > q/2: negative
			a := c ^ ((c ^ (q - c)) & -s)
			w.write(a&(1<<params.ZLow-1), params.ZLow)
			hi, nz := a>>params.ZLow, (a|-a)>>63
			w.write((uint64(1)<<hi-1)|(s&nz)<<(hi+1), uint(hi+1+nz))
		}
	}
	if !w.flush() {
		return false
	}
	clear(out[w.pos:])
	return true
}

// DecodeSignature parses sig (Section 2.5.1) into chash, h and z. It rejects
// (with a single error) a signature of the wrong length, a hint or response
// coefficient above p.HintMax or p.RespMax, a stream that runs past the end,
// and any nonzero bit after the last coefficient. The encoding is then
// canonical: EncodeSignature of the result gives sig back. z gets residues
// in [0, q).
//
// It is not constant time: signatures are public.
func DecodeSignature[P ~[n]uint64](chash []byte, h [][n]int32, z []P, sig []byte, p *SigParams) error {
	if len(sig) != p.Size {
		return errSig
	}
	copy(chash, sig[:p.CHBytes])
	r := NewBitReader(sig, p.CHBytes)
	// Each coefficient is decoded from the reader's window when it holds
	// the whole code (the fast path: almost always, as the window has 56
	// to 63 bits after a refill), else with the reader's methods (near the
	// end, or for long runs). Signs are applied without branches: they are
	// random, and branching on them mispredicts about half the time.
	for i := 0; i < p.K; i++ {
		hi := &h[i]
		for j := range hi {
			if r.nb < 56 {
				r.fill()
			}
			// A run of ones, its zero stop bit, and a sign bit if the run
			// is not empty.
			ones := uint64(bits.TrailingZeros64(^r.acc))
			if ones+2 <= uint64(r.nb) {
				if ones > p.HintMax {
					return errSig
				}
				nz := (ones | -ones) >> 63
				s := (r.acc >> (ones + 1)) & nz
				r.acc >>= ones + 1 + nz
				r.nb -= uint(ones + 1 + nz)
				hi[j] = (int32(ones) ^ -int32(s)) + int32(s)
				continue
			}
			a, ok := r.Unary(p.HintMax)
			if !ok {
				return errSig
			}
			s, ok := r.ReadIf((a | -a) >> 63)
			if !ok {
				return errSig
			}
			hi[j] = (int32(a) ^ -int32(s)) + int32(s)
		}
	}
	const lowMask = 1<<params.ZLow - 1
	hiMax := p.RespMax >> params.ZLow
	for i := 0; i < p.L; i++ {
		for j := range n {
			if r.nb < 56 {
				r.fill()
			}
			// ZLow low bits, then the high part as a run of ones with its
			// stop bit, then the sign if the value is not zero.
			if r.nb >= params.ZLow+2 {
				rest := r.acc >> params.ZLow
				ones := uint64(bits.TrailingZeros64(^rest))
				if ones+2 <= uint64(r.nb-params.ZLow) {
					a := ones<<params.ZLow | r.acc&lowMask
					if ones > hiMax || a > p.RespMax {
						return errSig
					}
					nz := (a | -a) >> 63
					s := (rest >> (ones + 1)) & nz
					used := params.ZLow + ones + 1 + nz
					r.acc >>= used
					r.nb -= uint(used)
					z[i][j] = a ^ ((a ^ (q - a)) & -s)
					continue
				}
			}
			lo, ok := r.Read(params.ZLow)
			if !ok {
				return errSig
			}
			hi, ok := r.Unary(hiMax)
			if !ok {
				return errSig
			}
			a := hi<<params.ZLow | lo
			if a > p.RespMax {
				return errSig
			}
			s, ok := r.ReadIf((a | -a) >> 63)
			if !ok {
				return errSig
			}
			z[i][j] = a ^ ((a ^ (q - a)) & -s)
		}
	}
	if !r.RestZero() {
		return errSig
	}
	return nil
}

// bitWriter appends bits to buf, least significant first, from byte pos on.
type bitWriter struct {
	buf      []byte
	pos      int
	acc      uint64 // pending bits, nb of them (nb < 64)
	nb       uint
	overflow bool
}

// write appends the low k bits of v (v < 2^k), k <= 56. Whole 64-bit words
// are stored as they fill up.
func (w *bitWriter) write(v uint64, k uint) {
	w.acc |= v << w.nb
	if w.nb+k < 64 {
		w.nb += k
		return
	}
	// The word is full: nb >= 8 here, since k <= 56, so v >> (64-nb) keeps
	// exactly the bits of v that did not fit.
	w.put(w.acc, 8)
	w.acc = v >> (64 - w.nb)
	w.nb = w.nb + k - 64
}

// put stores the low m bytes of x at pos, or records an overflow if they
// do not fit. Away from the end of the buffer it stores all 8 bytes of x;
// the bytes above the m-th are zero (x holds fewer bits) or overwritten by
// the next store.
func (w *bitWriter) put(x uint64, m int) {
	if w.pos+8 <= len(w.buf) {
		binary.LittleEndian.PutUint64(w.buf[w.pos:], x)
	} else {
		for i := 0; i < m; i++ {
			if w.pos+i >= len(w.buf) {
				w.overflow = true
				break
			}
			w.buf[w.pos+i] = byte(x >> (8 * i))
		}
	}
	w.pos += m
}

// flush writes the last partial word, padded with zero bits to a whole
// byte, and reports whether everything fit. pos is then the length of the
// encoding.
func (w *bitWriter) flush() bool {
	if w.nb > 0 {
		w.put(w.acc, int(w.nb+7)/8)
		w.acc, w.nb = 0, 0
	}
	return !w.overflow
}

// A BitReader reads the bits of a byte slice, least significant bit of each
// byte first: the bit stream of the signature encodings of Raccoon and
// Threshold Raccoon. It is not constant time (signatures are public).
type BitReader struct {
	buf []byte
	pos int    // next byte to load
	acc uint64 // loaded, unread bits; above nb, possibly the bits that follow
	nb  uint   // number of valid bits in acc
}

// fill loads whole bytes while at least 8 bits fit in acc. Away from the
// end of the buffer it loads a 64-bit word and keeps its whole bytes (nb
// becomes 56…63); the bits of the word above nb are then already in acc,
// equal to what later loads put there.
func (r *BitReader) fill() {
	if r.pos+8 <= len(r.buf) {
		r.acc |= binary.LittleEndian.Uint64(r.buf[r.pos:]) << r.nb
		r.pos += int(63-r.nb) >> 3
		r.nb |= 56
		return
	}
	for r.nb <= 56 && r.pos < len(r.buf) {
		r.acc |= uint64(r.buf[r.pos]) << r.nb
		r.pos++
		r.nb += 8
	}
}

// Read returns the next k bits (k <= 56), or false past the end.
func (r *BitReader) Read(k uint) (uint64, bool) {
	if r.nb < k {
		r.fill()
		if r.nb < k {
			return 0, false
		}
	}
	v := r.acc & (1<<k - 1)
	r.acc >>= k
	r.nb -= k
	return v, true
}

// ReadIf reads one bit if c is 1 and no bit if c is 0 (c must be 0 or 1),
// without branching on c. It returns false if a bit is needed past the end.
func (r *BitReader) ReadIf(c uint64) (uint64, bool) {
	if r.nb == 0 {
		r.fill()
		if r.nb == 0 {
			return 0, c == 0
		}
	}
	b := r.acc & c
	r.acc >>= c
	r.nb -= uint(c)
	return b, true
}

// Unary reads a run of one bits and its zero stop bit and returns the run
// length, or false if it exceeds max or runs past the end.
func (r *BitReader) Unary(max uint64) (uint64, bool) {
	var run uint64
	for {
		if r.nb == 0 {
			r.fill()
			if r.nb == 0 {
				return 0, false
			}
		}
		ones := uint(bits.TrailingZeros64(^r.acc))
		if ones < r.nb {
			run += uint64(ones)
			r.acc >>= ones + 1
			r.nb -= ones + 1
			if run > max {
				return 0, false
			}
			return run, true
		}
		run += uint64(r.nb)
		r.acc, r.nb = 0, 0
		if run > max {
			return 0, false
		}
	}
}

// RestZero reports whether every unread bit is zero.
func (r *BitReader) RestZero() bool {
	bad := r.acc
	for _, b := range r.buf[r.pos:] {
		bad |= uint64(b)
	}
	return bad == 0
}

// Remaining returns the number of unread bits.
func (r *BitReader) Remaining() int { return 8*(len(r.buf)-r.pos) + int(r.nb) }

// NewBitReader returns a BitReader of buf that starts at byte pos.
func NewBitReader(buf []byte, pos int) BitReader { return BitReader{buf: buf, pos: pos} }
