package xof

import (
	"encoding/binary"
	"sync"
	"sync/atomic"

	"github.com/raccoon-go/raccoon/internal/keccak"
	"github.com/raccoon-go/raccoon/internal/params"
)

// Lanes is the number of SHAKE256 streams of one keccak.Shake4: the
// multi-stream samplers take up to Lanes streams on every CPU.
const Lanes = 4

// MaxLanes is the largest number of streams the multi-stream samplers
// (SampleQLanes, SampleULanes) run together.
const MaxLanes = 8

// Width returns the number of streams to hand the multi-stream samplers at
// a time on this CPU: MaxLanes where the permutations of eight streams run
// together (keccak.Wide, AVX-512), else Lanes, since eight streams' buffers
// take twice the cache for no gain. The result never changes the output of
// a caller, only how its streams are batched (see SetWidthForTesting).
func Width() int {
	if w := forcedWidth.Load(); w != 0 {
		return int(w)
	}
	if keccak.Wide() {
		return MaxLanes
	}
	return Lanes
}

// forcedWidth is the width SetWidthForTesting set, or 0.
var forcedWidth atomic.Int32

// SetWidthForTesting makes Width return w (Lanes or MaxLanes) until the
// returned function restores the CPU's choice, so that the batching of
// either width can be tested on any CPU (the eight-stream types run as two
// four-stream halves where the CPU has no eight-way kernel). For tests
// only: no caller may be using Width concurrently.
func SetWidthForTesting(w int) (restore func()) {
	if w != Lanes && w != MaxLanes {
		panic("xof: SetWidthForTesting needs Lanes or MaxLanes")
	}
	forcedWidth.Store(int32(w))
	return func() { forcedWidth.Store(0) }
}

// maxInput is the largest input of a sampler stream: an 8-byte header and a
// seed of at most 32 bytes.
const maxInput = 8 + 32

// laneInputs concatenates header and seed of each lane.
func laneInputs(buf *[MaxLanes][maxInput]byte, hdr []Header, seed [][]byte) [MaxLanes][]byte {
	var in [MaxLanes][]byte
	for i := range hdr {
		if len(seed[i]) > maxInput-8 {
			panic("xof: internal error: seed too long")
		}
		copy(buf[i][:8], hdr[i][:])
		k := copy(buf[i][8:], seed[i])
		in[i] = buf[i][:8+k]
	}
	return in
}

// SampleQLanes runs SampleQ (Algorithm 5) on len(f) <= MaxLanes
// independent inputs at once: f[i] = SampleQ(hdr[i], seed[i]). It returns
// the same values as SampleQ, with the permutations of the streams computed
// together (on a keccak.Shake8: see Width).
//
// It is constant time with respect to the accepted coefficients; the number
// of rejections (which depends only on discarded output) is not hidden.
func SampleQLanes(f []*[n]uint64, hdr []Header, seed [][]byte) {
	lanes := len(f)
	if lanes == 0 || lanes > MaxLanes || len(hdr) != lanes || len(seed) != lanes {
		panic("xof: internal error: SampleQLanes arguments")
	}
	var inBuf [MaxLanes][maxInput]byte
	in := laneInputs(&inBuf, hdr, seed)
	var s keccak.Shake8
	s.Init(in[:lanes]...)

	// The first squeeze gives qFirst blocks, then one block at a time
	// until every lane is done. Candidates may straddle blocks: each lane
	// keeps up to 6 bytes over, in front of the next block.
	lb := laneBufPool.Get().(*laneBuffers)
	defer laneBufPool.Put(lb)
	bufs := &lb.squeezed
	var carry [MaxLanes][8]byte
	var nCarry, filled [MaxLanes]int
	var out [MaxLanes][]byte
	for i := 0; i < lanes; i++ {
		out[i] = bufs[i][8 : 8+qFirst*keccak.Rate]
	}
	for {
		s.SqueezeBlocks(out[:lanes]...)
		done := true
		for i := 0; i < lanes; i++ {
			if filled[i] == n {
				continue
			}
			// Prepend the carried bytes to this lane's fresh output.
			b := bufs[i][8-nCarry[i] : 8+len(out[i])]
			copy(b, carry[i][:nCarry[i]])
			fi := f[i]
			k, off := ParseQ(fi, filled[i], b)
			for off+7 <= len(b) && k < n {
				var x uint64
				if off+8 <= len(b) {
					x = binary.LittleEndian.Uint64(b[off:])
				} else {
					var t [8]byte
					copy(t[:], b[off:off+7])
					x = binary.LittleEndian.Uint64(t[:])
				}
				x &= params.QMask
				off += 7
				fi[k] = x
				k += int((x - q) >> 63) // accept when x < q
			}
			filled[i] = k
			nCarry[i] = copy(carry[i][:], b[off:])
			if k < n {
				done = false
			}
		}
		if done {
			break
		}
		for i := 0; i < lanes; i++ {
			out[i] = bufs[i][8 : 8+keccak.Rate]
		}
	}
	clear(bufs[:lanes])
	clear(carry[:lanes])
}

// qFirst is the number of blocks SampleQLanes squeezes first: 446 full
// candidates per lane; the rest (66 or more, 3 or 4 blocks) come one
// block at a time. It is chosen so that SampleQ and SampleU lanes have the
// same size, uBufSize.
const qFirst = 23

