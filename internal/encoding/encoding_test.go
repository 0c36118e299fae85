package encoding

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/raccoon-go/raccoon/internal/params"
)

var testSig = SigParams{K: 5, L: 4, CHBytes: 32, Size: 11524, HintMax: 2, RespMax: 41954689765971}

// specEncode is a literal, bit-at-a-time transcription of Section 2.5.1.
func specEncode(p *SigParams, chash []byte, h [][n]int32, z [][n]uint64) ([]byte, bool) {
	out, nbits := specEncodeBits(p, chash, h, z)
	return out, p.CHBytes+(nbits+7)/8 <= p.Size
}

// specEncodeBits returns the encoding (nil if it does not fit) and the
// number of bits after c_hash.
func specEncodeBits(p *SigParams, chash []byte, h [][n]int32, z [][n]uint64) ([]byte, int) {
	var bitsOut []byte
	put := func(b uint64) { bitsOut = append(bitsOut, byte(b&1)) }
	for i := 0; i < p.K; i++ {
		for _, x := range h[i] {
			a := x
			if a < 0 {
				a = -a
			}
			for j := int32(0); j < a; j++ {
				put(1)
			}
			put(0)
			if x != 0 {
				put(b2u(x < 0))
			}
		}
	}
	for i := 0; i < p.L; i++ {
		for _, c := range z[i] {
			a, neg := int64(c), false
			if c > q/2 {
				a, neg = int64(q-c), true
			}
			for j := 0; j < 40; j++ {
				put(uint64(a >> j))
			}
			for j := int64(0); j < a>>40; j++ {
				put(1)
			}
			put(0)
			if a != 0 {
				put(b2u(neg))
			}
		}
	}
	if p.CHBytes+(len(bitsOut)+7)/8 > p.Size {
		return nil, len(bitsOut)
	}
	out := make([]byte, p.Size)
	copy(out, chash)
	for i, b := range bitsOut {
		out[p.CHBytes+i/8] |= b << (i % 8)
	}
	return out, len(bitsOut)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// randomSig draws h and z with roughly the signature distribution.
func randomSig(r *rand.Rand, p *SigParams) ([]byte, [][n]int32, [][n]uint64) {
	chash := make([]byte, p.CHBytes)
	for i := range chash {
		chash[i] = byte(r.Uint32())
	}
	h := make([][n]int32, p.K)
	for i := range h {
		for j := range h[i] {
			if r.IntN(8) == 0 {
				h[i][j] = int32(r.IntN(2*int(p.HintMax)+1)) - int32(p.HintMax)
			}
		}
	}
	z := make([][n]uint64, p.L)
	for i := range z {
		for j := range z[i] {
			a := uint64(math.Abs(r.NormFloat64()) * (1 << 40))
			a = min(a, p.RespMax)
			if r.IntN(2) == 0 && a != 0 {
				z[i][j] = q - a
			} else {
				z[i][j] = a
			}
		}
	}
	return chash, h, z
}

func TestSignatureMatchesSpec(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for it := 0; it < 20; it++ {
		chash, h, z := randomSig(r, &testSig)
		if it == 0 { // extremes
			for j := range z[0] {
				z[0][j] = testSig.RespMax
				z[1][j] = q - testSig.RespMax
				z[2][j] = 0
				h[0][j] = int32(testSig.HintMax)
				h[1][j] = -int32(testSig.HintMax)
			}
		}
		want, wantOK := specEncode(&testSig, chash, h, z)
		got := make([]byte, testSig.Size)
		for i := range got {
			got[i] = 0xee // EncodeSignature must clear the padding
		}
		ok := EncodeSignature(got, &testSig, chash, h, z)
		require.Equal(t, wantOK, ok)
		if !ok {
			continue
		}
		require.Equal(t, want, got)

		ch2 := make([]byte, testSig.CHBytes)
		h2 := make([][n]int32, testSig.K)
		z2 := make([][n]uint64, testSig.L)
		norms, err := DecodeSignature(ch2, h2, z2, got, &testSig)
		require.NoError(t, err)
		require.Equal(t, chash, ch2)
		require.Equal(t, h, h2)
		require.Equal(t, z, z2)
		require.Equal(t, sumsOfSquares(h, z), norms)
	}
}

// sumsOfSquares computes the Norms of h and z directly.
func sumsOfSquares(h [][n]int32, z [][n]uint64) Norms {
	var s Norms
	for i := range h {
		for _, x := range h[i] {
			s.H2 += uint64(int64(x) * int64(x))
		}
	}
	for i := range z {
		for _, x := range z[i] {
			a := min(x, q-x) >> 32
			s.Z2 += a * a
		}
	}
	return s
}

// TestSignatureLongHints encodes hints up to the largest magnitude
// EncodeSignature accepts, 62, whose runs take more than one write.
func TestSignatureLongHints(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	chash, h, z := randomSig(r, &testSig)
	p := testSig
	p.HintMax = 62
	for j, x := range []int32{0, 1, -1, 54, -54, 55, -55, 56, -57, 62, -62, 62, 0, 55} {
		h[0][j] = x
	}
	want, wantOK := specEncode(&p, chash, h, z)
	require.True(t, wantOK)
	got := make([]byte, p.Size)
	require.True(t, EncodeSignature(got, &p, chash, h, z))
	require.Equal(t, want, got)
	h2 := make([][n]int32, p.K)
	z2 := make([][n]uint64, p.L)
	norms, err := DecodeSignature(make([]byte, p.CHBytes), h2, z2, got, &p)
	require.NoError(t, err)
	require.Equal(t, sumsOfSquares(h, z), norms)
	require.Equal(t, h, h2)
	require.Equal(t, z, z2)
}

func TestSignatureOverflow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	chash, h, z := randomSig(r, &testSig)
	small := testSig
	small.Size = 9000
	buf := make([]byte, small.Size)
	_, wantOK := specEncode(&small, chash, h, z)
	require.False(t, wantOK)
	require.False(t, EncodeSignature(buf, &small, chash, h, z))
}

