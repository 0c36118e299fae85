// Package xof implements the SHAKE256-based functions of Raccoon: SampleQ,
// ExpandA, SampleU, ChalHash, ChalPoly and the message hash μ
// (specification, Sections 2.4.2–2.4.6).
//
// Names map to the reference code (ref-c/xof_sample.c) as follows:
// SampleQ = xof_sample_q, SampleU/AddSampleU = xof_sample_u,
// ChalHash = xof_chal_hash, ChalPoly = xof_chal_poly, Mu = xof_chal_mu.
package xof

import (
	"crypto/sha3"
	"encoding/binary"

	"github.com/raccoon-go/raccoon/internal/params"
)

const (
	n = params.N
	q = params.Q
)

// Header is the 64-bit domain separation prefix hdr of Section 2.4.3.
type Header [8]byte

// Header identifiers (the first byte of each prefix).
const (
	hdrA = 'A' // ExpandA: ('A', row, column)
	hdrU = 'u' // AddRepNoise: ('u', repetition, index, share)
	hdrK = 'K' // MaskCompress keys: ('K', polynomial, share) in the reference
	hdrH = 'h' // ChalHash: ('h', k)
	hdrC = 'c' // ChalPoly: ('c', ω)
)

// HeaderA returns hdr_A = Ser8(65, i, j, 0, 0, 0, 0, 0) of ExpandA
// (Algorithm 6).
func HeaderA(i, j int) Header { return Header{hdrA, byte(i), byte(j)} }

// HeaderU returns hdr_u = Ser8(117, i_rep, i, j, 0, 0, 0, 0) of AddRepNoise
// (Algorithm 8).
func HeaderU(rep, i, j int) Header { return Header{hdrU, byte(rep), byte(i), byte(j)} }

// HeaderK returns the mask-key header of MaskCompress and MaskDecompress
// (Algorithms 14 and 15) as the reference code builds it:
// Ser8(75, poly, share, 0, …). The specification text swaps the two indices;
// the reference order defines the known-answer tests.
func HeaderK(poly, share int) Header { return Header{hdrK, byte(poly), byte(share)} }

// SampleQ implements SampleQ (Algorithm 5): it sets f to a uniform
// polynomial with coefficients in [0, q) expanded from SHAKE256(hdr‖σ),
// reading 7 bytes per candidate and rejecting values of 49 bits ≥ q.
//
// It is constant time with respect to the accepted coefficients; the number
// of rejections (which depends only on discarded output) is not hidden.
func SampleQ(f *[n]uint64, hdr Header, sigma []byte) {
	h := sha3.NewSHAKE256()
	h.Write(hdr[:])
	h.Write(sigma)
	// One spare byte lets every candidate be read as a little-endian
	// uint64; the bits above 49 are masked off.
	const chunk = 7 * 64
	var buf [chunk + 1]byte
	for i := 0; i < n; {
		h.Read(buf[:chunk])
		for off := 0; off < chunk && i < n; off += 7 {
			x := binary.LittleEndian.Uint64(buf[off:]) & params.QMask
			// Rejection depends only on this discarded candidate.
			if x < q {
				f[i] = x
				i++
			}
		}
	}
}

// ExpandA implements ExpandA (Algorithm 6): a[i*l+j] = SampleQ(hdr_A(i, j),
// seed) for i < k, j < l, in the coefficient domain.
func ExpandA(a [][n]uint64, seed []byte, k, l int) {
	for i := 0; i < k; i++ {
		for j := 0; j < l; j++ {
			SampleQ(&a[i*l+j], HeaderA(i, j), seed)
		}
	}
}

