package keccak

import "encoding/binary"

// Rate128 is the SHAKE128 rate in bytes: r = 1600 − 2·128 bits
// (FIPS 202, Section 6.2).
const Rate128 = 168

// Shake128x4 computes up to four independent SHAKE128 streams (FIPS 202,
// Section 6.2) in lockstep, like [Shake4] does for SHAKE256. Each stream
// absorbs one message shorter than Rate128 bytes.
//
// The zero value is not ready for use: call Init first.
//
// Constant time with respect to the messages and the output: no
// data-dependent branches or memory indices. Message lengths are public.
type Shake128x4 struct {
	s State4
	n int
}

// Init resets s to len(in) SHAKE128 streams, 1 ≤ len(in) ≤ 4, where stream
// i absorbs the message in[i], which must be shorter than Rate128 bytes.
func (s *Shake128x4) Init(in ...[]byte) {
	n := len(in)
	if n < 1 || n > 4 {
		panic("keccak: Shake128x4 needs 1 to 4 streams")
	}
	s.s = State4{}
	s.n = n
	for j, m := range in {
		if len(m) >= Rate128 {
			panic("keccak: Shake128x4 message longer than one block")
		}
		var last [Rate128]byte
		k := copy(last[:], m)
		last[k%Rate128] ^= dsShake // k < Rate128; the remainder is a bounds check elimination hint.
		last[Rate128-1] ^= 0x80
		j &= 3 // Bounds check elimination hint.
		for i := range Rate128 / 8 {
			s.s[i][j] ^= binary.LittleEndian.Uint64(last[8*i:])
		}
	}
}

// SqueezeBlocks writes the next len(out[0]) bytes of stream i to out[i] for
// every stream: one slice per stream, all of the same length, a multiple of
// Rate128. Successive calls continue the streams.
func (s *Shake128x4) SqueezeBlocks(out ...[]byte) {
	size := squeezeSize(out, s.n, Rate128, "Shake128x4")
	for off := 0; off < size; off += Rate128 {
		f1600x4(&s.s, s.n)
		store128(&s.s, out, off)
	}
}

// Shake128x8 computes up to eight independent SHAKE128 streams in
// lockstep, like [Shake8] does for SHAKE256: streams 0…3 and 4…7 in two
// Shake128x4 whose permutations run together where [Wide] is true. Each
// stream absorbs one message shorter than Rate128 bytes.
//
// The zero value is not ready for use: call Init first.
//
// Constant time with respect to the messages and the output: no
// data-dependent branches or memory indices. Message lengths are public.
type Shake128x8 struct {
	lo, hi Shake128x4 // hi.n = 0 with four streams or fewer
}

// Init resets s to len(in) SHAKE128 streams, 1 ≤ len(in) ≤ 8, where stream
// i absorbs the message in[i], which must be shorter than Rate128 bytes.
func (s *Shake128x8) Init(in ...[]byte) {
	lo, hi := splitStreams(in, "Shake128x8")
	s.lo.Init(lo...)
	s.hi = Shake128x4{}
	if len(hi) > 0 {
		s.hi.Init(hi...)
	}
}

// SqueezeBlocks writes the next len(out[0]) bytes of stream i to out[i] for
// every stream, with the same requirements as Shake128x4.SqueezeBlocks.
func (s *Shake128x8) SqueezeBlocks(out ...[]byte) {
	squeeze8(&s.lo.s, &s.hi.s, s.lo.n, s.hi.n, out, Rate128, "Shake128x8")
}

// store128 writes the first Rate128 bytes of state j of s to out[j][off:],
// for the len(out) <= 4 streams of s.
func store128(s *State4, out [][]byte, off int) {
	for j, o := range out {
		b := (*[Rate128]byte)(o[off:])
		j &= 3 // Bounds check elimination hint.
		for i := range Rate128 / 8 {
			binary.LittleEndian.PutUint64(b[8*i:], s[i][j])
		}
	}
}