// TestSignatureExactFit encodes a signature that fills the buffer exactly:
// it must encode and decode.
func TestSignatureExactFit(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	chash, h, z := randomSig(r, &testSig)
	_, nbits := specEncodeBits(&testSig, chash, h, z)
	exact := testSig
	exact.Size = exact.CHBytes + (nbits+7)/8
	buf := make([]byte, exact.Size)
	require.True(t, EncodeSignature(buf, &exact, chash, h, z))
	ch2 := make([]byte, exact.CHBytes)
	h2 := make([][n]int32, exact.K)
	z2 := make([][n]uint64, exact.L)
	_, err := DecodeSignature(ch2, h2, z2, buf, &exact)
	require.NoError(t, err)
	exact.Size--
	require.False(t, EncodeSignature(buf[:exact.Size], &exact, chash, h, z))
}

func TestSignatureRejects(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	chash, h, z := randomSig(r, &testSig)
	sig := make([]byte, testSig.Size)
	require.True(t, EncodeSignature(sig, &testSig, chash, h, z))
	ch2 := make([]byte, testSig.CHBytes)
	h2 := make([][n]int32, testSig.K)
	z2 := make([][n]uint64, testSig.L)
	dec := func(b []byte, p *SigParams) error {
		_, err := DecodeSignature(ch2, h2, z2, b, p)
		return err
	}

	require.Error(t, dec(sig[:len(sig)-1], &testSig))
	require.Error(t, dec(append(sig[:len(sig):len(sig)], 0), &testSig))
	b := append([]byte(nil), sig...)
	b[len(b)-1] = 1
	require.Error(t, dec(b, &testSig), "nonzero padding")

	// A hint just over the bound.
	h[0][0] = int32(testSig.HintMax) + 1
	over, _ := specEncode(&testSig, chash, h, z)
	require.Error(t, dec(over, &testSig))
	h[0][0] = -int32(testSig.HintMax) - 1
	over, _ = specEncode(&testSig, chash, h, z)
	require.Error(t, dec(over, &testSig))
	h[0][0] = 0
	// A response just over the bound, positive and negative.
	z[0][0] = testSig.RespMax + 1
	over, _ = specEncode(&testSig, chash, h, z)
	require.Error(t, dec(over, &testSig))
	z[0][0] = q - testSig.RespMax - 1
	over, _ = specEncode(&testSig, chash, h, z)
	require.Error(t, dec(over, &testSig))
	z[0][0] = testSig.RespMax
	at, _ := specEncode(&testSig, chash, h, z)
	require.NoError(t, dec(at, &testSig))

	// All ones: runs exceed the bound at once; all zeros is a valid
	// encoding of h = 0, z = 0.
	for i := range b {
		b[i] = 0xff
	}
	require.Error(t, dec(b, &testSig))
	clear(b)
	require.NoError(t, dec(b, &testSig))
	// A stream that ends inside the encoding.
	short := testSig
	short.Size = 40
	require.Error(t, dec(b[:40], &short))
}

