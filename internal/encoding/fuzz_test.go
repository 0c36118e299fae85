package encoding

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// fuzzSig has the bounds of Raccoon-128 and a size small enough for the
// fuzzer to reach the end of the stream and the padding check.
var fuzzSig = SigParams{K: 2, L: 1, CHBytes: 4, Size: 240, HintMax: 2, RespMax: 41954689765971}

// specDecode is a literal, bit-at-a-time reading of Section 2.5.1 with the
// decoder's bounds: the reference against which DecodeSignature is fuzzed.
func specDecode(p *SigParams, sig []byte) (chash []byte, h [][n]int32, z [][n]uint64, ok bool) {
	if len(sig) != p.Size {
		return nil, nil, nil, false
	}
	chash = sig[:p.CHBytes]
	h, z = make([][n]int32, p.K), make([][n]uint64, p.L)
	pos, end := 8*p.CHBytes, 8*p.Size
	bit := func() (uint64, bool) {
		if pos >= end {
			return 0, false
		}
		b := uint64(sig[pos/8]>>(pos%8)) & 1
		pos++
		return b, true
	}
	unary := func(max uint64) (uint64, bool) {
		var a uint64
		for {
			b, ok := bit()
			if !ok {
				return 0, false
			}
			if b == 0 {
				return a, true
			}
			a++
			if a > max {
				return 0, false
			}
		}
	}
	for i := range h {
		for j := range h[i] {
			a, ok := unary(p.HintMax)
			if !ok {
				return nil, nil, nil, false
			}
			x := int32(a)
			if a != 0 {
				s, ok := bit()
				if !ok {
					return nil, nil, nil, false
				}
				if s == 1 {
					x = -x
				}
			}
			h[i][j] = x
		}
	}
	for i := range z {
		for j := range z[i] {
			var a uint64
			for k := 0; k < 40; k++ {
				b, ok := bit()
				if !ok {
					return nil, nil, nil, false
				}
				a |= b << k
			}
			hi, ok := unary(p.RespMax >> 40)
			if !ok {
				return nil, nil, nil, false
			}
			a |= hi << 40
			if a > p.RespMax {
				return nil, nil, nil, false
			}
			if a != 0 {
				s, ok := bit()
				if !ok {
					return nil, nil, nil, false
				}
				if s == 1 {
					a = q - a
				}
			}
			z[i][j] = a
		}
	}
	for pos < end {
		if b, _ := bit(); b != 0 {
			return nil, nil, nil, false
		}
	}
	return chash, h, z, true
}

// FuzzDecodeSignature checks DecodeSignature against the literal reading
// of the specification on arbitrary bytes: both accept the same inputs with
// the same values, and every accepted input re-encodes to itself
// (canonical encoding). Inputs are padded or cut to the signature size
// after the length check has been tried on the raw bytes.
func FuzzDecodeSignature(f *testing.F) {
	r := rand.New(rand.NewPCG(11, 12))
	for range 4 {
		ch := make([]byte, fuzzSig.CHBytes)
		h := make([][n]int32, fuzzSig.K)
		z := make([][n]uint64, fuzzSig.L)
		for i := range h {
			for j := range h[i] {
				if r.IntN(8) == 0 {
					h[i][j] = int32(r.IntN(5)) - 2
				}
			}
		}
		for j := range z[0] {
			if r.IntN(64) == 0 {
				z[0][j] = r.Uint64N(fuzzSig.RespMax)
			}
		}
		buf := make([]byte, fuzzSig.Size)
		if EncodeSignature(buf, &fuzzSig, ch, h, z) {
			f.Add(buf)
		}
	}
	f.Add(make([]byte, fuzzSig.Size))
	f.Add(bytes.Repeat([]byte{0xff}, fuzzSig.Size))
	f.Add([]byte{})
	ch := make([]byte, fuzzSig.CHBytes)
	h := make([][n]int32, fuzzSig.K)
	z := make([][n]uint64, fuzzSig.L)
	out := make([]byte, fuzzSig.Size)
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := DecodeSignature(ch, h, z, data, &fuzzSig); len(data) != fuzzSig.Size && err == nil {
			t.Fatalf("accepted %d bytes, want %d", len(data), fuzzSig.Size)
		}
		sig := make([]byte, fuzzSig.Size)
		copy(sig, data)
		norms, err := DecodeSignature(ch, h, z, sig, &fuzzSig)
		wch, wh, wz, ok := specDecode(&fuzzSig, sig)
		if (err == nil) != ok {
			t.Fatalf("DecodeSignature error %v, literal decoder ok = %v", err, ok)
		}
		if !ok {
			return
		}
		if !bytes.Equal(ch, wch) {
			t.Fatal("c_hash differs")
		}
		for i := range h {
			if h[i] != wh[i] {
				t.Fatalf("h[%d] differs", i)
			}
		}
		for i := range z {
			if z[i] != wz[i] {
				t.Fatalf("z[%d] differs", i)
			}
		}
		if want := sumsOfSquares(wh, wz); norms != want {
			t.Fatalf("norms %+v, want %+v", norms, want)
		}
		if !EncodeSignature(out, &fuzzSig, ch, h, z) {
			t.Fatal("a decoded signature does not re-encode")
		}
		if !bytes.Equal(out, sig) {
			t.Fatal("decode-then-encode is not the identity")
		}
	})
}

