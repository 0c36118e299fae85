package keccak

import "encoding/binary"

// Rate is the SHAKE256 rate in bytes: r = 1600 − 2·256 bits
// (FIPS 202, Section 6.2).
const Rate = 136

// rateLanes is the number of 64-bit lanes in a Rate-byte block.
const rateLanes = Rate / 8

// dsShake is the SHAKE domain-separation suffix 1111 followed by the first
// bit of pad10*1 (FIPS 202, Sections 5.1 and 6.2), as the byte that holds
// them in Keccak's little-endian bit order. The last bit of pad10*1 is the
// top bit of the last byte of the block.
const dsShake = 0x1f

// Shake4 computes up to four independent SHAKE256 streams (FIPS 202,
// Section 6.2) in lockstep, so that their permutations run four at a time
// (see [F1600x4]). Each stream absorbs the one message given to
// [Shake4.Init] and then squeezes any number of Rate-byte blocks.
//
// With fewer than four streams, the unused lanes cost nothing where the
// permutation runs one or two states at a time (pure Go, arm64) and cost
// the same as used lanes with AVX2; a single stream always runs scalar
// code.
//
// The zero value is not ready for use: call Init first. A Shake4 is about
// 800 bytes; allocate it once per batch of streams and reuse it.
//
// Constant time with respect to the messages and the output: no
// data-dependent branches or memory indices. Message lengths are public.
type Shake4 struct {
	s State4
	n int // number of streams
}

// Init resets s to len(in) SHAKE256 streams, 1 ≤ len(in) ≤ 4, where stream
// i absorbs the message in[i]. The messages may differ in length, but must
// span the same number of whole Rate-byte blocks: len(in[i])/Rate must be
// equal for all i. Any mix of messages shorter than Rate bytes (Raccoon's
// 8-byte header plus a seed of at most 32 bytes) satisfies this and costs
// no permutation here.
func (s *Shake4) Init(in ...[]byte) {
	n := len(in)
	if n < 1 || n > 4 {
		panic("keccak: Shake4 needs 1 to 4 streams")
	}
	blocks := blockCount(in, "Shake4")
	s.s = State4{}
	s.n = n
	for blk := range blocks {
		xorBlocks(&s.s, in, blk)
		f1600x4(&s.s, n)
	}
	padAll(&s.s, in, blocks)
}

// blockCount returns the number of whole Rate-byte blocks the messages in
// span, which must be the same for all of them (Init of type typ).
func blockCount(in [][]byte, typ string) int {
	blocks := len(in[0]) / Rate
	for _, m := range in[1:] {
		if len(m)/Rate != blocks {
			panic("keccak: " + typ + " messages span different numbers of blocks")
		}
	}
	return blocks
}

// xorBlocks adds block number blk of message in[j] into state j of s, for
// the len(in) <= 4 messages.
func xorBlocks(s *State4, in [][]byte, blk int) {
	for j, m := range in {
		xorBlock(s, j, (*[Rate]byte)(m[blk*Rate:]))
	}
}

// padAll adds the padded last block of message in[j], which spans blocks
// whole blocks before it, into state j of s, for the len(in) <= 4
// messages.
func padAll(s *State4, in [][]byte, blocks int) {
	for j, m := range in {
		last := padLast(m[blocks*Rate:])
		xorBlock(s, j, &last)
	}
}

// padLast returns the last block of a message absorbed by SHAKE256: the
// final len(m) < Rate bytes m, the SHAKE suffix and pad10*1 (FIPS 202,
// Section 5.1 and Section 6.2).
func padLast(m []byte) [Rate]byte {
	var last [Rate]byte
	k := copy(last[:], m)
	last[k%Rate] ^= dsShake // k < Rate; the remainder is a bounds check elimination hint.
	last[Rate-1] ^= 0x80
	return last
}

// xorBlock adds the block b into the first Rate bytes of state j of s.
func xorBlock(s *State4, j int, b *[Rate]byte) {
	j &= 3 // Bounds check elimination hint.
	for i := range rateLanes {
		s[i][j] ^= binary.LittleEndian.Uint64(b[8*i:])
	}
}