func TestPackUnpack(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, w := range []int{1, 5, 7, 8, 13, 24, 25, 40, 41, 42, 49, 55, 56} {
		var f, g [n]uint64
		bound := uint64(1) << w
		for i := range f {
			f[i] = r.Uint64N(bound)
		}
		f[0], f[n-1] = bound-1, bound-1
		buf := make([]byte, PackedSize(w)+3)
		for i := range buf {
			buf[i] = 0xee
		}
		rest := Pack(buf, &f, w)
		require.Len(t, rest, 3)
		require.Equal(t, []byte{0xee, 0xee, 0xee}, rest, "w=%d: wrote past the packed bytes", w)
		// Literal bit-by-bit check.
		for i := 0; i < n*w; i++ {
			require.Equal(t, byte(f[i/w]>>(i%w)&1), buf[i/8]>>(i%8)&1)
		}
		rest2, ok := Unpack(&g, buf, w, bound)
		require.True(t, ok)
		require.Len(t, rest2, 3)
		require.Equal(t, f, g)
		// Bound check on the largest coefficient position.
		f[n-1] = bound - 1
		Pack(buf, &f, w)
		_, ok = Unpack(&g, buf, w, bound-1)
		require.False(t, ok)
		_, ok = Unpack(&g, buf, w, bound)
		require.True(t, ok)
	}
}

// TestSignatureSizesAroundFit encodes one signature into buffers from 9
// bytes short of its length to 9 bytes over: the word-level writer must fail
// exactly when the encoding does not fit, and otherwise give the bytes of
// the literal encoder followed by zeros.
func TestSignatureSizesAroundFit(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	chash, h, z := randomSig(r, &testSig)
	_, nbits := specEncodeBits(&testSig, chash, h, z)
	fit := testSig.CHBytes + (nbits+7)/8
	for size := fit - 9; size <= fit+9; size++ {
		p := testSig
		p.Size = size
		want, wantOK := specEncode(&p, chash, h, z)
		buf := make([]byte, size, size+16)
		for i := range buf[:cap(buf)] {
			buf[:cap(buf)][i] = 0xee
		}
		ok := EncodeSignature(buf, &p, chash, h, z)
		require.Equal(t, size >= fit, ok, "size %d", size)
		require.Equal(t, wantOK, ok, "size %d", size)
		if ok {
			require.Equal(t, want, buf, "size %d", size)
		}
		require.Equal(t, bytes.Repeat([]byte{0xee}, 16), buf[size:size+16], "size %d: wrote past the end", size)
	}
}

// BenchmarkPack packs a polynomial at the widths of t (TBits) and of full
// residues (QBits, key shares and threshold messages).
func BenchmarkPack(b *testing.B) {
	benchPacking(b, func(b *testing.B, f *[n]uint64, buf []byte, w int) {
		for b.Loop() {
			Pack(buf, f, w)
		}
	})
}

// BenchmarkUnpack unpacks a polynomial at the widths of BenchmarkPack.
func BenchmarkUnpack(b *testing.B) {
	benchPacking(b, func(b *testing.B, f *[n]uint64, buf []byte, w int) {
		for b.Loop() {
			if _, ok := Unpack(f, buf, w, 1<<w); !ok {
				b.Fatal("Unpack failed")
			}
		}
	})
}

// benchPacking runs bench as sub-benchmark w=… for each width, with a random
// polynomial f of that width and its packed bytes in buf.
func benchPacking(b *testing.B, bench func(b *testing.B, f *[n]uint64, buf []byte, w int)) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, w := range []int{params.TBits, params.QBits} {
		var f [n]uint64
		for i := range f {
			f[i] = r.Uint64N(1 << w)
		}
		buf := make([]byte, PackedSize(w))
		Pack(buf, &f, w)
		b.Run(fmt.Sprintf("w=%d", w), func(b *testing.B) { bench(b, &f, buf, w) })
	}
}

func BenchmarkEncodeSignature(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	chash, h, z := randomSig(r, &testSig)
	buf := make([]byte, testSig.Size)
	for b.Loop() {
		EncodeSignature(buf, &testSig, chash, h, z)
	}
}

func BenchmarkDecodeSignature(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	chash, h, z := randomSig(r, &testSig)
	sig := make([]byte, testSig.Size)
	EncodeSignature(sig, &testSig, chash, h, z)
	ch2 := make([]byte, testSig.CHBytes)
	h2 := make([][n]int32, testSig.K)
	z2 := make([][n]uint64, testSig.L)
	for b.Loop() {
		if _, err := DecodeSignature(ch2, h2, z2, sig, &testSig); err != nil {
			b.Fatal("decoding failed")
		}
	}
}

