package threshold

import (
	"crypto/sha3"
	"encoding/binary"
	"sync"

	"github.com/raccoon-go/raccoon/internal/keccak"
	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/ntt"
)

// The hash functions and expansions of the authors' reference
// implementation (thrc_core.c, xof_sample.c). Every input starts with an
// 8-byte domain-separation header.

// hdr8 returns the header (c, b1, …, b7) (THRC_HDR8).
func hdr8(c byte, b ...byte) [8]byte {
	h := [8]byte{c}
	copy(h[1:], b)
	return h
}

// hdr24 returns the header (c, k, i as 3 bytes, j as 3 bytes), all little
// endian (THRC_HDR24K; THRC_HDR24 is the case k = 0). i, j < 2^24.
func hdr24(c byte, i, j int, k byte) [8]byte {
	return [8]byte{c, k, byte(i), byte(i >> 8), byte(i >> 16), byte(j), byte(j >> 8), byte(j >> 16)}
}

// sampleQLanes runs sampleQ on len(f) <= xof.MaxLanes independent inputs
// at once, each given by its header and parts (hdr[i] ‖ parts[i]…, shorter
// than one SHAKE128 block), with the multi-way Keccak of internal/keccak
// (eight-way only where keccak.Wide: callers batch xof.Width() streams). It
// returns exactly what sampleQ returns.
func sampleQLanes(f []*[n]uint64, hdr [][8]byte, parts [][][]byte) {
	lanes := len(f)
	var inBuf [xof.MaxLanes][keccak.Rate128]byte
	var in [xof.MaxLanes][]byte
	for i := 0; i < lanes; i++ {
		b := append(inBuf[i][:0], hdr[i][:]...)
		for _, p := range parts[i] {
			b = append(b, p...)
		}
		if len(b) >= keccak.Rate128 {
			panic("threshold: internal error: sampleQ input longer than a block")
		}
		in[i] = b
	}
	var s keccak.Shake128x8
	s.Init(in[:lanes]...)
	// A block holds exactly 24 candidates of 7 bytes. The first squeeze
	// gives 528 candidates, usually enough; then one block at a time.
	bufs := qBufPool.Get().(*qBuffers)
	defer qBufPool.Put(bufs)
	var out [xof.MaxLanes][]byte
	for i := 0; i < lanes; i++ {
		out[i] = bufs[i][:qFirst*keccak.Rate128]
	}
	var filled [xof.MaxLanes]int
	for {
		s.SqueezeBlocks(out[:lanes]...)
		done := true
		for i := 0; i < lanes; i++ {
			b := out[i]
			fi := f[i]
			k, off := xof.ParseQ(fi, filled[i], b)
			for ; off < len(b) && k < n; off += qBytes {
				x := binary.LittleEndian.Uint64(bufs[i][off:]) & (1<<qBits - 1)
				fi[k] = x
				k += int((x - q) >> 63) // accept when x < q
			}
			filled[i] = k
			done = done && k == n
		}
		if done {
			break
		}
		for i := 0; i < lanes; i++ {
			out[i] = bufs[i][:keccak.Rate128]
		}
	}
	clear(bufs[:lanes])
	clear(inBuf[:lanes])
}

// qFirst is the number of blocks sampleQLanes squeezes first.
const qFirst = 22

// qBuffers are sampleQLanes' squeeze buffers, one per lane (one spare byte
// for the last 8-byte load).
type qBuffers [xof.MaxLanes][qFirst*keccak.Rate128 + 1]byte

// qBufPool holds sampleQLanes' buffers, cleared before they go back (on the
// stack they would be zeroed on every call).
var qBufPool = sync.Pool{New: func() any { return new(qBuffers) }}

