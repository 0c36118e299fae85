package threshold

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/ntt"
	"github.com/stretchr/testify/require"
)

func TestPublicKeyEncoding(t *testing.T) {
	for _, level := range []int{128, 192, 256} {
		pk, shares := testDeal(t, level, 2, 3, "pk")
		b := pk.Bytes()
		require.Len(t, b, sets[level/64-2].publicKeySize())
		pk2, err := NewPublicKey(b)
		require.NoError(t, err)
		require.True(t, pk.Equal(pk2))
		require.True(t, pk.Equal(shares[1].PublicKey()))
		require.Equal(t, pk.a, pk2.a)
		require.Equal(t, pk.t2, pk2.t2)
		require.False(t, pk.Equal(nil))
		other, _ := testDeal(t, level, 2, 3, "pk2")
		require.False(t, pk.Equal(other))

		for _, bad := range [][]byte{nil, b[:len(b)-1], append(slices.Clone(b), 0)} {
			_, err := NewPublicKey(bad)
			require.ErrorIs(t, err, errPublicKey)
		}
		// t_0 = q_t (first coefficient after the seed) is out of range.
		ps := pk.ps
		c := slices.Clone(b)
		v := ps.qT
		bitsW := ps.tBits()
		for i := 0; i < bitsW; i++ {
			bit := (v >> i) & 1
			byteIdx, off := aSeedLen+i/8, i%8
			c[byteIdx] = c[byteIdx]&^(1<<off) | byte(bit)<<off
		}
		_, err = NewPublicKey(c)
		require.ErrorIs(t, err, errPublicKey)
		// q_t - 1 is fine.
		v = ps.qT - 1
		for i := 0; i < bitsW; i++ {
			bit := (v >> i) & 1
			byteIdx, off := aSeedLen+i/8, i%8
			c[byteIdx] = c[byteIdx]&^(1<<off) | byte(bit)<<off
		}
		_, err = NewPublicKey(c)
		require.NoError(t, err)
	}
}

func TestKeyShareEncoding(t *testing.T) {
	pk, shares := testDeal(t, 192, 3, 4, "share encoding")
	ks := shares[2]
	require.NoError(t, ks.SetShares(4))
	b, err := ks.Bytes()
	require.NoError(t, err)
	b2, err := ks.MarshalBinary()
	require.NoError(t, err)
	require.NotEqual(t, b, b2, "masked encodings are randomized")
	require.Len(t, b, ks.Params().KeyShareSize(4))
	dec, err := NewKeyShare(b)
	require.NoError(t, err)
	require.Equal(t, 2, dec.ID())
	require.Equal(t, ks.Params(), dec.Params())
	require.True(t, pk.Equal(dec.PublicKey()))
	require.Equal(t, 4, dec.Shares())
	require.Equal(t, sharesSum(ks), sharesSum(dec))
	require.Equal(t, ks.seeds, dec.seeds)
	require.Equal(t, ks.fp, dec.fp)

	// d = 1 encodings are deterministic and round-trip byte for byte.
	require.NoError(t, ks.SetShares(1))
	b1, _ := ks.Bytes()
	dec, err = NewKeyShare(b1)
	require.NoError(t, err)
	again, _ := dec.Bytes()
	require.Equal(t, b1, again)
	app, _ := ks.AppendBinary([]byte("prefix"))
	require.Equal(t, append([]byte("prefix"), b1...), app)

	mod := func(f func(c []byte)) []byte {
		c := slices.Clone(b)
		f(c)
		return c
	}
	vkEnd := keyShareHeader + pk.ps.publicKeySize()
	for name, bad := range map[string][]byte{
		"empty":     nil,
		"short":     b[:len(b)-1],
		"long":      append(slices.Clone(b), 0),
		"tag":       mod(func(c []byte) { c[0] = 'k' }),
		"level":     mod(func(c []byte) { c[1] = 1 }),
		"level0":    mod(func(c []byte) { c[1] = 0 }),
		"T0":        mod(func(c []byte) { binary.LittleEndian.PutUint16(c[2:], 0) }),
		"T>N":       mod(func(c []byte) { binary.LittleEndian.PutUint16(c[2:], 5) }),
		"N>max":     mod(func(c []byte) { binary.LittleEndian.PutUint16(c[4:], 1025) }),
		"id>=N":     mod(func(c []byte) { binary.LittleEndian.PutUint16(c[6:], 4) }),
		"d=3":       mod(func(c []byte) { c[8] = 3 }),
		"d=64":      mod(func(c []byte) { c[8] = 64 }),
		"d=0":       mod(func(c []byte) { c[8] = 0 }),
		"d=2":       mod(func(c []byte) { c[8] = 2 }),
		"vk t>=q_t": mod(func(c []byte) { c[keyShareHeader+aSeedLen] = 0xff; c[keyShareHeader+aSeedLen+1] |= 0x1f }),
		"x>=q":      mod(func(c []byte) { copy(c[vkEnd:], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) }),
		"x-last>=q": mod(func(c []byte) { copy(c[vkEnd+6*polyBytes-7:], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) }),
	} {
		_, err := NewKeyShare(bad)
		require.ErrorIs(t, err, errKeyShare, name)
	}
}