// storeBlock writes the first Rate bytes of state j of s to b.
func storeBlock(b *[Rate]byte, s *State4, j int) {
	j &= 3 // Bounds check elimination hint.
	for i := range rateLanes {
		binary.LittleEndian.PutUint64(b[8*i:], s[i][j])
	}
}

// SqueezeBlocks writes the next len(out[0]) bytes of stream i to out[i] for
// every stream. It needs one slice per stream (len(out) equal to the
// number of messages given to Init), all of the same length, a multiple of
// Rate. Successive calls continue the streams.
func (s *Shake4) SqueezeBlocks(out ...[]byte) {
	size := squeezeSize(out, s.n, Rate, "Shake4")
	for off := 0; off < size; off += Rate {
		f1600x4(&s.s, s.n)
		storeOut(&s.s, out, off)
	}
}

// squeezeSize checks the outputs of a SqueezeBlocks call of type typ on n
// streams of the given rate and returns their common length.
func squeezeSize(out [][]byte, n, rate int, typ string) int {
	if len(out) != n {
		panic("keccak: " + typ + ".SqueezeBlocks needs one output per stream")
	}
	size := len(out[0])
	if size%rate != 0 {
		panic("keccak: " + typ + " output is not a whole number of blocks")
	}
	for _, o := range out[1:] {
		if len(o) != size {
			panic("keccak: " + typ + " outputs differ in length")
		}
	}
	return size
}

// storeOut writes the first Rate bytes of state j of s to out[j][off:],
// for the len(out) <= 4 streams of s.
func storeOut(s *State4, out [][]byte, off int) {
	if len(out) == 4 {
		storeBlocks4(s, (*[Rate]byte)(out[0][off:]), (*[Rate]byte)(out[1][off:]),
			(*[Rate]byte)(out[2][off:]), (*[Rate]byte)(out[3][off:]))
		return
	}
	for j, o := range out {
		storeBlock((*[Rate]byte)(o[off:]), s, j)
	}
}

// Shake8 computes up to eight independent SHAKE256 streams in lockstep, like
// [Shake4]: streams 0…3 in one State4 and 4…7 in a second, whose
// permutations run together where the CPU has an eight-way kernel (see
// [F1600x8]) and one State4 after the other elsewhere. [Wide] reports
// which: callers batch eight streams only when it is true, since the
// buffers of eight streams take twice the cache.
//
// The zero value is not ready for use: call Init first. A Shake8 is about
// 1.6 KB.
//
// Constant time with respect to the messages and the output: no
// data-dependent branches or memory indices. Message lengths are public.
type Shake8 struct {
	lo, hi Shake4 // streams 0…3 and 4…7; hi.n = 0 with four or fewer
}

// Init resets s to len(in) SHAKE256 streams, 1 ≤ len(in) ≤ 8, where stream
// i absorbs the message in[i]. The messages of streams 0…3 and those of
// 4…7 must each span the same number of whole Rate-byte blocks, as for
// Shake4.Init; messages shorter than Rate bytes always do and cost no
// permutation here. Longer messages are absorbed eight at a time (see
// [F1600x8]) when all of them span the same number of blocks, as the
// messages of a Threshold Raccoon round do, and four at a time otherwise.
func (s *Shake8) Init(in ...[]byte) {
	lo, hi := splitStreams(in, "Shake8")
	if len(hi) == 0 || len(lo[0])/Rate != len(hi[0])/Rate {
		s.lo.Init(lo...)
		s.hi = Shake4{}
		if len(hi) > 0 {
			s.hi.Init(hi...)
		}
		return
	}
	// All messages span the same number of blocks: absorb them eight at
	// a time.
	blocks := blockCount(in, "Shake8")
	s.lo = Shake4{n: len(lo)}
	s.hi = Shake4{n: len(hi)}
	for blk := range blocks {
		xorBlocks(&s.lo.s, lo, blk)
		xorBlocks(&s.hi.s, hi, blk)
		f1600x8(&s.lo.s, &s.hi.s, s.lo.n, s.hi.n)
	}
	padAll(&s.lo.s, lo, blocks)
	padAll(&s.hi.s, hi, blocks)
}