// expandA returns ExpandA(A_seed) (expand_aij): A[i][j] = SampleQ(hdr8('A',
// i, j) ‖ A_seed), whose output is taken as the NTT-domain values of A, in
// Montgomery form, at index i·ℓ+j.
func expandA(ps *paramSet, seed []byte) []ntt.MontPoly {
	a := make([]ntt.MontPoly, ps.k*ps.l)
	w := xof.Width()
	var ptr [xof.MaxLanes]*[n]uint64
	var hdr [xof.MaxLanes][8]byte
	var parts [xof.MaxLanes][][]byte
	for start := 0; start < len(a); start += w {
		cnt := min(w, len(a)-start)
		for t := 0; t < cnt; t++ {
			i, j := (start+t)/ps.l, (start+t)%ps.l
			ptr[t] = (*[n]uint64)(&a[start+t])
			hdr[t] = hdr8('A', byte(i), byte(j))
			parts[t] = [][]byte{seed}
		}
		sampleQLanes(ptr[:cnt], hdr[:cnt], parts[:cnt])
	}
	for i := range a {
		// The samples are NTT-domain values: convert them in place.
		a[i].FromNTT((*ntt.NTTPoly)(&a[i]))
	}
	return a
}

// shake256 writes SHAKE256(parts…) to out.
func shake256(out []byte, parts ...[]byte) { shake256With(sha3.NewSHAKE256(), out, parts...) }

// shake256With is shake256 on the SHAKE256 state h, which it resets first.
func shake256With(h *sha3.SHAKE, out []byte, parts ...[]byte) {
	h.Reset()
	for _, b := range parts {
		h.Write(b)
	}
	h.Read(out)
}

// shake256Lanes sets out[t] = SHAKE256(in[t]) for t < len(in) <=
// xof.MaxLanes, where the in[t] span the same number of whole SHAKE256
// blocks (as messages of equal length, or all shorter than a block, do;
// see keccak.Shake8.Init) and every out[t] is at most a block long: two to
// eight of them on keccak.Shake8, a lone one on crypto/sha3. The output
// blocks are cleared.
func shake256Lanes(out, in [][]byte) {
	if len(in) == 1 {
		shake256(out[0], in[0])
		return
	}
	var sh keccak.Shake8
	sh.Init(in...)
	var blocks [xof.MaxLanes][keccak.Rate]byte
	var dst [xof.MaxLanes][]byte
	for t := range in {
		dst[t] = blocks[t][:]
	}
	sh.SqueezeBlocks(dst[:len(in)]...)
	for t := range in {
		copy(out[t], blocks[t][:])
	}
	clear(blocks[:len(in)])
	sh = keccak.Shake8{}
}

// vecHasher computes hash_vec(dat, v) of the reference: SHAKE256 of
// hdr24('H', |dat|, 7·|v|) ‖ dat ‖ each value of v as 7 bytes little endian,
// truncated to 2κ/8 bytes. The caller announces the number of values.
type vecHasher struct {
	h   *sha3.SHAKE
	buf [qBytes*n + 1]byte
}

func newVecHasher() *vecHasher { return &vecHasher{h: sha3.NewSHAKE256()} }

// start resets the hasher for data dat followed by count values.
func (vh *vecHasher) start(dat []byte, count int) {
	vh.h.Reset()
	hdr := hdr24('H', len(dat), qBytes*count, 0)
	vh.h.Write(hdr[:])
	vh.h.Write(dat)
}

// poly absorbs the n coefficients of f, which must be below 2^56.
func (vh *vecHasher) poly(f *[n]uint64) {
	putPoly(vh.buf[:], f)
	vh.h.Write(vh.buf[:qBytes*n])
}

// putPoly writes the n coefficients of f (below 2^56) to b as 7 bytes each,
// little endian; b must hold qBytes·n + 1 bytes (each coefficient is one
// 8-byte store, the next overwriting its zero top byte).
func putPoly(b []byte, f *[n]uint64) {
	b = b[:qBytes*n+1]
	for i, x := range f {
		binary.LittleEndian.PutUint64(b[qBytes*i:], x)
	}
}

// ints absorbs the values of v, each below 2^56.
func (vh *vecHasher) ints(v []int) {
	var b [8]byte
	for _, x := range v {
		binary.LittleEndian.PutUint64(b[:], uint64(x))
		vh.h.Write(b[:qBytes])
	}
}

// sum writes the digest to out (2κ/8 bytes).
func (vh *vecHasher) sum(out []byte) { vh.h.Read(out) }

// hashPolys returns hash_vec(dat, v) for a vector of polynomials with
// coefficients below 2^56.
func hashPolys(ps *paramSet, dat []byte, v []ntt.Poly) []byte {
	out := make([]byte, ps.crh())
	newVecHasher().digest(out, dat, v)
	return out
}