// FuzzUnpack checks Unpack (public keys and compressed private key shares)
// on arbitrary bytes against a literal bit reading: it accepts exactly the
// inputs whose coefficients are all below the bound and whose unused high
// bits are zero, and Pack of the result gives the input back.
func FuzzUnpack(f *testing.F) {
	f.Add(uint8(49), uint64(q), make([]byte, PackedSize(49)))
	f.Add(uint8(42), uint64(1)<<42, bytes.Repeat([]byte{0xff}, PackedSize(42)))
	f.Add(uint8(5), uint64(17), []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, wb uint8, bound uint64, data []byte) {
		w := int(wb%56) + 1
		size := PackedSize(w)
		src := make([]byte, size)
		copy(src, data)
		var g [n]uint64
		rest, ok := Unpack(&g, src, w, bound)
		if len(rest) != 0 {
			t.Fatal("Unpack left bytes")
		}
		want := true
		for i := 0; i < n; i++ {
			var c uint64
			for k := 0; k < w; k++ {
				p := i*w + k
				c |= uint64(src[p/8]>>(p%8)&1) << k
			}
			if c != g[i] {
				t.Fatalf("coefficient %d: %d, literal %d", i, g[i], c)
			}
			if c >= bound {
				want = false
			}
		}
		for p := n * w; p < 8*size; p++ {
			if src[p/8]>>(p%8)&1 != 0 {
				want = false
			}
		}
		if ok != want {
			t.Fatalf("Unpack ok = %v, literal reading %v", ok, want)
		}
		if ok {
			out := make([]byte, size)
			Pack(out, &g, w)
			if !bytes.Equal(out, src) {
				t.Fatal("unpack-then-pack is not the identity")
			}
		}
	})
}

// bitsOf is a literal bit reader: bit i of b, least significant first.
type bitsOf struct {
	b   []byte
	pos int // bit position
}

func (l *bitsOf) left() int { return 8*len(l.b) - l.pos }

func (l *bitsOf) bit() uint64 {
	v := uint64(l.b[l.pos/8]>>(l.pos%8)) & 1
	l.pos++
	return v
}

// FuzzBitReader runs a sequence of operations, chosen by ops, on a
// BitReader and on a literal bit-at-a-time reader of the same bytes and
// compares every result: Read of 0…56 bits, Unary with small and large
// limits, ReadIf, Remaining and RestZero.
func FuzzBitReader(f *testing.F) {
	f.Add([]byte{0xff, 0x00, 0x0f}, []byte{1, 2, 3, 4, 5})
	f.Add(bytes.Repeat([]byte{0xff}, 40), bytes.Repeat([]byte{0x41, 0x82, 0xc3}, 20))
	f.Fuzz(func(t *testing.T, data, ops []byte) {
		start := 0
		if len(data) > 0 {
			start = int(data[0]) % (len(data) + 1)
		}
		r := NewBitReader(data, start)
		l := &bitsOf{b: data, pos: 8 * start}
		for i, op := range ops {
			arg := uint64(op >> 2)
			switch op & 3 {
			case 0: // Read
				k := uint(arg) % 57
				got, ok := r.Read(k)
				if want := l.left() >= int(k); ok != want {
					t.Fatalf("op %d: Read(%d) ok = %v, want %v", i, k, ok, want)
				} else if !ok {
					return
				}
				var want uint64
				for j := uint(0); j < k; j++ {
					want |= l.bit() << j
				}
				if got != want {
					t.Fatalf("op %d: Read(%d) = %x, want %x", i, k, got, want)
				}
			case 1: // Unary
				max := arg
				if arg&1 == 1 {
					max = arg * 1000
				}
				got, ok := r.Unary(max)
				var run uint64
				wantOK := false
				for l.left() > 0 {
					if l.bit() == 0 {
						wantOK = run <= max
						break
					}
					run++
				}
				if ok != wantOK || ok && got != run {
					t.Fatalf("op %d: Unary(%d) = %d, %v; want %d, %v", i, max, got, ok, run, wantOK)
				}
				if !ok {
					return
				}
			case 2: // ReadIf
				c := arg & 1
				got, ok := r.ReadIf(c)
				if want := c == 0 || l.left() > 0; ok != want {
					t.Fatalf("op %d: ReadIf(%d) ok = %v, want %v", i, c, ok, want)
				} else if !ok {
					return
				}
				var want uint64
				if c == 1 {
					want = l.bit()
				}
				if got != want {
					t.Fatalf("op %d: ReadIf(%d) = %d, want %d", i, c, got, want)
				}
			case 3: // Coeff, or Remaining and RestZero
				if arg&1 == 1 {
					lb, max := uint(arg>>1)%57, uint64(arg>>1)<<(arg%48)
					a, s, ok := r.Coeff(lb, max)
					wantOK := l.left() >= int(lb)
					var lo, run, sign uint64
					for j := uint(0); wantOK && j < lb; j++ {
						lo |= l.bit() << j
					}
					for wantOK {
						if l.left() == 0 {
							wantOK = false
						} else if l.bit() == 0 {
							break
						} else {
							run++
						}
					}
					wantOK = wantOK && run <= max>>lb && (run<<lb|lo) <= max
					if wantOK && run<<lb|lo != 0 {
						if wantOK = l.left() > 0; wantOK {
							sign = l.bit()
						}
					}
					if ok != wantOK || ok && (a != run<<lb|lo || s != sign) {
						t.Fatalf("op %d: Coeff(%d, %d) = %d, %d, %v; want %d, %d, %v", i, lb, max, a, s, ok, run<<lb|lo, sign, wantOK)
					}
					if !ok {
						return
					}
					break
				}
				if r.Remaining() != l.left() {
					t.Fatalf("op %d: Remaining = %d, want %d", i, r.Remaining(), l.left())
				}
				zero := true
				for p := l.pos; p < 8*len(l.b); p++ {
					if l.b[p/8]>>(p%8)&1 != 0 {
						zero = false
					}
				}
				if r.RestZero() != zero {
					t.Fatalf("op %d: RestZero = %v, want %v", i, r.RestZero(), zero)
				}
			}
		}
	})
}