// TestDecodeLongCodes decodes signatures made of the codes at the limits of
// the decoder's 57-bit fast path, at every bit alignment: response
// coefficients with high parts 14 to 17 (codes of 56 to 59 bits) and runs
// of 50 to 70 zero hints between nonzero ones. They must decode to the
// literal reading. Hints of magnitude 53 to 58 (codes of 55 to 60 bits)
// check the limit of the hint fast path.
func TestDecodeLongCodes(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	p := testSig
	p.Size = 20000
	p.HintMax = 62
	for it := 0; it < 20; it++ {
		chash := make([]byte, p.CHBytes)
		h := make([][n]int32, p.K)
		for i := range h {
			for j := r.IntN(70); j < n; j += 51 + r.IntN(20) {
				m := 1 + r.IntN(2)
				if r.IntN(4) == 0 {
					m = 53 + r.IntN(6)
				}
				h[i][j] = int32(r.IntN(2)*2-1) * int32(m)
			}
		}
		z := make([][n]uint64, p.L)
		for i := range z {
			for j := range z[i] {
				a := uint64(14+r.IntN(4))<<40 | r.Uint64N(1<<40)
				if r.IntN(2) == 0 {
					a = q - a
				}
				z[i][j] = a
			}
		}
		sig, ok := specEncode(&p, chash, h, z)
		require.True(t, ok)
		h2 := make([][n]int32, p.K)
		z2 := make([][n]uint64, p.L)
		norms, err := DecodeSignature(make([]byte, p.CHBytes), h2, z2, sig, &p)
		require.NoError(t, err)
		require.Equal(t, h, h2)
		require.Equal(t, z, z2)
		require.Equal(t, sumsOfSquares(h, z), norms)
	}
}

// TestCoeff reads single codes at every bit alignment, with lengths around
// the 57-bit limit of the one-load path, followed by one bits, against the
// values written.
func TestCoeff(t *testing.T) {
	for _, lb := range []uint{0, 1, 8, 40, 54, 55, 56} {
		for ones := uint64(0); ones <= 60; ones++ {
			if int(lb)+int(ones) < 50 && ones > 3 {
				continue // short codes: the first few suffice
			}
			for align := 0; align < 8; align++ {
				for sign := uint64(0); sign < 2; sign++ {
					lo := uint64(0x5a5a5a5a5a5a5a5a) & (1<<lb - 1)
					a := ones<<lb | lo
					var bitsW []uint64
					for range align {
						bitsW = append(bitsW, 1)
					}
					for j := uint(0); j < lb; j++ {
						bitsW = append(bitsW, lo>>j&1)
					}
					for range ones {
						bitsW = append(bitsW, 1)
					}
					bitsW = append(bitsW, 0)
					if a != 0 {
						bitsW = append(bitsW, sign)
					}
					buf := bytes.Repeat([]byte{0xff}, (len(bitsW)+7)/8+16)
					for i, b := range bitsW {
						buf[i/8] = buf[i/8]&^(1<<(i%8)) | byte(b)<<(i%8)
					}
					r := NewBitReader(buf, 0)
					if align > 0 {
						r.Read(uint(align))
					}
					gotA, gotS, ok := r.Coeff(lb, ^uint64(0)>>1)
					wantS := sign
					if a == 0 {
						wantS = 0
					}
					if !ok || gotA != a || gotS != wantS || r.bp != len(bitsW) {
						t.Fatalf("lb %d, ones %d, align %d, sign %d: Coeff = %d, %d, %v at bit %d; want %d, %d at bit %d",
							lb, ones, align, sign, gotA, gotS, ok, r.bp, a, wantS, len(bitsW))
					}
				}
			}
		}
	}
}