// digest writes hash_vec(dat, v) to out (2κ/8 bytes).
func (vh *vecHasher) digest(out, dat []byte, v []ntt.Poly) {
	vh.start(dat, len(v)*n)
	for i := range v {
		vh.poly((*[n]uint64)(&v[i]))
	}
	vh.sum(out)
}

// hashPolysAll writes hash_vec(dat(i), v(i)), as hashPolys computes it, to
// out[i·2κ/8 : (i+1)·2κ/8] for i < count; out must hold count digests. Up
// to xof.Width() hashes run together on the multi-way Keccak; from
// minParallel items on, the groups are spread over goroutines, so dat and
// v must be safe for concurrent use. The inputs are public (messages of
// the signing rounds).
func hashPolysAll(ps *paramSet, out []byte, count int, dat func(i int) []byte, v func(i int) []ntt.Poly) {
	crh := ps.crh()
	out = out[:count*crh]
	w := xof.Width()
	groups := (count + w - 1) / w
	parallelFor(groups, (minParallel+w-1)/w, func(_, g int) {
		var dst [xof.MaxLanes][]byte
		var dats [xof.MaxLanes][]byte
		var vs [xof.MaxLanes][]ntt.Poly
		cnt := min(w, count-w*g)
		for t := range cnt {
			i := w*g + t
			dst[t], dats[t], vs[t] = out[i*crh:(i+1)*crh], dat(i), v(i)
		}
		hashPolysLanes(dst[:cnt], dats[:cnt], vs[:cnt])
	})
}

// hashPolysLanes writes hash_vec(dat[t], v[t]) to out[t] (2κ/8 bytes each)
// for t < len(out) <= xof.MaxLanes, computing them together with
// keccak.Shake8 when the messages have equal lengths (as the messages of a
// round have), and one at a time otherwise.
func hashPolysLanes(out, dat [][]byte, v [][]ntt.Poly) {
	cnt := len(out)
	same := true
	for t := 1; t < cnt; t++ {
		same = same && len(dat[t]) == len(dat[0]) && len(v[t]) == len(v[0])
	}
	if cnt == 1 || !same {
		for t := range cnt {
			newVecHasher().digest(out[t], dat[t], v[t])
		}
		return
	}
	bufs := laneBufPool.Get().(*[xof.MaxLanes][]byte)
	defer laneBufPool.Put(bufs)
	size := 8 + len(dat[0]) + qBytes*n*len(v[0])
	var msgs [xof.MaxLanes][]byte
	for t := range cnt {
		b := bufs[t]
		if cap(b) < size+1 {
			b = make([]byte, 0, size+1) // one spare byte for the last 8-byte store
		}
		hdr := hdr24('H', len(dat[t]), qBytes*n*len(v[t]), 0)
		b = append(append(b[:0], hdr[:]...), dat[t]...)
		off := len(b)
		b = b[:size+1]
		for i := range v[t] {
			putPoly(b[off+i*qBytes*n:], (*[n]uint64)(&v[t][i]))
		}
		bufs[t] = b
		msgs[t] = b[:size]
	}
	shake256Lanes(out[:cnt], msgs[:cnt])
}

// laneBufPool holds the message buffers of hashPolysLanes (up to
// xof.Width() × 29 KB).
var laneBufPool = sync.Pool{New: func() any { return new([xof.MaxLanes][]byte) }}

// sessionHash returns seh = hash_vec(sid ‖ μ, act), the session hash that
// binds every signing message to the session id, the message and the
// signer set (Alg. 5, thrc_sign_1).
func sessionHash(ps *paramSet, sid, mu []byte, act []int) []byte {
	vh := newVecHasher()
	dat := append(append([]byte(nil), sid...), mu...)
	vh.start(dat, len(act))
	vh.ints(act)
	out := make([]byte, ps.crh())
	vh.sum(out)
	return out
}

// commitHash returns cmt = H_com(seh, w) = hash_vec(seh, w) for w ∈ R_q^k
// (Alg. 5 line 4).
func commitHash(ps *paramSet, seh []byte, w []ntt.Poly) []byte {
	return hashPolys(ps, seh, w)
}