// splitStreams checks the 1 to 8 messages of an eight-stream type's Init
// and splits them into those of streams 0…3 and 4…7 (none with four or
// fewer).
func splitStreams(in [][]byte, typ string) (lo, hi [][]byte) {
	n := len(in)
	if n < 1 || n > 8 {
		panic("keccak: " + typ + " needs 1 to 8 streams")
	}
	return in[:min(n, 4)], in[min(n, 4):]
}

// SqueezeBlocks writes the next len(out[0]) bytes of stream i to out[i] for
// every stream, with the same requirements as Shake4.SqueezeBlocks.
func (s *Shake8) SqueezeBlocks(out ...[]byte) {
	squeeze8(&s.lo.s, &s.hi.s, s.lo.n, s.hi.n, out, Rate, "Shake8")
}

// squeeze8 is SqueezeBlocks of the eight-stream type typ, whose streams
// are states 0…nlo−1 of lo and 0…nhi−1 of hi, at rate Rate (SHAKE256) or
// Rate128 (SHAKE128).
func squeeze8(lo, hi *State4, nlo, nhi int, out [][]byte, rate int, typ string) {
	size := squeezeSize(out, nlo+nhi, rate, typ)
	olo, ohi := out[:nlo], out[nlo:]
	for off := 0; off < size; off += rate {
		f1600x8(lo, hi, nlo, nhi)
		if rate == Rate {
			storeOut(lo, olo, off)
			storeOut(hi, ohi, off)
		} else {
			store128(lo, olo, off)
			store128(hi, ohi, off)
		}
	}
}

// storeBlocks4Generic writes the first Rate bytes of state j of s to oj,
// j = 0…3.
func storeBlocks4Generic(s *State4, o0, o1, o2, o3 *[Rate]byte) {
	storeBlock(o0, s, 0)
	storeBlock(o1, s, 1)
	storeBlock(o2, s, 2)
	storeBlock(o3, s, 3)
}

// Shake computes one SHAKE256 stream (FIPS 202, Section 6.2) with the block
// interface of [Shake4], using the pure-Go [F1600]. For a single stream it
// is about as fast as crypto/sha3 (see BenchmarkF1600); it exists so that
// code batching streams four at a time can handle a remainder the same way.
//
// The zero value is not ready for use: call Init first.
//
// Constant time with respect to the message and the output: no
// data-dependent branches or memory indices. The message length is public.
type Shake struct {
	a [25]uint64
}

// Init resets s to the SHAKE256 stream of the message in, of any length.
func (s *Shake) Init(in []byte) {
	s.a = [25]uint64{}
	for ; len(in) >= Rate; in = in[Rate:] {
		xorBlock1(&s.a, (*[Rate]byte)(in))
		f1600Generic(&s.a)
	}
	last := padLast(in)
	xorBlock1(&s.a, &last)
}

// xorBlock1 adds the block b into the first Rate bytes of the state a.
func xorBlock1(a *[25]uint64, b *[Rate]byte) {
	for i := range rateLanes {
		a[i] ^= binary.LittleEndian.Uint64(b[8*i:])
	}
}

// SqueezeBlocks writes the next len(out) bytes of the stream to out, whose
// length must be a multiple of Rate.
func (s *Shake) SqueezeBlocks(out []byte) {
	if len(out)%Rate != 0 {
		panic("keccak: Shake output is not a whole number of blocks")
	}
	for ; len(out) > 0; out = out[Rate:] {
		f1600Generic(&s.a)
		b := (*[Rate]byte)(out)
		for i := range rateLanes {
			binary.LittleEndian.PutUint64(b[8*i:], s.a[i])
		}
	}
}