func TestMessageEncoding(t *testing.T) {
	for _, level := range []int{128, 192, 256} {
		pk, shares := testDeal(t, level, 2, 3, "messages")
		tr, _ := runSession(t, pk, shares, []int{0, 2}, pk.Mu([]byte("m")), sessionOptions{})
		p := shares[0].Params()
		for i := range tr.r1 {
			b, err := tr.r1[i].MarshalBinary()
			require.NoError(t, err)
			require.Len(t, b, p.CommitmentSize())
			var m Commitment
			require.NoError(t, m.UnmarshalBinary(b))
			require.True(t, equalCommitment(&m, tr.r1[i]))
			require.Equal(t, tr.r1[i].Party(), m.Party())

			b, err = tr.r2[i].MarshalBinary()
			require.NoError(t, err)
			require.Len(t, b, p.RevealSize(2))
			var r Reveal
			require.NoError(t, r.UnmarshalBinary(b))
			require.True(t, equalReveal(&r, tr.r2[i]))

			b, err = tr.r3[i].MarshalBinary()
			require.NoError(t, err)
			require.Len(t, b, p.ResponseSize())
			var z Response
			require.NoError(t, z.UnmarshalBinary(b))
			require.Equal(t, tr.r3[i].z, z.z)
			require.Equal(t, tr.r3[i].Party(), z.Party())
			b2, _ := z.AppendBinary(nil)
			require.Equal(t, b, b2)
		}
		// A failed UnmarshalBinary leaves the value unchanged.
		m := *tr.r1[0]
		require.Error(t, m.UnmarshalBinary([]byte{'1', 1, 0, 0}))
		require.True(t, equalCommitment(&m, tr.r1[0]))
	}
	// Zero values do not encode.
	_, err := (&Commitment{}).MarshalBinary()
	require.Error(t, err)
	_, err = (&Reveal{}).MarshalBinary()
	require.Error(t, err)
	_, err = (&Response{}).MarshalBinary()
	require.Error(t, err)
}

// randomSignature returns a signature with coefficients spread over the
// whole canonical ranges (and zeros), for encoding tests.
func randomSignature(ps *paramSet, r *rand.Rand) *signature {
	s := newSignature(ps)
	for i := range s.chash {
		s.chash[i] = byte(r.Uint32())
	}
	lo := -int64(ps.qW >> 1)
	hi := int64(ps.qW) + lo - 1
	for i := range s.h {
		for j := range s.h[i] {
			switch r.IntN(4) {
			case 0:
				s.h[i][j] = 0
			case 1:
				s.h[i][j] = int32([]int64{lo, hi, lo + 1, hi - 1}[r.IntN(4)])
			default:
				s.h[i][j] = int32(r.Int64N(21) - 10)
			}
		}
	}
	for i := range s.z {
		for j := range s.z[i] {
			switch r.IntN(5) {
			case 0:
				s.z[i][j] = 0
			case 1:
				s.z[i][j] = []uint64{q / 2, q/2 + 1, 1, q - 1}[r.IntN(4)]
			default:
				x := r.Int64N(1<<44) - 1<<43
				s.z[i][j] = uint64(x)
				if x < 0 {
					s.z[i][j] = uint64(q + x)
				}
			}
		}
	}
	return s
}