// challengeHash returns c_hash = hash_vec(μ, w) for the rounded commitment w
// ∈ R_{q_w}^k (Alg. 3 line 2, Alg. 7 line 11, Alg. 8 line 5).
func challengeHash(ps *paramSet, mu []byte, w []ntt.Poly) []byte {
	return hashPolys(ps, mu, w)
}

// macs sets out[idx·κ/8 : (idx+1)·κ/8] = MAC(a, b, seed, D) =
// SHAKE256(hdr24('M', a, b) ‖ seed ‖ D) truncated to κ/8 bytes, with (a, b,
// seed) = key(idx) and D = digest, for idx < count, xof.Width() at a time
// on the multi-way Keccak (the messages, 8 + κ/8 + 2κ/8 bytes, fit in one
// block). In the paper the consistency check of round 2 is a signature
// over sid ‖ act ‖ msg ‖ contrib_1; the reference replaces it by MACs keyed
// with the pairwise seeds (sig_mac_ctrb_1).
func macs(ps *paramSet, out []byte, count int, key func(idx int) (a, b int, seed []byte), digest []byte) {
	sec := ps.sec()
	w := xof.Width()
	var msg [xof.MaxLanes][keccak.Rate]byte
	var in, dst [xof.MaxLanes][]byte
	for i0 := 0; i0 < count; i0 += w {
		cnt := min(w, count-i0)
		for t := range cnt {
			a, b, seed := key(i0 + t)
			hdr := hdr24('M', a, b, 0)
			in[t] = append(append(append(msg[t][:0], hdr[:]...), seed...), digest...)
			dst[t] = out[(i0+t)*sec : (i0+t+1)*sec]
		}
		shake256Lanes(dst[:cnt], in[:cnt])
	}
	clear(msg[:])
}

// A maskKey names one mask MaskPRF(a, b, seed, ·).
type maskKey struct {
	a, b int
	seed []byte
}

// maskPRFs adds X_{a,b} = MaskPRF(a, b, seed, seh) ∈ R_q^ℓ to acc for every
// key in keys: component k of X_{a,b} is SampleQ(hdr24('m', a, b, k) ‖ seed
// ‖ seh) (mask_prf). The ℓ·len(keys) expansions run xof.Width() at a time,
// across keys, so that no lane is idle when ℓ is not a multiple of the
// width. tmp is scratch.
func maskPRFs(acc []ntt.Poly, keys []maskKey, seh []byte, tmp *[xof.MaxLanes]ntt.Poly) {
	l := len(acc)
	w := xof.Width()
	var ptr [xof.MaxLanes]*[n]uint64
	var hdr [xof.MaxLanes][8]byte
	var two [xof.MaxLanes][2][]byte // the parts, without a heap allocation per stream
	var parts [xof.MaxLanes][][]byte
	total := l * len(keys)
	for start := 0; start < total; start += w {
		cnt := min(w, total-start)
		for t := 0; t < cnt; t++ {
			key, k := &keys[(start+t)/l], (start+t)%l
			ptr[t] = (*[n]uint64)(&tmp[t])
			hdr[t] = hdr24('m', key.a, key.b, byte(k))
			two[t] = [2][]byte{key.seed, seh}
			parts[t] = two[t][:]
		}
		sampleQLanes(ptr[:cnt], hdr[:cnt], parts[:cnt])
		for t := 0; t < cnt; t++ {
			k := (start + t) % l
			ntt.Add(&acc[k], &acc[k], &tmp[t])
		}
	}
}

// chalPoly sets c to ChalPoly(c_hash), the ternary challenge polynomial with
// ω nonzero coefficients, as residues in [0, q): SHAKE256(hdr8('c', ω) ‖
// c_hash) read 2 bytes at a time, position bits 1..9, coefficient +1 when
// bit 0 is set (xof_chal_poly). The NIST Raccoon function is the same.
func chalPoly(ps *paramSet, c *ntt.Poly, chash []byte) {
	var idx [64]int
	var neg [64]bool
	xof.ChalPoly(idx[:ps.omega], neg[:ps.omega], chash, ps.omega)
	clear(c[:])
	for t := 0; t < ps.omega; t++ {
		if neg[t] {
			c[idx[t]] = q - 1
		} else {
			c[idx[t]] = 1
		}
	}
}
