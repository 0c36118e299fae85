package keccak

import (
	"crypto/sha3"
	"encoding/binary"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
)

// rcBit is rc(t) of FIPS 202, Algorithm 5: the output of an 8-bit LFSR with
// feedback polynomial x^8 + x^6 + x^5 + x^4 + 1. Bit k of r is R[k].
func rcBit(t int) uint64 {
	r := uint8(1) // R = 10000000
	for range t % 255 {
		// R = 0 || R; R[0], R[4], R[5], R[6] ^= R[8]; R = Trunc8(R).
		r8 := r >> 7
		r <<= 1
		r ^= r8 | r8<<4 | r8<<5 | r8<<6
	}
	return uint64(r & 1)
}

// refRC is RC for round ir (FIPS 202, Algorithm 6, step 2–3, ℓ = 6).
func refRC(ir int) uint64 {
	var rc uint64
	for j := 0; j <= 6; j++ {
		rc |= rcBit(j+7*ir) << (1<<j - 1)
	}
	return rc
}

// refF1600 is a literal transcription of Keccak-f[1600] = Keccak-p[1600, 24]
// (FIPS 202, Algorithms 1–7), lane (x, y) at a[x+5y].
func refF1600(a *[25]uint64) {
	var A [5][5]uint64
	for x := range 5 {
		for y := range 5 {
			A[x][y] = a[x+5*y]
		}
	}
	for ir := range 24 {
		// θ (Algorithm 1).
		var C, D [5]uint64
		for x := range 5 {
			C[x] = A[x][0] ^ A[x][1] ^ A[x][2] ^ A[x][3] ^ A[x][4]
		}
		for x := range 5 {
			D[x] = C[(x+4)%5] ^ bits.RotateLeft64(C[(x+1)%5], 1)
		}
		for x := range 5 {
			for y := range 5 {
				A[x][y] ^= D[x]
			}
		}
		// ρ (Algorithm 2).
		x, y := 1, 0
		for t := range 24 {
			A[x][y] = bits.RotateLeft64(A[x][y], (t+1)*(t+2)/2%64)
			x, y = y, (2*x+3*y)%5
		}
		// π (Algorithm 3).
		var B [5][5]uint64
		for x := range 5 {
			for y := range 5 {
				B[x][y] = A[(x+3*y)%5][x]
			}
		}
		// χ (Algorithm 4).
		for x := range 5 {
			for y := range 5 {
				A[x][y] = B[x][y] ^ (^B[(x+1)%5][y] & B[(x+2)%5][y])
			}
		}
		// ι (Algorithm 6).
		A[0][0] ^= refRC(ir)
	}
	for x := range 5 {
		for y := range 5 {
			a[x+5*y] = A[x][y]
		}
	}
}

func TestRoundConstants(t *testing.T) {
	for ir, c := range roundConstants {
		if want := refRC(ir); c != want {
			t.Errorf("RC[%d] = %#x, want %#x", ir, c, want)
		}
	}
}

// zeroPermuted is Keccak-f[1600] of the all-zero state, from the Keccak
// team's KeccakF-1600-IntermediateValues.txt.
var zeroPermuted = [25]uint64{
	0xF1258F7940E1DDE7, 0x84D5CCF933C0478A, 0xD598261EA65AA9EE, 0xBD1547306F80494D, 0x8B284E056253D057,
	0xFF97A42D7F8E6FD4, 0x90FEE5A0A44647C4, 0x8C5BDA0CD6192E76, 0xAD30A6F71B19059C, 0x30935AB7D08FFC64,
	0xEB5AA93F2317D635, 0xA9A6E6260D712103, 0x81A57C16DBCF555F, 0x43B831CD0347C826, 0x01F22F1A11A5569F,
	0x05E5635A21D9AE61, 0x64BEFEF28CC970F2, 0x613670957BC46611, 0xB87C5A554FD00ECB, 0x8C3EE88A1CCF32C8,
	0x940C7922AE3A2614, 0x1841F924A2C509E4, 0x16F53526E70465C2, 0x75F644E97F30A13B, 0xEAF1FF7B5CECA249,
}