func TestSignatureEncoding(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for i := range sets {
		ps := &sets[i]
		for trial := 0; trial < 20; trial++ {
			s := randomSignature(ps, r)
			b := encodeSignature(ps, s)
			d, nbits, err := decodeSignatureBits(ps, b)
			require.NoError(t, err)
			require.Equal(t, s, d)
			require.Equal(t, len(b)-ps.crh(), (nbits+7)/8)
			require.Equal(t, b, encodeSignature(ps, d))
			// Any extra byte, a missing byte or a set padding bit is
			// rejected.
			_, err = decodeSignature(ps, append(slices.Clone(b), 0))
			require.Error(t, err)
			_, err = decodeSignature(ps, b[:len(b)-1])
			require.Error(t, err)
			if nbits%8 != 0 {
				c := slices.Clone(b)
				c[len(c)-1] |= 0x80
				_, err = decodeSignature(ps, c)
				require.Error(t, err)
			}
		}
		_, err := decodeSignature(ps, make([]byte, ps.crh()))
		require.Error(t, err)
	}
}

// encodeRaw builds a signature stream coefficient by coefficient, to make
// non-canonical encodings.
func encodeRaw(ps *paramSet, h func(i int) (uint64, bool), z func(i int) (uint64, bool)) []byte {
	w := bitWriter{}
	w.buf = make([]byte, ps.crh())
	for i := 0; i < ps.k*n; i++ {
		a, neg := h(i)
		w.coeff(a, neg, hintLowBits)
	}
	for i := 0; i < ps.l*n; i++ {
		a, neg := z(i)
		w.coeff(a, neg, respLowBits)
	}
	if w.nb > 0 {
		w.write(0, 8-w.nb)
	}
	return w.buf
}

// TestSignatureCanonical checks the coefficient ranges of the decoder.
func TestSignatureCanonical(t *testing.T) {
	zero := func(int) (uint64, bool) { return 0, false }
	for i := range sets {
		ps := &sets[i]
		neg := ps.qW >> 1
		pos := ps.qW - neg - 1
		at := func(v uint64, sign bool) func(i int) (uint64, bool) {
			return func(i int) (uint64, bool) {
				if i == 7 {
					return v, sign
				}
				return 0, false
			}
		}
		_, err := decodeSignature(ps, encodeRaw(ps, zero, zero))
		require.NoError(t, err)
		_, err = decodeSignature(ps, encodeRaw(ps, at(neg, true), zero))
		require.NoError(t, err)
		_, err = decodeSignature(ps, encodeRaw(ps, at(pos, false), zero))
		require.NoError(t, err)
		_, err = decodeSignature(ps, encodeRaw(ps, at(neg+1, true), zero))
		require.Error(t, err, "h below -⌊q_w/2⌋")
		_, err = decodeSignature(ps, encodeRaw(ps, at(pos+1, false), zero))
		require.Error(t, err, "h at or above q_w-⌊q_w/2⌋")
		_, err = decodeSignature(ps, encodeRaw(ps, zero, at((q-1)/2, true)))
		require.NoError(t, err)
		_, err = decodeSignature(ps, encodeRaw(ps, zero, at((q+1)/2, false)))
		require.Error(t, err, "|z| > (q-1)/2")
		_, err = decodeSignature(ps, encodeRaw(ps, zero, at((q+1)/2, true)))
		require.Error(t, err, "|z| > (q-1)/2")
		// A stream that stops early.
		b := encodeRaw(ps, zero, zero)
		_, err = decodeSignature(ps, b[:ps.crh()+ps.k*n/8])
		require.Error(t, err)
	}
}