// TestCoeffs decodes runs of random codes (every lb used by the signature
// formats and a few others, magnitudes from 0 to past the one-load limit)
// with Coeffs, against the values written, with the stream ending right
// after the last code so that the slow path near the end is used too; a
// magnitude above max fails.
func TestCoeffs(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, lb := range []uint{0, 1, 8, 40, 41, 55} {
		for trial := range 50 {
			count := 1 + rng.IntN(200)
			a := make([]uint64, count)
			sg := make([]uint64, count)
			var bitsW []uint64
			for j := range a {
				ones := uint64(rng.IntN(4))
				if rng.IntN(20) == 0 {
					ones = uint64(rng.IntN(60 - int(lb)))
				}
				lo := rng.Uint64() & (1<<lb - 1)
				a[j] = ones<<lb | lo
				for k := uint(0); k < lb; k++ {
					bitsW = append(bitsW, lo>>k&1)
				}
				for range ones {
					bitsW = append(bitsW, 1)
				}
				bitsW = append(bitsW, 0)
				if a[j] != 0 {
					sg[j] = rng.Uint64() & 1
					bitsW = append(bitsW, sg[j])
				}
			}
			buf := make([]byte, (len(bitsW)+7)/8)
			for i, b := range bitsW {
				buf[i/8] |= byte(b) << (i % 8)
			}
			r := NewBitReader(buf, 0)
			gotA, gotS := make([]uint64, count), make([]uint64, count)
			if !r.Coeffs(gotA, gotS, lb, ^uint64(0)>>1) {
				t.Fatalf("lb %d, trial %d: Coeffs failed", lb, trial)
			}
			require.Equal(t, a, gotA, "lb %d, trial %d", lb, trial)
			require.Equal(t, sg, gotS, "lb %d, trial %d", lb, trial)
			require.Equal(t, len(bitsW), r.bp, "lb %d, trial %d", lb, trial)
			// The largest magnitude as the bound passes; one less fails.
			largest := slices.Max(a)
			r = NewBitReader(buf, 0)
			require.True(t, r.Coeffs(gotA, gotS, lb, largest))
			if largest > 0 {
				r = NewBitReader(buf, 0)
				require.False(t, r.Coeffs(gotA, gotS, lb, largest-1))
			}
			// Without padding bits, one code too many runs past the end.
			if len(bitsW)%8 == 0 {
				r = NewBitReader(buf, 0)
				require.False(t, r.Coeffs(make([]uint64, count+1), make([]uint64, count+1), lb, ^uint64(0)>>1))
			}
		}
	}
}

// TestHintTable checks readHints' table path against the literal decoder
// (specDecode) on streams built around every byte value at every bit
// alignment, for each bound max <= hintTableMax: the byte starts at hint
// position 8a+s of the first polynomial (s bits of zero hints before it, a
// lookups in), so that it falls in the six-lookup loop, in the one-lookup
// loop and across the end of the polynomial. The rest is random valid
// hints (some of magnitude max+1 when allowed by the test) and zeros; both
// decoders must agree on acceptance, values and norms.
func TestHintTable(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	p := SigParams{K: 2, L: 1, CHBytes: 4, Size: 4 + (2*n*5+n*42+7)/8 + 64, RespMax: 41954689765971}
	ch := make([]byte, p.CHBytes)
	h := make([][n]int32, p.K)
	z := make([][n]uint64, p.L)
	var accepted, rejected int
	for max := uint64(0); max <= hintTableMax; max++ {
		p.HintMax = max
		for _, before := range []int{0, 1, 5, 7, 8, 9, 100, n - 60, n - 9, n - 3, n + 2} {
			for b := range 256 {
				var bits []byte
				put := func(v uint64, k int) {
					for i := range k {
						bits = append(bits, byte(v>>i&1))
					}
				}
				// Hints before the byte: zeros and random valid codes.
				for range before {
					a := r.Uint64N(max + 1)
					if r.IntN(2) == 0 {
						a = 0
					}
					put(1<<a-1, int(a)+1)
					if a != 0 {
						put(r.Uint64N(2), 1)
					}
				}
				put(uint64(b), 8)
				// Then valid hints to fill the polynomials, then a zero z.
				for range 2*n - before {
					a := r.Uint64N(max + 1)
					put(1<<a-1, int(a)+1)
					if a != 0 {
						put(r.Uint64N(2), 1)
					}
				}
				sig := make([]byte, p.Size)
				for i, v := range bits {
					if 8*p.CHBytes+i >= 8*p.Size {
						break
					}
					sig[p.CHBytes+i/8] |= v << (i % 8)
				}
				norms, err := DecodeSignature(ch, h, z, sig, &p)
				_, wh, wz, ok := specDecode(&p, sig)
				if (err == nil) != ok {
					t.Fatalf("max %d, %d hints, byte %#02x: DecodeSignature error %v, literal decoder ok = %v", max, before, b, err, ok)
				}
				if !ok {
					rejected++
					continue
				}
				accepted++
				for i := range h {
					if h[i] != wh[i] {
						t.Fatalf("max %d, %d hints, byte %#02x: h[%d] differs", max, before, b, i)
					}
				}
				if want := sumsOfSquares(wh, wz); norms != want {
					t.Fatalf("max %d, %d hints, byte %#02x: norms %+v, want %+v", max, before, b, norms, want)
				}
			}
		}
	}
	t.Logf("%d streams accepted, %d rejected", accepted, rejected)
	if accepted == 0 || rejected == 0 {
		t.Fatal("the streams do not exercise both outcomes")
	}
}