func TestF1600KnownAnswer(t *testing.T) {
	var a [25]uint64
	refF1600(&a)
	if a != zeroPermuted {
		t.Fatalf("reference permutation of zero = %x, want %x", a, zeroPermuted)
	}
	a = [25]uint64{}
	F1600(&a)
	if a[0] != 0xF1258F7940E1DDE7 || a != zeroPermuted {
		t.Fatalf("F1600(0) = %x, want %x", a, zeroPermuted)
	}
	cryptotest.TestAllImplementations(t, "keccak", func(t *testing.T) {
		var s State4
		F1600x4(&s)
		for j := range 4 {
			if got := column(&s, j); got != zeroPermuted {
				t.Fatalf("state %d: F1600x4(0) = %x, want %x", j, got, zeroPermuted)
			}
		}
	})
}

func column(s *State4, j int) (a [25]uint64) {
	for i := range a {
		a[i] = s[i][j]
	}
	return a
}

func setColumn(s *State4, j int, a *[25]uint64) {
	for i := range a {
		s[i][j] = a[i]
	}
}

// edgeAndRandomStates returns states covering all-zero, all-one,
// alternating, single-bit and sparse patterns, then n random states.
func edgeAndRandomStates(rng *rand.Rand, n int) [][25]uint64 {
	var out [][25]uint64
	fill := func(f func(i int) uint64) {
		var a [25]uint64
		for i := range a {
			a[i] = f(i)
		}
		out = append(out, a)
	}
	fill(func(int) uint64 { return 0 })
	fill(func(int) uint64 { return ^uint64(0) })
	fill(func(int) uint64 { return 0xAAAAAAAAAAAAAAAA })
	fill(func(int) uint64 { return 0x5555555555555555 })
	fill(func(i int) uint64 { return uint64(i) })
	fill(func(i int) uint64 { return 1 << 63 >> (i % 64) })
	for _, bit := range []int{0, 1, 63, 64, 799, 1087, 1088, 1599} {
		fill(func(i int) uint64 {
			if i == bit/64 {
				return 1 << (bit % 64)
			}
			return 0
		})
	}
	for range n {
		fill(func(int) uint64 {
			switch rng.IntN(8) {
			case 0:
				return 0
			case 1:
				return ^uint64(0)
			}
			return rng.Uint64()
		})
	}
	return out
}

func TestF1600Generic(t *testing.T) {
	for _, f := range []struct {
		name string
		f    func(*[25]uint64)
	}{
		{"F1600", F1600},
		{"f1600Plain", f1600Plain},
		{"f1600Complementing", f1600Complementing},
	} {
		rng := rand.New(rand.NewPCG(1, 2))
		for k, a := range edgeAndRandomStates(rng, scale(1000)) {
			want, got := a, a
			refF1600(&want)
			f.f(&got)
			if got != want {
				t.Fatalf("state %d: %s = %x, want %x", k, f.name, got, want)
			}
		}
	}
}

// scale returns n, or n/10 with -short.
func scale(n int) int {
	if testing.Short() {
		return n / 10
	}
	return n
}

func TestF1600x4MatchesGeneric(t *testing.T) {
	cryptotest.TestAllImplementations(t, "keccak", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		states := edgeAndRandomStates(rng, scale(1000))
		for k := range states {
			// Put four different states side by side, including each
			// edge state next to its neighbours.
			var s State4
			var want [4][25]uint64
			for j := range 4 {
				want[j] = states[(k+j)%len(states)]
				setColumn(&s, j, &want[j])
				f1600Generic(&want[j])
			}
			F1600x4(&s)
			for j := range 4 {
				if got := column(&s, j); got != want[j] {
					t.Fatalf("states %d, lane %d: got %x, want %x", k, j, got, want[j])
				}
			}
		}
	})
}

// TestF1600x8MatchesGeneric checks F1600x8 on eight different states,
// side by side as in TestF1600x4MatchesGeneric.
func TestF1600x8MatchesGeneric(t *testing.T) {
	cryptotest.TestAllImplementations(t, "keccak", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(13, 14))
		states := edgeAndRandomStates(rng, scale(500))
		for k := range states {
			var s [2]State4
			var want [8][25]uint64
			for j := range 8 {
				want[j] = states[(k+j)%len(states)]
				setColumn(&s[j/4], j%4, &want[j])
				f1600Generic(&want[j])
			}
			F1600x8(&s[0], &s[1])
			for j := range 8 {
				if got := column(&s[j/4], j%4); got != want[j] {
					t.Fatalf("states %d, lane %d: got %x, want %x", k, j, got, want[j])
				}
			}
		}
	})
}

