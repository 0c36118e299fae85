// Package encoding implements the byte encodings of Raccoon (specification,
// Section 2.5): little-endian bit packing of fixed-width coefficients for
// public and secret keys, and the variable-length signature encoding of the
// hint h and the response z.
package encoding

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"unsafe"

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
	if w < 8 {
		// Eight coefficients are exactly w bytes: one 8-byte store per
		// group while 8 bytes fit (its zero high bytes are overwritten by
		// the next group), the last groups byte by byte.
		for g := 0; g < n/8; g++ {
			var acc uint64
			for k, c := range f[8*g : 8*g+8] {
				acc |= (c & mask) << (k * w)
			}
			o := g * w
			if o+8 <= size {
				binary.LittleEndian.PutUint64(out[o:], acc)
				continue
			}
			for b := range w {
				out[o+b] = byte(acc >> (8 * b))
			}
		}
		return dst[size:]
	}
	// acc holds nb < 8 pending bits of byte o; adding a coefficient loses
	// nothing because nb + w <= 63. While 8 bytes fit at o, each
	// coefficient is one 8-byte store of acc (the bytes that became whole
	// are final, the others are stored again by the next one); then byte by
	// byte.
	var acc uint64
	nb, o, j := uint(0), 0, 0
	for ; j < n && o+8 <= size; j++ {
		acc |= (f[j] & mask) << nb
		binary.LittleEndian.PutUint64(out[o:], acc)
		nb += uint(w)
		o += int(nb >> 3)
		acc >>= nb &^ 7
		nb &= 7
	}
	for ; j < n; j++ {
		acc |= (f[j] & mask) << nb
		nb += uint(w)
		for nb >= 8 {
			out[o] = byte(acc)
			o++
			acc >>= 8
			nb -= 8
		}
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
	// Coefficient i is bits i·w … i·w+w-1: the 8 bytes from its first byte,
	// shifted right by its bit offset, hold it (w + 7 <= 63). Those 8 bytes
	// are read in place while they lie in the input, and from a zero-padded
	// copy of the last bytes for the last few coefficients.
	var bad uint64
	i := 0
	for ; i < n; i++ {
		bp := uint(i * w)
		p := bp >> 3
		if p+8 > uint(size) {
			break
		}
		c := binary.LittleEndian.Uint64(in[p:p+8]) >> (bp & 7) & mask
		// bad accumulates the sign bit of bound-1-c: set when c >= bound.
		bad |= (bound - 1 - c) >> 63
		f[i] = c
	}
	if i < n {
		base := i * w &^ 7 // bit position of the tail's first byte
		var tail [16]byte  // at most 7 + 8 bytes read from it
		copy(tail[:], in[base>>3:])
		for ; i < n; i++ {
			bp := uint(i*w - base)
			c := binary.LittleEndian.Uint64(tail[bp>>3:]) >> (bp & 7) & mask
			bad |= (bound - 1 - c) >> 63
			f[i] = c
		}
	}
	// The unused high bits of the last byte must be zero (there are none
	// for n = 512).
	if r := n * w % 8; r != 0 {
		bad |= uint64(in[size-1] >> r)
	}
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
	w := bitWriter{pos: p.CHBytes}
	for i := 0; i < p.K; i++ {
		w = w.writeHints(out, &h[i])
	}
	for i := 0; i < p.L; i++ {
		w = writeResponses(w, out, &z[i])
	}
	w, ok := w.flush(out)
	if !ok {
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
// in [0, q). It also returns the sums of squares that the ℓ2 check of
// CheckBounds (Algorithm 4) needs, computed while decoding.
//
// It is not constant time: signatures are public.
func DecodeSignature[P ~[n]uint64](chash []byte, h [][n]int32, z []P, sig []byte, p *SigParams) (Norms, error) {
	if len(sig) != p.Size {
		return Norms{}, errSig
	}
	copy(chash, sig[:p.CHBytes])
	r := NewBitReader(sig, p.CHBytes)
	var norms Norms
	for i := 0; i < p.K; i++ {
		h2, ok := readHints(&r, &h[i], p.HintMax)
		if !ok {
			return Norms{}, errSig
		}
		norms.H2 += h2
	}
	for i := 0; i < p.L; i++ {
		z2, ok := readResponses(&r, &z[i], p.RespMax)
		if !ok {
			return Norms{}, errSig
		}
		norms.Z2 += z2
	}
	if !r.RestZero() {
		return Norms{}, errSig
	}
	return norms, nil
}

// Norms are sums of squares of a signature's coefficients: H2 = Σ h_i² and
// Z2 = Σ ⌊|z_i| / 2^32⌋² (|z_i| centered), the terms of the ℓ2 check of
// CheckBounds (Algorithm 4) in the reference's arithmetic. They do not
// overflow for |h_i| <= 2^20 and |z_i| < q/2 with the largest Raccoon
// dimensions (2^40·9·512 and 2^34·8·512 are below 2^64).
type Norms struct{ H2, Z2 uint64 }

// The coefficient readers below decode from the 8 bytes at the bit position
// when they hold the whole codes (the fast path: almost always), else with
// the reader's methods (near the end, or for long runs). The fast path
// keeps the bit position bp, unsigned, in a local variable, in a loop
// without calls (responsesFast is a leaf function: with a call in the
// enclosing loop the compiler spilled the loop's values): with bp unsigned
// the check against the buffer's length is the only bounds check. bp is
// stored in the reader around the methods. A load of the 8 bytes at bp/8,
// shifted right by bp mod 8, holds at least 57 valid bits. Nothing branches
// on the values: signs and zero hints are random, and branching on them
// mispredicts often; the position's dependency chain (load, shift, count
// of the run of ones, add) is what bounds the speed of a response
// coefficient. (Shift counts are masked to 63, which they never exceed, so
// that the compiler need not handle larger ones.)

// readHints reads a polynomial of hints of magnitude at most max into hp and
// returns the sum of their squares, or false.
//
// For max <= hintTableMax (every parameter set) the fast path decodes the
// codes that start in the next 8 bits with one lookup in hintTable, six
// lookups (at most 48 bits) per load while they cannot write past the end
// of hp, then one; the last few hints are decoded one at a time. A
// magnitude above max is noted and rejected at the end: the hints after it
// do not matter.
func readHints(r *BitReader, hp *[n]int32, max uint64) (h2 uint64, ok bool) {
	buf, bp := r.buf, uint(r.bp)
	j := 0
	if max <= hintTableMax {
		var bad uint64
		for j <= n-8 {
			p := bp >> 3
			if p+8 > uint(len(buf)) {
				break
			}
			x := binary.LittleEndian.Uint64(buf[p:p+8]) >> (bp & 7)
			steps := 1
			if j <= n-6*8 {
				steps = 6
			}
			var used uint64
			for range steps {
				e := &hintTable[x&0xff]
				*(*[8]int32)(hp[j : j+8]) = e.vals
				m := uint64(e.meta)
				j += int(m & 15)
				c := m >> 4 & 15
				x >>= c
				used += c
				h2 += m >> 8 & 255
				bad |= max - m>>16 // top bit set when a magnitude exceeds max
			}
			bp += uint(used)
		}
		if bad>>63 != 0 {
			return 0, false
		}
	}
	for ; j < n; j++ {
		a, s, nbp, ok := r.slowCoeff(int(bp), 0, max)
		if !ok {
			return 0, false
		}
		bp = uint(nbp)
		hp[j] = (int32(a) ^ -int32(s)) + int32(s)
		h2 += a * a
	}
	r.bp = int(bp)
	return h2, true
}

// hintTable[b] describes the hint codes that start in the byte b of a
// stream (first bit in bit 0), of magnitudes at most hintTableMax: vals
// holds the hints of the k complete codes (k <= 8, the rest zero), and meta
// is k | len<<4 | sq<<8 | big<<16 with len their total length in bits, sq
// the sum of their squares and big the largest magnitude, or 7 if a run of
// more than hintTableMax ones starts in b (then k = len = 8, to advance).
var hintTable = func() (t [256]struct {
	vals [8]int32
	meta uint32
}) {
	for b := range t {
		pos, k, sq, big := 0, 0, 0, 0
		bit := func(i int) int { return b >> i & 1 }
		for k < 8 {
			ones := 0
			for pos+ones < 8 && bit(pos+ones) == 1 {
				ones++
			}
			if ones > hintTableMax {
				k, pos, big = 8, 8, 7
				break
			}
			size := ones + 1
			if ones > 0 {
				size++
			}
			if pos+size > 8 {
				break
			}
			v := int32(ones)
			if ones > 0 && bit(pos+ones+1) == 1 {
				v = -v
			}
			t[b].vals[k] = v
			sq += ones * ones
			big = max(big, ones)
			pos += size
			k++
		}
		t[b].meta = uint32(k | pos<<4 | sq<<8 | big<<16)
	}
	return t
}()

// hintTableMax is the largest hint magnitude bound for which readHints uses
// hintTable.
const hintTableMax = 3

// readResponses reads a response polynomial of centered magnitudes at most
// max (< q/2) into zp, as residues in [0, q), and returns Σ ⌊|z_i|/2^32⌋²,
// or false.
func readResponses[P ~[n]uint64](r *BitReader, zp *P, max uint64) (z2 uint64, ok bool) {
	// P's underlying type is [n]uint64 (Go has no conversion of *P).
	return readResponsesInto(r, (*[n]uint64)(unsafe.Pointer(zp)), max)
}

// readResponsesInto is readResponses on the array.
func readResponsesInto(r *BitReader, zp *[n]uint64, max uint64) (z2 uint64, ok bool) {
	j, bp := 0, uint(r.bp)
	for {
		if j, bp, z2, ok = responsesFast(r.buf, bp, zp, j, max, z2); !ok {
			return 0, false
		}
		if j == n {
			break
		}
		a, s, nbp, ok := r.slowCoeff(int(bp), params.ZLow, max)
		if !ok {
			return 0, false
		}
		bp = uint(nbp)
		zp[j] = a ^ ((a ^ (q - a)) & -s)
		z2 += (a >> 32) * (a >> 32)
		j++
	}
	r.bp = int(bp)
	return z2, true
}

// responsesFast is the fast path of readResponsesInto: it decodes zp[j:]
// from bit position bp on while each code fits in the 8 bytes at its
// position, adding to z2, and returns the next j and bp, or false for a
// magnitude above max. It is a leaf function so that its loop keeps all
// its values in registers. A code is ZLow low bits, then the high part as
// a run of ones with its stop bit, then the sign if the value is not zero:
// at most 57 bits when ones <= 57-ZLow-2.
func responsesFast(buf []byte, bp uint, zp *[n]uint64, j int, max, z2 uint64) (int, uint, uint64, bool) {
	const lowMask = 1<<params.ZLow - 1
	const lowMask1 = 1<<(params.ZLow+1) - 1
	for ; j < n; j++ {
		p := bp >> 3
		if p+8 > uint(len(buf)) {
			break
		}
		x := binary.LittleEndian.Uint64(buf[p:p+8]) >> (bp & 7)
		rest := x >> params.ZLow
		ones := uint64(bits.TrailingZeros64(^rest))
		if ones > 57-params.ZLow-2 {
			break
		}
		// a != 0 exactly when its low bits or the first bit of the run
		// are not all zero: nz from x, not from ones, keeps the
		// position's dependency chain short.
		nz := (x&lowMask1 + lowMask1) >> (params.ZLow + 1)
		bp += uint(params.ZLow + 1 + ones + nz)
		// a > max also rejects ones > max>>ZLow (ones<<ZLow does not
		// overflow).
		a := ones<<params.ZLow | x&lowMask
		if a > max {
			return j, bp, z2, false
		}
		// The sign is bit ones+1 of rest: rest ^ (rest+1) has the ones+1
		// bits up to the stop bit set, one more is the sign's place. A
		// variable shift instead would need CX, which the shift above
		// holds (GOAMD64=v1): the compiler then spilled ones to the stack,
		// on the position's dependency chain.
		sb := rest & (rest ^ (rest + 1) + 1)
		s := (sb | -sb) >> 63 & nz
		zp[j] = a ^ ((a ^ (q - a)) & -s)
		z2 += (a >> 32) * (a >> 32)
	}
	return j, bp, z2, true
}

// slowCoeff reads, from bit position bp, a coefficient of magnitude a at
// most max: its low lb bits, its high part as a run of ones with a stop
// bit, and a sign bit s if a != 0. It returns the position after it, or
// false. It uses the reader's methods, which handle the end of the stream
// and long runs.
func (r *BitReader) slowCoeff(bp int, lb uint, max uint64) (a, s uint64, next int, ok bool) {
	r.bp = bp
	lo, ok := r.Read(lb)
	if !ok {
		return 0, 0, 0, false
	}
	hi, ok := r.Unary(max >> lb)
	if !ok {
		return 0, 0, 0, false
	}
	if a = hi<<lb | lo; a > max {
		return 0, 0, 0, false
	}
	if s, ok = r.ReadIf((a | -a) >> 63); !ok {
		return 0, 0, 0, false
	}
	return a, s, r.bp, true
}

// bitWriter is the state of a bit stream written to a byte buffer, least
// significant bit of each byte first, from byte pos on. Its methods take
// and return it by value, so that the compiler keeps its three words in
// registers.
type bitWriter struct {
	pos int    // byte of the stream that acc starts at
	acc uint64 // pending bits, nb of them (nb < 8); zero above them
	nb  uint
}

// The coefficient writers below avoid branches on the signs (for speed: a
// signature is public; random signs would mispredict half the time). A
// magnitude a with high part hi is written as hi ones, a zero and, if
// a != 0, the sign: hi+1+nz bits, the value (2·sign·nz + 1)·2^hi - 1. Each
// coefficient is one write of at most 56 bits away from the end of out
// (while a store of 8 bytes at pos fits), else goes through writeAny. They
// are separate functions, with few live values, so that the compiler keeps
// everything in registers.

// writeHints writes a polynomial of hints (|h_i| <= 62) to the stream in out.
func (w bitWriter) writeHints(out []byte, hp *[n]int32) bitWriter {
	fast := len(out) - 8
	for _, x := range hp {
		m := x >> 31
		a := uint64(uint32((x ^ m) - m))
		nz := (a | -a) >> 63
		code, k := (uint64(m&1)&nz*2+1)<<(a&63)-1, uint(a+1+nz)
		if w.pos <= fast && a <= 54 { // a > 54 never occurs in Raccoon
			w = w.write(out, code, k)
		} else {
			w = w.writeAny(out, code, k)
		}
	}
	return w
}

// writeResponses writes a response polynomial (residues in [0, q) whose
// centered absolute values are below 2^62) to the stream in out.
func writeResponses[P ~[n]uint64](w bitWriter, out []byte, zp *P) bitWriter {
	fast := len(out) - 8
	for j := range n {
		c := (*zp)[j]
		s := (q/2 - c) >> 63 // c > q/2: negative
		a := c ^ ((c ^ (q - c)) & -s)
		low, hi, nz := a&(1<<params.ZLow-1), a>>params.ZLow, (a|-a)>>63
		code, k := (s&nz*2+1)<<(hi&63)-1, uint(hi+1+nz)
		// Almost always hi <= 14 (|z| < 15·2^40): 56 bits at most.
		if w.pos <= fast && hi <= 56-params.ZLow-2 {
			w = w.write(out, low|code<<params.ZLow, params.ZLow+k)
		} else {
			w = w.writeAny(out, low, params.ZLow)
			w = w.writeAny(out, code, k)
		}
	}
	return w
}

// write appends the low k bits of v (v < 2^k), k <= 56, to the stream in
// buf, which must have 8 bytes from pos on. It stores the pending word at
// every call, so that it has no branch: the bytes that became whole are
// final, the others are stored again by the next call. (The shift counts
// are masked to 63, which they never exceed, so that the compiler need not
// handle larger ones.)
func (w bitWriter) write(buf []byte, v uint64, k uint) bitWriter {
	w.acc |= v << (w.nb & 63)
	binary.LittleEndian.PutUint64(buf[w.pos:], w.acc)
	w.nb += k // at most 63
	m := w.nb >> 3
	w.pos += int(m)
	w.acc >>= 8 * m & 63
	w.nb &= 7
	return w
}

// writeAny appends the low k bits of v (v < 2^k), k <= 64, to the stream in
// buf, storing only the bytes that fit: flush reports an overflow.
func (w bitWriter) writeAny(buf []byte, v uint64, k uint) bitWriter {
	if k > 56 {
		w = w.writeAny(buf, v&(1<<32-1), 32)
		v, k = v>>32, k-32
	}
	w.acc |= v << (w.nb & 63)
	for i := 0; i < 8 && w.pos+i < len(buf); i++ {
		buf[w.pos+i] = byte(w.acc >> (8 * i))
	}
	w.nb += k
	m := w.nb >> 3
	w.pos += int(m)
	w.acc >>= 8 * m & 63
	w.nb &= 7
	return w
}

// flush completes the last partial byte, padded with zero bits, and reports
// whether the stream fit in buf. pos is then the length of the encoding.
func (w bitWriter) flush(buf []byte) (bitWriter, bool) {
	if w.nb > 0 {
		w = w.writeAny(buf, 0, 8-w.nb)
	}
	return w, w.pos <= len(buf)
}

// A BitReader reads the bits of a byte slice, least significant bit of each
// byte first: the bit stream of the signature encodings of Raccoon and
// Threshold Raccoon. It keeps only the position of the next bit and reads
// the 8 bytes around it when it needs bits. It is not constant time
// (signatures are public).
type BitReader struct {
	buf []byte
	bp  int // position of the next unread bit, at most 8·len(buf)
}

// NewBitReader returns a BitReader of buf that starts at byte pos.
func NewBitReader(buf []byte, pos int) BitReader { return BitReader{buf: buf, bp: 8 * pos} }

// peek returns the bits from the position on, the first one in bit 0, and
// how many of them are valid (zero above them): 57 to 64 away from the end
// of the buffer, all that are left near it.
func (r *BitReader) peek() (x uint64, n int) {
	p, k := r.bp>>3, uint(r.bp)&7
	if p+8 <= len(r.buf) {
		return binary.LittleEndian.Uint64(r.buf[p:]) >> k, 64 - int(k)
	}
	var w uint64
	for i := p; i < len(r.buf); i++ {
		w |= uint64(r.buf[i]) << (8 * (i - p))
	}
	return w >> k, 8*(len(r.buf)-p) - int(k)
}

// Read returns the next k bits (k <= 56), or false past the end.
func (r *BitReader) Read(k uint) (uint64, bool) {
	x, n := r.peek()
	if n < int(k) {
		return 0, false
	}
	r.bp += int(k)
	return x & (1<<k - 1), true
}

// ReadIf reads one bit if c is 1 and no bit if c is 0 (c must be 0 or 1),
// without branching on c. It returns false if a bit is needed past the end.
func (r *BitReader) ReadIf(c uint64) (uint64, bool) {
	x, n := r.peek()
	if n < int(c) {
		return 0, false
	}
	r.bp += int(c)
	return x & c, true
}

// Unary reads a run of one bits and its zero stop bit and returns the run
// length, or false if it exceeds max or runs past the end.
func (r *BitReader) Unary(max uint64) (uint64, bool) {
	var run uint64
	for {
		x, n := r.peek()
		if n == 0 {
			return 0, false
		}
		// The bits above the n valid ones are zero, so ones <= n.
		ones := bits.TrailingZeros64(^x)
		if ones < n {
			run += uint64(ones)
			r.bp += ones + 1
			if run > max {
				return 0, false
			}
			return run, true
		}
		run += uint64(n)
		r.bp += n
		if run > max {
			return 0, false
		}
	}
}

// RestZero reports whether every unread bit is zero.
func (r *BitReader) RestZero() bool {
	p := r.bp >> 3
	if p >= len(r.buf) {
		return true
	}
	bad := r.buf[p] >> (uint(r.bp) & 7)
	for _, b := range r.buf[p+1:] {
		bad |= b
	}
	return bad == 0
}

// Remaining returns the number of unread bits.
func (r *BitReader) Remaining() int { return 8*len(r.buf) - r.bp }

// Coeffs reads len(a) coefficients as Coeff(lb, max) does, writing the
// magnitudes to a and the sign bits to s (len(s) >= len(a)), with the fast
// path of Coeff inlined in one loop on a local bit position. It reports
// false as Coeff does, r and a, s then being in an unspecified state.
func (r *BitReader) Coeffs(a, s []uint64, lb uint, max uint64) bool {
	s = s[:len(a)]
	j, bp := 0, uint(r.bp)
	for {
		var ok bool
		if j, bp, ok = coeffsFast(r.buf, bp, a, s, j, lb, max); !ok {
			return false
		}
		if j == len(a) {
			break
		}
		aj, sj, nbp, ok := r.slowCoeff(int(bp), lb, max)
		if !ok {
			return false
		}
		a[j], s[j], bp = aj, sj, uint(nbp)
		j++
	}
	r.bp = int(bp)
	return true
}

// coeffsFast is the fast path of Coeffs, a leaf function as responsesFast
// is: it decodes a[j:], s[j:] (len(s) = len(a)) from bit position bp on
// while each code fits in the 8 bytes at its position, and returns the
// next j and bp, or false for a magnitude above max. The run of ones is
// counted on the load with the low bits set (o = lb + ones), so that no
// shift by lb waits on the position.
func coeffsFast(buf []byte, bp uint, a, s []uint64, j int, lb uint, max uint64) (int, uint, bool) {
	s = s[:len(a)]
	lowMask := uint64(1)<<(lb&63) - 1
	lowMask1 := lowMask<<1 | 1
	for ; j < len(a); j++ {
		p := bp >> 3
		if p+8 > uint(len(buf)) {
			break
		}
		x := binary.LittleEndian.Uint64(buf[p:p+8]) >> (bp & 7)
		o := uint64(bits.TrailingZeros64(^(x | lowMask) | 1<<63))
		if o+2 > 57 { // the code, lb + ones + 2 bits, needs more (or lb > 55)
			break
		}
		// (o-lb)<<lb does not overflow: o <= 55.
		aj := (o-uint64(lb))<<(lb&63) | x&lowMask
		if aj > max {
			return j, bp, false
		}
		// aj != 0 exactly when the low bits or the first bit of the run
		// are not all zero (as in responsesFast).
		t := x & lowMask1
		nz := (t | -t) >> 63
		a[j], s[j] = aj, (x>>((o+1)&63))&nz
		bp += uint(o + 1 + nz)
	}
	return j, bp, true
}

// Coeff reads a coefficient of magnitude a <= max, coded as its low lb bits
// (lb <= 56), its high part as a run of ones with a zero stop bit, and a
// sign bit s if a != 0: the code of the coefficients of Raccoon and
// Threshold Raccoon signatures. It reports false past the end of the
// stream or for a magnitude above max; r is then in an unspecified state.
// A code of at most 57 bits is decoded from one 8-byte load.
func (r *BitReader) Coeff(lb uint, max uint64) (a, s uint64, ok bool) {
	var av, sv [1]uint64
	if !r.Coeffs(av[:], sv[:], lb, max) {
		return 0, 0, false
	}
	return av[0], sv[0], true
}