// AddSampleU adds SampleU(hdr, σ, u) (Algorithm 7) to v: for each of the n
// coefficients it reads ceil(u/8) bytes of SHAKE256(hdr‖σ), takes the low u
// bits as a two's-complement integer in [-2^(u-1), 2^(u-1)) and adds it
// modulo q. v must be in [0, q); so is the result. 1 <= u <= 48.
//
// It is constant time.
func AddSampleU(v *[n]uint64, hdr Header, sigma []byte, u int) {
	h := sha3.NewSHAKE256()
	h.Write(hdr[:])
	h.Write(sigma)
	bytesPer := (u + 7) / 8
	mask := uint64(1)<<u - 1
	mid := uint64(1) << (u - 1)
	const per = 64 // coefficients per squeeze
	var buf [per*6 + 8]byte
	for i := 0; i < n; i += per {
		h.Read(buf[:per*bytesPer])
		for j := 0; j < per; j++ {
			x := binary.LittleEndian.Uint64(buf[j*bytesPer:]) & mask
			// e = x - 2^u if the sign bit is set; e + q in [q - 2^(u-1), q + 2^(u-1)).
			e := (x ^ mid) + (q - mid)
			s := v[i+j] + e // < 2q + 2^(u-1) < 3q
			s = csub(s, q)
			v[i+j] = csub(s, q)
		}
	}
}

// csub returns x-m if x >= m, else x, for x < 2m <= 2^63, without branches.
func csub(x, m uint64) uint64 {
	t := x - m
	return t + (uint64(int64(t)>>63) & m)
}

// Mu computes μ = SHAKE256(tr‖msg) truncated to outLen bytes (Algorithm 2,
// line 2; Algorithm 3, line 3), where tr = H(vk). It writes μ to mu.
func Mu(mu, tr, msg []byte) {
	h := sha3.NewSHAKE256()
	h.Write(tr)
	h.Write(msg)
	h.Read(mu)
}

// Hash writes SHAKE256(in) to out; it computes tr = H(vk).
func Hash(out, in []byte) {
	h := sha3.NewSHAKE256()
	h.Write(in)
	h.Read(out)
}

// ChalHash implements ChalHash (Algorithm 9) as the reference code does:
// SHAKE256(hdr_h ‖ μ ‖ Ser8(w)) truncated to len(out) bytes, where
// hdr_h = Ser8(104, k, 0, …) and each coefficient of w (in [0, q_w)) takes
// one byte. The specification text absorbs w before μ; the reference order
// defines the known-answer tests. scratch must hold k·n bytes.
func ChalHash[P ~[n]uint64](out, mu []byte, w []P, scratch []byte) {
	buf := scratch[:len(w)*n]
	for i := range w {
		row := buf[i*n : (i+1)*n]
		for j := range row {
			row[j] = byte(w[i][j])
		}
	}
	ChalHashSer(out, mu, len(w), buf)
}

// ChalHashSer is ChalHash of a w of k polynomials given as Ser8(w): its k·n
// coefficients, one byte each, in order (len(ser) = k·n).
func ChalHashSer(out, mu []byte, k int, ser []byte) {
	h := sha3.NewSHAKE256()
	hdr := Header{hdrH, byte(k)}
	h.Write(hdr[:])
	h.Write(mu)
	h.Write(ser[:k*n])
	h.Read(out)
}

// ChalPoly implements ChalPoly (Algorithm 10) as the reference code does.
// It writes to idx the positions and to neg the signs of the ω nonzero
// coefficients of c_poly, in the order they are drawn: coefficient idx[t]
// is -1 if neg[t] else +1. Each draw squeezes two bytes b; the position is
// bits 1..9 and the coefficient is +1 when bit 0 is set, -1 otherwise (the
// specification writes the opposite sign); the loop stops as soon as ω
// coefficients are nonzero.
//
// It is not constant time: c_hash and c_poly are public.
func ChalPoly(idx []int, neg []bool, chash []byte, omega int) {
	h := sha3.NewSHAKE256()
	hdr := Header{hdrC, byte(omega)}
	h.Write(hdr[:])
	h.Write(chash)
	var used [n]bool
	var buf [2 * 64]byte
	for t := 0; t < omega; {
		h.Read(buf[:])
		for off := 0; off < len(buf) && t < omega; off += 2 {
			b := binary.LittleEndian.Uint16(buf[off:])
			i := int(b>>1) & (n - 1)
			if !used[i] {
				used[i] = true
				idx[t] = i
				neg[t] = b&1 == 0
				t++
			}
		}
	}
}