// TestF1600x4Partial checks the dispatch with n < 4 used states: states
// 0…n−1 are permuted, and the others are left either unchanged or
// permuted.
func TestF1600x4Partial(t *testing.T) {
	cryptotest.TestAllImplementations(t, "keccak", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for n := 1; n <= 4; n++ {
			for range scale(50) {
				var s State4
				var in, want [4][25]uint64
				for j := range 4 {
					for i := range in[j] {
						in[j][i] = rng.Uint64()
					}
					setColumn(&s, j, &in[j])
					want[j] = in[j]
					f1600Generic(&want[j])
				}
				f1600x4(&s, n)
				for j := range 4 {
					got := column(&s, j)
					if got != want[j] && (j < n || got != in[j]) {
						t.Fatalf("n = %d, state %d: wrong result", n, j)
					}
				}
			}
		}
	})
}

// TestF1600x8Partial checks the dispatch of f1600x8 with na used states
// in the first State4 and nb in the second, as TestF1600x4Partial.
func TestF1600x8Partial(t *testing.T) {
	cryptotest.TestAllImplementations(t, "keccak", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(15, 16))
		for n := 1; n <= 8; n++ {
			na, nb := min(n, 4), max(n-4, 0)
			for range scale(20) {
				var s [2]State4
				var in, want [8][25]uint64
				for j := range 8 {
					for i := range in[j] {
						in[j][i] = rng.Uint64()
					}
					setColumn(&s[j/4], j%4, &in[j])
					want[j] = in[j]
					f1600Generic(&want[j])
				}
				f1600x8(&s[0], &s[1], na, nb)
				for j := range 8 {
					got := column(&s[j/4], j%4)
					if got != want[j] && (j < n || got != in[j]) {
						t.Fatalf("n = %d, state %d: wrong result", n, j)
					}
				}
			}
		}
	})
}

func TestLayout(t *testing.T) {
	if unsafe.Sizeof(State4{}) != 800 {
		t.Fatalf("State4 is %d bytes, the assembly expects 800", unsafe.Sizeof(State4{}))
	}
	var s State4
	if uintptr(unsafe.Pointer(&s[1][0]))-uintptr(unsafe.Pointer(&s[0][0])) != 32 {
		t.Fatal("lanes of State4 are not 32 bytes apart")
	}
}

// TestUnaligned runs the kernels on a State4 at every 8-byte offset from a
// 32-byte boundary.
func TestUnaligned(t *testing.T) {
	cryptotest.TestAllImplementations(t, "keccak", func(t *testing.T) {
		buf := make([]uint64, 100+4)
		for i := range buf {
			buf[i] = uint64(i) * 0x9E3779B97F4A7C15
		}
		base := uintptr(unsafe.Pointer(&buf[0]))
		for off := range 4 {
			s := (*State4)(unsafe.Pointer(&buf[off]))
			var want [4][25]uint64
			for j := range 4 {
				want[j] = column(s, j)
				f1600Generic(&want[j])
			}
			F1600x4(s)
			for j := range 4 {
				if column(s, j) != want[j] {
					t.Fatalf("State4 at address %% 32 = %d: wrong result", (base+uintptr(8*off))%32)
				}
			}
		}
	})
}