// laneBuffers are the buffers of the multi-stream samplers: the squeezed
// bytes of every lane (for SampleQLanes 8 bytes of carry and qFirst
// blocks, for SampleULanes up to 23 blocks and 8 bytes for the last 8-byte
// load) and the lane SampleULanes hands out (on the stack it would escape
// to the heap through the callback).
type laneBuffers struct {
	squeezed [MaxLanes][uBufSize]byte
	e        [n]uint64
}

// The lanes of SampleQLanes are as large as those of SampleULanes.
const _ = uint(8+qFirst*keccak.Rate-uBufSize) + uint(uBufSize-8-qFirst*keccak.Rate)

// laneBufPool holds the samplers' buffers, cleared before they go back.
// Pooled rather than on the stack, where they would be zeroed on every
// call.
var laneBufPool = sync.Pool{New: func() any { return new(laneBuffers) }}

// SampleULanes runs SampleU (Algorithm 7) on len(hdr) <= MaxLanes
// independent inputs at once and hands the results to use in order: it
// calls use(i, e) with e = SampleU(hdr[i], sigma[i], u) modulo q for i = 0,
// 1, …. e is SampleULanes' buffer, valid during the call only; it is
// cleared at the end. Up to four streams run on one keccak.Shake4 state;
// more run on a Shake8, which is faster only where keccak.Wide (see
// Width). It is constant time.
func SampleULanes(hdr []Header, sigma [][]byte, u int, use func(i int, e *[n]uint64)) {
	lanes := len(hdr)
	if lanes == 0 || lanes > MaxLanes || len(sigma) != lanes {
		panic("xof: internal error: SampleULanes arguments")
	}
	var inBuf [MaxLanes][maxInput]byte
	in := laneInputs(&inBuf, hdr, sigma)
	var s keccak.Shake8
	s.Init(in[:lanes]...)

	bytesPer := (u + 7) / 8
	total := n * bytesPer
	blocks := (total + keccak.Rate - 1) / keccak.Rate
	// At most 6 bytes per coefficient: 3072 bytes, 23 blocks per lane.
	lb := laneBufPool.Get().(*laneBuffers)
	defer laneBufPool.Put(lb)
	var out [MaxLanes][]byte
	for i := 0; i < lanes; i++ {
		out[i] = lb.squeezed[i][:blocks*keccak.Rate]
	}
	s.SqueezeBlocks(out[:lanes]...)
	for i := 0; i < lanes; i++ {
		parseU(&lb.e, &lb.squeezed[i], bytesPer, u)
		use(i, &lb.e)
	}
	for i := 0; i < lanes; i++ {
		// The squeezed bytes. parseU's loads read up to 8 bytes past
		// them, which earlier calls cleared too (or never wrote).
		clear(out[i])
	}
	clear(lb.e[:])
}

// uBufSize is the size of the squeeze buffers of SampleULanes: 23 blocks,
// enough for 512 coefficients of 6 bytes, and 8 bytes for the last 8-byte
// load.
const uBufSize = 23*keccak.Rate + 8

// parseUGeneric sets e[j] to the j-th u-bit value of b (bytesPer bytes
// each, little-endian, u <= 8*bytesPer <= 56) read as a two's-complement
// number, mapped to [0, q).
func parseUGeneric(e *[n]uint64, b *[uBufSize]byte, bytesPer, u int) {
	mask := uint64(1)<<u - 1
	mid := uint64(1) << (u - 1)
	for j := range e {
		x := binary.LittleEndian.Uint64(b[j*bytesPer:]) & mask
		e[j] = csub((x^mid)+(q-mid), q) // x ^ mid is e + 2^(u-1)
	}
}

// ParseQ is the rejection step of SampleQ (Algorithm 5) on whole
// groups of four 7-byte candidates read from the start of b: for each
// candidate in order it stores the low 49 bits at f[k] and increments k if
// they are below q. It goes on while k <= n-4 and at least 32 bytes of b
// are left, and returns the new k and the number of bytes consumed (a
// multiple of 28). Entries of f from the returned k on are unspecified.
//
// Only the positions of the stores depend on the data, through the number
// of rejected candidates. Callers finish the last candidates (fewer than
// 32 bytes, or fewer than four free slots) one at a time.
func ParseQ(f *[n]uint64, k int, b []byte) (int, int) {
	off := 0
	for ; off+32 <= len(b) && k <= n-4; off += 28 {
		g := (*[32]byte)(b[off:])
		const m = params.QMask
		x0 := binary.LittleEndian.Uint64(g[0:]) & m
		x1 := binary.LittleEndian.Uint64(g[7:]) & m
		x2 := binary.LittleEndian.Uint64(g[14:]) & m
		x3 := binary.LittleEndian.Uint64(g[21:]) & m
		// x - q has its top bit set exactly when x < q (accept).
		f[k&(n-1)] = x0
		k += int((x0 - q) >> 63)
		f[k&(n-1)] = x1
		k += int((x1 - q) >> 63)
		f[k&(n-1)] = x2
		k += int((x2 - q) >> 63)
		f[k&(n-1)] = x3
		k += int((x3 - q) >> 63)
	}
	return k, off
}