// TestVerifyRejects checks Verify on malformed inputs: wrong μ length,
// garbage, a valid signature under another key or level.
func TestVerifyRejects(t *testing.T) {
	pk, shares := testDeal(t, 128, 1, 1, "verify rejects")
	_, sig := runSession(t, pk, shares, []int{0}, pk.Mu([]byte("m")), sessionOptions{})
	require.NoError(t, Verify(pk, []byte("m"), sig))
	require.Error(t, VerifyMu(pk, pk.Mu([]byte("m"))[:31], sig))
	require.Error(t, Verify(pk, []byte("m"), nil))
	require.Error(t, Verify(pk, []byte("m"), make([]byte, len(sig))))
	other, _ := testDeal(t, 128, 1, 1, "verify rejects 2")
	require.Error(t, Verify(other, []byte("m"), sig))
	pk192, _ := testDeal(t, 192, 1, 1, "verify rejects")
	require.Error(t, Verify(pk192, []byte("m"), sig))
	// All errors are the same vague error.
	require.Equal(t, errSignature, Verify(other, []byte("m"), sig))
	require.Equal(t, "threshold: invalid signature", errSignature.Error())
	// The norm bound: scaling z up makes an otherwise consistent
	// signature fail.
	s, err := decodeSignature(pk.ps, sig)
	require.NoError(t, err)
	require.True(t, normOK(pk.ps, s.h, s.z))
	var big ntt.Poly
	for j := range big {
		big[j] = q / 2
	}
	s.z[0] = big
	require.False(t, normOK(pk.ps, s.h, s.z))
}

// TestZeroValues checks that zero values are refused, not a panic.
func TestZeroValues(t *testing.T) {
	var pk PublicKey
	require.Equal(t, 0, pk.Level())
	require.Nil(t, pk.Mu([]byte("m")))
	require.Error(t, Verify(&pk, []byte("m"), []byte("sig")))
	require.Error(t, VerifyMu(nil, make([]byte, 32), []byte("sig")))
	require.False(t, pk.Equal(&pk))
	require.False(t, ReferenceDecodable(&pk, []byte("sig")))
	_, err := Combine(&pk, nil, nil, nil, nil, nil)
	require.Error(t, err)
	var ks KeyShare
	_, err = NewSession(&ks, nil, nil, nil)
	require.Error(t, err)
	_, err = NewSessionMu(nil, nil, nil, nil)
	require.Error(t, err)
	_, err = ks.Bytes()
	require.Error(t, err)
	require.Error(t, ks.SetShares(2))
	// A cleared key share refuses to sign or encode.
	_, shares := testDeal(t, 128, 1, 1, "zero")
	shares[0].Clear()
	s, err := NewSession(shares[0], NewSessionID(128), []int{0}, []byte("m"))
	require.NoError(t, err)
	_, err = s.Round1()
	require.ErrorIs(t, err, errClearedShare)
	_, err = shares[0].Bytes()
	require.ErrorIs(t, err, errClearedShare)
	require.ErrorIs(t, shares[0].SetShares(2), errClearedShare)
}

// TestSampleQLanes checks the multi-way SHAKE128 sampler against the
// single-stream one.
func TestSampleQLanes(t *testing.T) {
	for lanes := 1; lanes <= xof.MaxLanes; lanes++ {
		f := make([]*[n]uint64, lanes)
		hdr := make([][8]byte, lanes)
		parts := make([][][]byte, lanes)
		for i := range f {
			f[i] = new([n]uint64)
			hdr[i] = hdr24('m', i, lanes, byte(i))
			parts[i] = [][]byte{bytes.Repeat([]byte{byte(i)}, 16+8*i), []byte("seh")}
		}
		sampleQLanes(f, hdr, parts)
		for i := range f {
			var want [n]uint64
			sampleQ(&want, hdr[i], parts[i]...)
			if want != *f[i] {
				t.Fatalf("lanes=%d lane=%d: sampleQLanes differs from sampleQ", lanes, i)
			}
		}
	}
}