// FuzzF1600x4 compares every implementation of F1600x4 with f1600Generic on
// states built from the fuzz input: its bytes fill the four states (repeated
// as needed), and when its first byte is odd, it also selects lanes to force
// to all-zero or all-one, so that edge patterns stay common.
func FuzzF1600x4(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0xff})
	f.Add([]byte("Raccoon"))
	f.Add(make([]byte, 800))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s State4
		if len(data) > 0 {
			var buf [800]byte
			for i := range buf {
				buf[i] = data[i%len(data)] ^ byte(i/len(data))
			}
			for i := range 25 {
				for j := range 4 {
					s[i][j] = binary.LittleEndian.Uint64(buf[32*i+8*j:])
					if data[0]&1 == 0 {
						continue
					}
					switch (int(data[0]) + i + j) % 7 {
					case 0:
						s[i][j] = 0
					case 1:
						s[i][j] = ^uint64(0)
					}
				}
			}
		}
		var want [4][25]uint64
		for j := range 4 {
			want[j] = column(&s, j)
			f1600Generic(&want[j])
		}
		// F1600x8 gets s and s with its states in reverse order.
		var rev State4
		for j := range 4 {
			c := column(&s, 3-j)
			setColumn(&rev, j, &c)
		}
		cryptotest.ForEachImplementation("keccak", func(name string) {
			got := s
			F1600x4(&got)
			for j := range 4 {
				if column(&got, j) != want[j] {
					t.Fatalf("implementation %q: state %d differs from f1600Generic", name, j)
				}
			}
			a, b := s, rev
			F1600x8(&a, &b)
			for j := range 4 {
				if column(&a, j) != want[j] || column(&b, j) != want[3-j] {
					t.Fatalf("implementation %q: F1600x8 state %d differs from f1600Generic", name, j)
				}
			}
		})
	})
}

// TestPureGoTag checks that the purego build tag leaves out all assembly.
func TestPureGoTag(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil || runtime.GOOS != "linux" && runtime.GOOS != "darwin" && runtime.GOOS != "windows" {
		t.Skip("go command not available")
	}
	for _, goarch := range []string{"amd64", "arm64", "arm"} {
		cmd := exec.Command(gocmd, "list", "-tags", "purego", "-f", "{{.SFiles}}", ".")
		cmd.Env = append(cmd.Environ(), "GOARCH="+goarch)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("GOARCH=%s go list: %v\n%s", goarch, err, out)
		}
		if s := strings.TrimSpace(string(out)); s != "[]" {
			t.Errorf("GOARCH=%s -tags purego builds assembly files %s", goarch, s)
		}
	}
}

func TestShakeMatchesSHA3(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for length := 0; length < 3*Rate+2; length++ {
		msg := make([]byte, length)
		for i := range msg {
			msg[i] = byte(rng.Uint32())
		}
		blocks := 1 + rng.IntN(4)
		var s Shake
		s.Init(msg)
		got := make([]byte, blocks*Rate)
		s.SqueezeBlocks(got[:Rate])
		s.SqueezeBlocks(got[Rate:])
		want := sha3.SumSHAKE256(msg, len(got))
		if string(got) != string(want) {
			t.Fatalf("message length %d: Shake output differs from crypto/sha3", length)
		}
	}
}

// multiShake is the interface Shake4 and Shake8 share.
type multiShake interface {
	Init(in ...[]byte)
	SqueezeBlocks(out ...[]byte)
}

// multiShakes are the multi-stream types with their largest stream count.
var multiShakes = []struct {
	name    string
	new     func() multiShake
	streams int
}{
	{"Shake4", func() multiShake { return new(Shake4) }, 4},
	{"Shake8", func() multiShake { return new(Shake8) }, 8},
}

func TestShake4MatchesSHA3(t *testing.T) {
	cryptotest.TestAllImplementations(t, "keccak", func(t *testing.T) {
		for _, typ := range multiShakes {
			rng := rand.New(rand.NewPCG(9, 10))
			for iter := range scale(400) {
				n := 1 + iter%typ.streams
				// Mostly Raccoon-like inputs shorter than Rate, with
				// independent lengths; sometimes longer ones with the
				// same number of whole blocks, or for Shake8 sometimes
				// one block more in streams 4…7 than in 0…3 (absorbed
				// four at a time).
				blocks := 0
				if iter%5 == 4 {
					blocks = 1 + rng.IntN(2)
				}
				in := make([][]byte, n)
				for j := range in {
					b := blocks
					if j >= 4 && iter%10 == 9 {
						b++
					}
					length := b*Rate + rng.IntN(Rate)
					if iter < 4*Rate && blocks == 0 {
						length = (iter + 37*j) % Rate // sweep all short lengths
					}
					in[j] = make([]byte, length)
					for i := range in[j] {
						in[j][i] = byte(rng.Uint32())
					}
				}
				s := typ.new()
				s.Init(in...)
				// Squeeze in two calls of random block counts.
				b1, b2 := rng.IntN(3), 1+rng.IntN(28)
				out := make([][]byte, n)
				for j := range out {
					out[j] = make([]byte, (b1+b2)*Rate)
				}
				first, second := make([][]byte, n), make([][]byte, n)
				for j := range out {
					first[j], second[j] = out[j][:b1*Rate], out[j][b1*Rate:]
				}
				s.SqueezeBlocks(first...)
				s.SqueezeBlocks(second...)
				for j := range out {
					if want := sha3.SumSHAKE256(in[j], len(out[j])); string(out[j]) != string(want) {
						t.Fatalf("%s, iteration %d, stream %d of %d (message length %d): output differs from crypto/sha3", typ.name, iter, j, n, len(in[j]))
					}
				}
			}
		}
	})
}

