package threshold

import (
	"bytes"
	"crypto/rand"
	"crypto/sha3"
	"encoding/binary"
	"io"
	"testing"

	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/ntt"
	"github.com/stretchr/testify/require"
)

// sampleQ is the single-stream reference of sampleQLanes: it sets f to a uniform polynomial expanded from SHAKE128(hdr ‖ parts):
// each candidate is 7 bytes, masked to 49 bits and kept if below q
// (xof_sample_q with RACC_VER = 2, which uses SHAKE128).
//
// It is constant time with respect to the accepted coefficients; rejections
// depend only on discarded output.
func sampleQ(f *[n]uint64, hdr [8]byte, parts ...[]byte) {
	h := sha3.NewSHAKE128()
	h.Write(hdr[:])
	for _, b := range parts {
		h.Write(b)
	}
	// 168 is the SHAKE128 rate; 24 candidates fill 168 bytes exactly. One
	// spare byte lets each candidate be read as a little-endian uint64.
	const chunk = 168 * 4
	var buf [chunk + 1]byte
	for i := 0; i < n; {
		h.Read(buf[:chunk])
		for off := 0; off < chunk && i < n; off += qBytes {
			x := binary.LittleEndian.Uint64(buf[off:]) & (1<<qBits - 1)
			if x < q {
				f[i] = x
				i++
			}
		}
	}
	clear(buf[:])
}

// TestHashPolysAll checks the batched hash_vec against hashPolys, one
// digest at a time: every count from 1 to 10 (full, partial and single
// groups, with and without goroutines), every level, and groups whose
// messages differ in length (which fall back to one hash at a time).
func TestHashPolysAll(t *testing.T) {
	for _, level := range []int{128, 192, 256} {
		ps := setByLevel(level)
		const maxCount = 10
		dats := make([][]byte, maxCount)
		vs := make([][]ntt.Poly, maxCount)
		for i := range maxCount {
			dats[i] = make([]byte, ps.crh())
			rand.Read(dats[i])
			vs[i] = make([]ntt.Poly, ps.k)
			for j := range vs[i] {
				randPoly(&vs[i][j])
			}
		}
		for count := 1; count <= maxCount; count++ {
			for _, ragged := range []bool{false, true} {
				d, v := dats[:count], vs[:count]
				if ragged {
					// Shorter data for item 1, one polynomial fewer for
					// item 2.
					d = append([][]byte(nil), d...)
					v = append([][]ntt.Poly(nil), v...)
					if count > 1 {
						d[1] = d[1][:len(d[1])-1]
					}
					if count > 2 {
						v[2] = v[2][:len(v[2])-1]
					}
				}
				crh := ps.crh()
				out := make([]byte, (count+1)*crh)
				hashPolysAll(ps, out, count,
					func(i int) []byte { return d[i] },
					func(i int) []ntt.Poly { return v[i] })
				for i := range count {
					got := out[i*crh : (i+1)*crh]
					if want := hashPolys(ps, d[i], v[i]); !bytes.Equal(got, want) {
						t.Fatalf("level %d, count %d, ragged %v, item %d: %x, want %x", level, count, ragged, i, got, want)
					}
				}
				// Nothing is written past the count digests.
				if !bytes.Equal(out[count*crh:], make([]byte, crh)) {
					t.Fatalf("level %d, count %d: written past the digests", level, count)
				}
			}
		}
	}
}

// TestMaskPRFs checks the batched mask expansion, whose four-lane batches
// straddle keys when ℓ is not a multiple of four, against single-stream
// sampleQ, for every level and one to five keys.
func TestMaskPRFs(t *testing.T) {
	seh := []byte("session hash")
	for _, level := range []int{128, 192, 256} {
		ps := setByLevel(level)
		for count := 1; count <= 5; count++ {
			keys := make([]maskKey, count)
			want := make([]ntt.Poly, ps.l)
			for i := range keys {
				seed := make([]byte, ps.sec())
				rand.Read(seed)
				keys[i] = maskKey{a: i + 1, b: 7 * i, seed: seed}
				for k := range want {
					var x ntt.Poly
					sampleQ((*[n]uint64)(&x), hdr24('m', keys[i].a, keys[i].b, byte(k)), seed, seh)
					ntt.Add(&want[k], &want[k], &x)
				}
			}
			got := make([]ntt.Poly, ps.l)
			var tmp [xof.MaxLanes]ntt.Poly
			maskPRFs(got, keys, seh, &tmp)
			for k := range got {
				if got[k] != want[k] {
					t.Fatalf("level %d, %d keys: component %d differs", level, count, k)
				}
			}
		}
	}
}