func TestShake4Panics(t *testing.T) {
	mustPanic := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}
	var s Shake4
	mustPanic("Init()", func() { s.Init() })
	mustPanic("Init(5 streams)", func() { s.Init(nil, nil, nil, nil, nil) })
	mustPanic("Init(different block counts)", func() { s.Init(nil, make([]byte, Rate)) })
	s.Init(nil, nil)
	mustPanic("SqueezeBlocks(1 output)", func() { s.SqueezeBlocks(make([]byte, Rate)) })
	mustPanic("SqueezeBlocks(partial block)", func() { s.SqueezeBlocks(make([]byte, 10), make([]byte, 10)) })
	mustPanic("SqueezeBlocks(different lengths)", func() { s.SqueezeBlocks(make([]byte, Rate), make([]byte, 2*Rate)) })
	var s8 Shake8
	mustPanic("Shake8.Init()", func() { s8.Init() })
	mustPanic("Shake8.Init(9 streams)", func() { s8.Init(make([][]byte, 9)...) })
	mustPanic("Shake8.Init(different block counts)", func() { s8.Init(nil, nil, nil, nil, nil, make([]byte, Rate)) })
	s8.Init(make([][]byte, 6)...)
	mustPanic("Shake8.SqueezeBlocks(4 outputs)", func() { s8.SqueezeBlocks(make([]byte, Rate), nil, nil, nil) })
	mustPanic("Shake8.SqueezeBlocks(different lengths)", func() {
		out := make([][]byte, 6)
		for j := range out {
			out[j] = make([]byte, Rate)
		}
		out[5] = nil
		s8.SqueezeBlocks(out...)
	})
	var s128 Shake128x8
	mustPanic("Shake128x8.Init(9 streams)", func() { s128.Init(make([][]byte, 9)...) })
	mustPanic("Shake128x8.Init(long message)", func() { s128.Init(nil, nil, nil, nil, make([]byte, Rate128)) })
	s128.Init(make([][]byte, 5)...)
	mustPanic("Shake128x8.SqueezeBlocks(partial block)", func() {
		out := make([][]byte, 5)
		for j := range out {
			out[j] = make([]byte, Rate)
		}
		s128.SqueezeBlocks(out...)
	})
	var one Shake
	mustPanic("Shake.SqueezeBlocks(partial block)", func() { one.SqueezeBlocks(make([]byte, 1)) })
}

func TestAllocations(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("instrumentation changes allocations")
	}
	var s Shake4
	var s8 Shake8
	var one Shake
	hdr := []byte("A\x00\x01\x00\x00\x00\x00\x00seedseedseedseedseedseedseedseed")
	var out [8][3 * Rate]byte
	if n := testing.AllocsPerRun(10, func() {
		s.Init(hdr, hdr[:20], hdr[:8], hdr)
		s.SqueezeBlocks(out[0][:], out[1][:], out[2][:], out[3][:])
		s8.Init(hdr, hdr, hdr, hdr, hdr, hdr[:9], hdr, hdr)
		s8.SqueezeBlocks(out[0][:], out[1][:], out[2][:], out[3][:], out[4][:], out[5][:], out[6][:], out[7][:])
		one.Init(hdr)
		one.SqueezeBlocks(out[0][:])
	}); n != 0 {
		t.Errorf("Shake4, Shake8 and Shake allocate %v times, want 0", n)
	}
}