// TestDealSeeds checks the pairwise seeds of deal, derived xof.Width() at
// a time, against a direct reading of their definition: seed[i][j] =
// SHAKE256(hdr24('k', i, j) ‖ key), i's outgoing seed to j and j's incoming
// seed from i. N = 7 gives full and partial batches of four (TestWidths
// deals with N = 11 under both widths).
func TestDealSeeds(t *testing.T) {
	p, err := NewParams(128, 3, 7)
	if err != nil {
		t.Fatal(err)
	}
	key := testKey("deal seeds")
	_, shares := deal(p, key)
	sec := p.set().sec()
	for i := range 7 {
		for j := range 7 {
			want := make([]byte, sec)
			h := hdr24('k', i, j, 0)
			shake256(want, h[:], key)
			if !bytes.Equal(shares[i].seedOut(j), want) {
				t.Fatalf("seed[%d][%d]: party %d's outgoing seed is wrong", i, j, i)
			}
			if !bytes.Equal(shares[j].seedIn(i), want) {
				t.Fatalf("seed[%d][%d]: party %d's incoming seed is wrong", i, j, j)
			}
		}
	}
}

// TestMACs checks the batched MACs against mac, one at a time, for every
// level and 1–9 keys.
func TestMACs(t *testing.T) {
	for _, level := range []int{128, 192, 256} {
		ps := setByLevel(level)
		sec := ps.sec()
		digest := make([]byte, ps.crh())
		rand.Read(digest)
		for count := 1; count <= 9; count++ {
			seeds := make([][]byte, count)
			for i := range seeds {
				seeds[i] = make([]byte, sec)
				rand.Read(seeds[i])
			}
			got := make([]byte, count*sec)
			macs(ps, got, count, func(idx int) (int, int, []byte) { return idx + 3, 2*idx + 1, seeds[idx] }, digest)
			for idx := range count {
				want := make([]byte, sec)
				mac(ps, want, idx+3, 2*idx+1, seeds[idx], digest)
				if !bytes.Equal(got[idx*sec:(idx+1)*sec], want) {
					t.Fatalf("level %d, count %d, MAC %d differs", level, count, idx)
				}
			}
		}
	}
}

// mac is the single-call reference of macs: MAC(a, b, seed, D) =
// SHAKE256(hdr24('M', a, b) ‖ seed ‖ D) truncated to κ/8 bytes.
func mac(ps *paramSet, out []byte, a, b int, seed, digest []byte) {
	hdr := hdr24('M', a, b, 0)
	shake256(out[:ps.sec()], hdr[:], seed, digest)
}

// TestWidths checks that the batching width of the multi-stream hashing
// (xof.Width: four streams at a time, or eight where the CPU has the
// eight-way Keccak) changes no output: a deal and a signing session with
// fixed randomness give the same public key, Shamir shares, round messages
// and signature under both widths, and the batched hashes of
// TestHashPolysAll, TestMACs and TestMaskPRFs pass under both. N = 11
// signers give full and partial batches of eight seeds, MACs and hashes;
// T = 10 gives 9ℓ Shamir coefficients.
func TestWidths(t *testing.T) {
	type result struct {
		pk     []byte
		shares [][]ntt.NTTPoly
		msgs   [][]byte
		sig    []byte
	}
	run := func(t *testing.T, w int) result {
		defer xof.SetWidthForTesting(w)()
		for _, f := range []func(*testing.T){TestHashPolysAll, TestMACs, TestMaskPRFs} {
			f(t)
		}
		var r result
		pk, shares := testDeal(t, 128, 10, 11, "widths")
		r.pk = pk.Bytes()
		for _, ks := range shares {
			r.shares = append(r.shares, sharesSum(ks))
			ks.SetSessionStore(NewMemorySessionStore()) // the two runs reuse the session id
		}
		signers := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 10}
		mu := pk.Mu([]byte("widths"))
		o := sessionOptions{sid: make([]byte, 32), rnd: func(party int) io.Reader { return newXOF("widths", party) }}
		tr, sig := runSession(t, pk, shares, signers, mu, o)
		for i := range signers {
			for _, m := range []interface{ MarshalBinary() ([]byte, error) }{tr.r1[i], tr.r2[i], tr.r3[i]} {
				b, err := m.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				r.msgs = append(r.msgs, b)
			}
		}
		r.sig = sig
		return r
	}
	four := run(t, xof.Lanes)
	eight := run(t, xof.MaxLanes)
	require.Equal(t, four.pk, eight.pk, "public key")
	require.Equal(t, four.shares, eight.shares, "Shamir shares")
	require.Equal(t, four.msgs, eight.msgs, "round messages")
	require.Equal(t, four.sig, eight.sig, "signature")
}