// FuzzShake4 compares Shake4 and Shake8 under every implementation with
// crypto/sha3 on up to eight messages cut from the fuzz input: the first
// byte gives the type (bit 3: Shake8), the number of streams, a number of
// whole blocks (bits 4–5) put before every message and whether streams 4…7
// get one block more (bit 6; Shake8 then absorbs four at a time), the next
// ones the lengths of the messages' last parts (below Rate).
func FuzzShake4(f *testing.F) {
	f.Add([]byte{3, 0, 40, 135, 7}, uint8(2))
	f.Add([]byte{8 + 6, 0, 40, 135, 7, 1, 2}, uint8(1))
	f.Add([]byte{0x10 + 8 + 7, 0, 40, 135, 7, 1, 2, 3}, uint8(0))
	f.Add([]byte{0x40 + 0x20 + 8 + 5, 9, 40, 135, 7, 1, 2}, uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, blocks uint8) {
		if len(data) == 0 {
			return
		}
		typ := multiShakes[data[0]>>3&1]
		n := 1 + int(data[0])%typ.streams
		whole, more := int(data[0]>>4&3), data[0]>>6&1 == 1
		data = data[1:]
		in := make([][]byte, n)
		for j := range in {
			var length int
			if len(data) > 0 {
				length, data = int(data[0])%Rate, data[1:]
			}
			w := whole
			if more && j >= 4 {
				w++
			}
			in[j] = make([]byte, w*Rate+length)
			for i := range in[j] {
				in[j][i] = byte(j + i)
				if i >= w*Rate && len(data) > 0 {
					in[j][i], data = data[0], data[1:]
				}
			}
		}
		size := (1 + int(blocks)%4) * Rate
		cryptotest.ForEachImplementation("keccak", func(name string) {
			s := typ.new()
			s.Init(in...)
			out := make([][]byte, n)
			for j := range out {
				out[j] = make([]byte, size)
			}
			s.SqueezeBlocks(out...)
			for j := range out {
				if string(out[j]) != string(sha3.SumSHAKE256(in[j], size)) {
					t.Fatalf("implementation %q: %s stream %d of %d differs from crypto/sha3", name, typ.name, j, n)
				}
			}
		})
	})
}

// checkStoreBlocks4 compares storeBlocks4 under the current implementation
// with the lanes of s written out one by one, and checks that nothing
// around the four outputs is written.
func checkStoreBlocks4(t *testing.T, name string, s *State4) {
	t.Helper()
	var bufs [4][Rate + 16]byte
	for j := range bufs {
		for i := range bufs[j] {
			bufs[j][i] = 0xee
		}
	}
	storeBlocks4(s, (*[Rate]byte)(bufs[0][8:]), (*[Rate]byte)(bufs[1][8:]),
		(*[Rate]byte)(bufs[2][8:]), (*[Rate]byte)(bufs[3][8:]))
	for j := range bufs {
		var want [Rate + 16]byte
		for i := range want {
			want[i] = 0xee
		}
		for i := range Rate / 8 {
			binary.LittleEndian.PutUint64(want[8+8*i:], s[i][j])
		}
		if bufs[j] != want {
			t.Fatalf("%s: output %d is %x, want %x", name, j, bufs[j], want)
		}
	}
}

func TestStoreBlocks4(t *testing.T) {
	cryptotest.TestAllImplementations(t, "keccak", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		states := edgeAndRandomStates(rng, scale(200))
		for k := range states {
			var s State4
			for j := range 4 {
				setColumn(&s, j, &states[(k+j)%len(states)])
			}
			checkStoreBlocks4(t, fmt.Sprint("states ", k), &s)
		}
	})
}

func FuzzStoreBlocks4(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("Raccoon"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s State4
		if len(data) > 0 {
			for i := range 25 {
				for j := range 4 {
					var w [8]byte
					for b := range w {
						k := 32*i + 8*j + b
						w[b] = data[k%len(data)] ^ byte(k/len(data))
					}
					s[i][j] = binary.LittleEndian.Uint64(w[:])
				}
			}
		}
		cryptotest.ForEachImplementation("keccak", func(name string) {
			checkStoreBlocks4(t, name, &s)
		})
	})
}
