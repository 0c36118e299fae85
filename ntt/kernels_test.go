package ntt

import (
	"crypto/sha3"
	"debug/elf"
	"encoding/binary"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
)

// Differential tests: every kernel of the dispatch points (forward, inverse,
// mulMont, mulAddMont, toMont, add, sub) against its generic twin, on edge
// and random inputs, under every implementation the CPU supports.

// Input bounds of the kernels, from their doc comments.
const (
	boundNTT = 4 * Q   // forward, inverse
	boundX   = 1 << 62 // x of mulMont and mulAddMont
	boundQ   = Q       // everything else
)

// edgeValues lists the values that the tests and fuzz targets favour for
// inputs below bound.
func edgeValues(bound uint64) []uint64 {
	vs := []uint64{0, 1, 2, Q/2 - 1, Q / 2, Q/2 + 1, Q - 2, Q - 1}
	for _, v := range []uint64{Q, Q + 1, 2*Q - 1, 2 * Q, 3*Q - 1, 3 * Q, 4*Q - 1,
		1<<49 - 1, 1 << 49, 1<<52 - 1, 1 << 52, 1<<53 - 1, 1 << 53, 1<<62 - 1, 1<<62 - Q} {
		if v < bound {
			vs = append(vs, v)
		}
	}
	return append(vs, bound-1)
}

// polyFromSeed expands seed with SHAKE128 into a polynomial with values
// below bound: three values out of four are drawn from edgeValues, the
// fourth is uniform below bound. Runs of equal edge values are common, so
// that sums and differences of extreme values reach the kernels.
func polyFromSeed(seed []byte, bound uint64) *[N]uint64 {
	edges := edgeValues(bound)
	h := sha3.NewSHAKE128()
	h.Write(seed)
	var buf [8 * N * 2]byte
	h.Read(buf[:])
	var p [N]uint64
	run := uint64(0)
	for i := range p {
		r := binary.LittleEndian.Uint64(buf[16*i:])
		v := binary.LittleEndian.Uint64(buf[16*i+8:])
		switch r % 4 {
		case 0:
			p[i] = v % bound
		case 1:
			run = edges[v%uint64(len(edges))]
			p[i] = run
		default:
			p[i] = run
		}
	}
	return &p
}

// kernelInputs returns named inputs below bound: constant and alternating
// edge values, single extreme values, random values below Q and below
// bound, and seeded mixtures of edge values.
func kernelInputs(bound uint64, seed uint64) (names []string, polys []*[N]uint64) {
	addp := func(name string, p *[N]uint64) {
		names = append(names, name)
		polys = append(polys, p)
	}
	edges := edgeValues(bound)
	for _, v := range edges {
		var p [N]uint64
		for i := range p {
			p[i] = v
		}
		addp(fmt.Sprintf("all %d", v), &p)
	}
	for _, pair := range [][2]uint64{{0, bound - 1}, {Q - 1, 0}, {bound - 1, Q - 1}} {
		var p [N]uint64
		for i := range p {
			p[i] = pair[i%2]
		}
		addp(fmt.Sprintf("alternating %d %d", pair[0], pair[1]), &p)
	}
	for _, i := range []int{0, 1, N/2 - 1, N / 2, N - 1} {
		var p [N]uint64
		p[i] = bound - 1
		addp(fmt.Sprintf("single at %d", i), &p)
	}
	r := rand.New(rand.NewPCG(seed, 1))
	n := 50
	if testing.Short() {
		n = 5
	}
	for k := 0; k < n; k++ {
		var p, pb [N]uint64
		for i := range p {
			p[i] = r.Uint64N(Q)
			pb[i] = r.Uint64N(bound)
		}
		addp(fmt.Sprintf("random below Q %d", k), &p)
		addp(fmt.Sprintf("random below bound %d", k), &pb)
		addp(fmt.Sprintf("edge mixture %d", k), polyFromSeed([]byte(fmt.Sprint(seed, k)), bound))
	}
	return names, polys
}

// firstDiff returns the first index where a and b differ, or -1.
func firstDiff(a, b *[N]uint64) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}

// checkReduced fails if a value of p is not below Q.
func checkReduced(t *testing.T, name string, p *[N]uint64) {
	t.Helper()
	for i, v := range p {
		if v >= Q {
			t.Fatalf("%s: output[%d] = %d is not reduced", name, i, v)
		}
	}
}

func TestForwardMatchesGeneric(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		names, in := kernelInputs(boundNTT, 1)
		for k, x := range in {
			want, got := *x, *x
			forwardGeneric(&want)
			forward(&got)
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: forward and forwardGeneric differ at %d: %d, %d", names[k], i, got[i], want[i])
			}
			checkReduced(t, names[k], &got)
		}
	})
}

func TestInverseMatchesGeneric(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		names, in := kernelInputs(boundNTT, 2)
		for k, x := range in {
			want, got := *x, *x
			inverseGeneric(&want)
			inverse(&got)
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: inverse and inverseGeneric differ at %d: %d, %d", names[k], i, got[i], want[i])
			}
			checkReduced(t, names[k], &got)
		}
	})
}

// pairInputs returns pairs (x, y) with x below boundA and y below boundB,
// mixing the inputs of kernelInputs in both orders.
func pairInputs(boundA, boundB uint64, seed uint64) (names []string, xs, ys []*[N]uint64) {
	na, a := kernelInputs(boundA, seed)
	nb, b := kernelInputs(boundB, seed+100)
	for i := range a {
		for _, j := range []int{i % len(b), (7*i + 3) % len(b), len(b) - 1 - i%len(b)} {
			names = append(names, na[i]+" × "+nb[j])
			xs = append(xs, a[i])
			ys = append(ys, b[j])
		}
	}
	return names, xs, ys
}

func TestMulMontMatchesGeneric(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		names, xs, ys := pairInputs(boundX, boundQ, 3)
		for k := range xs {
			var want, got [N]uint64
			mulMontGeneric(&want, xs[k], ys[k])
			mulMont(&got, xs[k], ys[k])
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: mulMont and mulMontGeneric differ at %d: %d·%d gives %d, %d",
					names[k], i, xs[k][i], ys[k][i], got[i], want[i])
			}
			checkReduced(t, names[k], &got)
		}
	})
}

func TestMulAddMontMatchesGeneric(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		names, xs, ys := pairInputs(boundX, boundQ, 4)
		_, as := kernelInputs(boundQ, 5)
		for k := range xs {
			a := as[(k*5)%len(as)]
			var want, got [N]uint64
			mulAddMontGeneric(&want, xs[k], ys[k], a)
			mulAddMont(&got, xs[k], ys[k], a)
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: mulAddMont and mulAddMontGeneric differ at %d: %d·%d + %d gives %d, %d",
					names[k], i, xs[k][i], ys[k][i], a[i], got[i], want[i])
			}
			checkReduced(t, names[k], &got)
			// Aliasing: z = x, z = a.
			got2 := *xs[k]
			mulAddMont(&got2, &got2, ys[k], a)
			if got2 != want {
				t.Fatalf("%s: mulAddMont with z = x differs", names[k])
			}
			got3 := *a
			mulAddMont(&got3, xs[k], ys[k], &got3)
			if got3 != want {
				t.Fatalf("%s: mulAddMont with z = a differs", names[k])
			}
		}
	})
}

func TestToMontMatchesGeneric(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		names, in := kernelInputs(boundQ, 6)
		for k, x := range in {
			var want, got [N]uint64
			toMontGeneric(&want, x)
			toMont(&got, x)
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: toMont and toMontGeneric differ at %d: %d, %d", names[k], i, got[i], want[i])
			}
			checkReduced(t, names[k], &got)
		}
	})
}

func TestAddSubMatchGeneric(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		names, xs, ys := pairInputs(boundQ, boundQ, 7)
		for k := range xs {
			var want, got [N]uint64
			addGeneric(&want, xs[k], ys[k])
			add(&got, xs[k], ys[k])
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: add and addGeneric differ at %d", names[k], i)
			}
			checkReduced(t, names[k], &got)
			subGeneric(&want, xs[k], ys[k])
			sub(&got, xs[k], ys[k])
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: sub and subGeneric differ at %d", names[k], i)
			}
			checkReduced(t, names[k], &got)
		}
	})
}

// eachImplementation is cryptotest.ForEachImplementation for ntt.
func eachImplementation(f func(name string)) { cryptotest.ForEachImplementation("ntt", f) }

func FuzzForward(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("Raccoon"))
	f.Fuzz(func(t *testing.T, seed []byte) {
		x := polyFromSeed(seed, boundNTT)
		want := *x
		forwardGeneric(&want)
		eachImplementation(func(name string) {
			got := *x
			forward(&got)
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: forward differs from forwardGeneric at %d", name, i)
			}
		})
	})
}

func FuzzInverse(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("Raccoon"))
	f.Fuzz(func(t *testing.T, seed []byte) {
		x := polyFromSeed(seed, boundNTT)
		want := *x
		inverseGeneric(&want)
		eachImplementation(func(name string) {
			got := *x
			inverse(&got)
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: inverse differs from inverseGeneric at %d", name, i)
			}
		})
	})
}

func FuzzMulMont(f *testing.F) {
	f.Add([]byte{}, []byte{})
	f.Add([]byte("x"), []byte("y"))
	f.Fuzz(func(t *testing.T, seedX, seedY []byte) {
		x, y := polyFromSeed(seedX, boundX), polyFromSeed(seedY, boundQ)
		var want [N]uint64
		mulMontGeneric(&want, x, y)
		eachImplementation(func(name string) {
			var got [N]uint64
			mulMont(&got, x, y)
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: mulMont differs from mulMontGeneric at %d: %d·%d", name, i, x[i], y[i])
			}
		})
	})
}

func FuzzMulAddMont(f *testing.F) {
	f.Add([]byte{}, []byte{}, []byte{})
	f.Add([]byte("x"), []byte("y"), []byte("a"))
	f.Fuzz(func(t *testing.T, seedX, seedY, seedA []byte) {
		x, y, a := polyFromSeed(seedX, boundX), polyFromSeed(seedY, boundQ), polyFromSeed(seedA, boundQ)
		var want [N]uint64
		mulAddMontGeneric(&want, x, y, a)
		eachImplementation(func(name string) {
			var got [N]uint64
			mulAddMont(&got, x, y, a)
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: mulAddMont differs from mulAddMontGeneric at %d: %d·%d + %d", name, i, x[i], y[i], a[i])
			}
		})
	})
}

func FuzzToMont(f *testing.F) {
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, seed []byte) {
		x := polyFromSeed(seed, boundQ)
		var want [N]uint64
		toMontGeneric(&want, x)
		eachImplementation(func(name string) {
			var got [N]uint64
			toMont(&got, x)
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: toMont differs from toMontGeneric at %d", name, i)
			}
		})
	})
}

func FuzzAddSub(f *testing.F) {
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, seedX, seedY []byte) {
		x, y := polyFromSeed(seedX, boundQ), polyFromSeed(seedY, boundQ)
		var wantAdd, wantSub [N]uint64
		addGeneric(&wantAdd, x, y)
		subGeneric(&wantSub, x, y)
		eachImplementation(func(name string) {
			var got [N]uint64
			add(&got, x, y)
			if got != wantAdd {
				t.Fatalf("%s: add differs from addGeneric", name)
			}
			sub(&got, x, y)
			if got != wantSub {
				t.Fatalf("%s: sub differs from subGeneric", name)
			}
		})
	})
}

// TestLayout checks the layout that the assembly relies on: polynomials are
// arrays of N 64-bit values with no padding.
func TestLayout(t *testing.T) {
	if unsafe.Sizeof(Poly{}) != 8*N || unsafe.Sizeof(NTTPoly{}) != 8*N || unsafe.Sizeof(MontPoly{}) != 8*N {
		t.Fatal("polynomials are not [512]uint64")
	}
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

// benchAllImplementations is cryptotest.BenchAllImplementations for ntt.
func benchAllImplementations(b *testing.B, f func(b *testing.B)) {
	cryptotest.BenchAllImplementations(b, "ntt", f)
}

// TestArm64Encodings checks the instructions that ntt_arm64.s encodes as
// WORD directives (the Go assembler lacks them) against the GNU assembler:
// each WORD must assemble from the instruction in its comment. It is
// skipped if aarch64-linux-gnu-as is not installed.
func TestArm64Encodings(t *testing.T) {
	as, err := exec.LookPath("aarch64-linux-gnu-as")
	if err != nil {
		t.Skip("aarch64-linux-gnu-as not found")
	}
	src, err := os.ReadFile("ntt_arm64.s")
	if err != nil {
		t.Fatal(err)
	}
	var words []uint32
	var text strings.Builder
	seen := map[string]bool{}
	for _, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "WORD $0x") {
			continue
		}
		hex, comment, ok := strings.Cut(strings.TrimPrefix(line, "WORD $0x"), " // ")
		if !ok {
			t.Fatalf("WORD without instruction comment: %s", line)
		}
		if seen[comment] {
			continue
		}
		seen[comment] = true
		w, err := strconv.ParseUint(hex, 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		words = append(words, uint32(w))
		text.WriteString(comment + "\n")
	}
	if len(words) == 0 {
		t.Fatal("no WORD directives found")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "w.s"), filepath.Join(dir, "w.o")
	if err := os.WriteFile(in, []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(as, "-o", out, in).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", as, err, msg)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	code, err := f.Section(".text").Data()
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != 4*len(words) {
		t.Fatalf("assembled %d bytes for %d instructions", len(code), len(words))
	}
	lines := strings.Split(text.String(), "\n")
	for i, w := range words {
		if got := binary.LittleEndian.Uint32(code[4*i:]); got != w {
			t.Errorf("%s: WORD $%#08x, GNU as gives %#08x", lines[i], w, got)
		}
	}
	t.Logf("checked %d distinct encoded instructions", len(words))
}

// TestGeneric32MatchesGeneric checks the 32-bit transforms, which are the
// generic code on 32-bit targets, against the 64-bit ones on every
// target.
func TestGeneric32MatchesGeneric(t *testing.T) {
	for _, tc := range []struct {
		name   string
		f, f32 func(*[N]uint64)
	}{{"forward", forwardGeneric, forwardGeneric32}, {"inverse", inverseGeneric, inverseGeneric32}} {
		names, in := kernelInputs(boundNTT, 8)
		for k, x := range in {
			want, got := *x, *x
			tc.f(&want)
			tc.f32(&got)
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s: %s32 differs at %d: %d, %d", names[k], tc.name, i, got[i], want[i])
			}
		}
	}
}

func TestCRTConstants(t *testing.T) {
	if uint64(crt2)*q1%q2 != 1 {
		t.Error("crt2 is not 1/q1 mod q2")
	}
	if nInvQ1*N%q1 != 1 || nInvQ2*N%q2 != 1 {
		t.Error("nInvQ1 or nInvQ2 is not 1/N")
	}
}

func FuzzGeneric32(f *testing.F) {
	f.Add([]byte{}, false)
	f.Fuzz(func(t *testing.T, seed []byte, inv bool) {
		x := polyFromSeed(seed, boundNTT)
		want, got := *x, *x
		if inv {
			inverseGeneric(&want)
			inverseGeneric32(&got)
		} else {
			forwardGeneric(&want)
			forwardGeneric32(&got)
		}
		if i := firstDiff(&got, &want); i >= 0 {
			t.Fatalf("inverse=%v: 32-bit transform differs at %d", inv, i)
		}
	})
}

var stress = flag.Int("stress", 0, "run TestStress with this many random inputs per kernel")

// TestStress runs the checks of the fuzz targets on -stress random seeds,
// for targets where coverage-guided fuzzing is not available (arm64 under
// qemu-user without binfmt_misc: go test -exec qemu-aarch64 -run Stress
// -stress 20000).
func TestStress(t *testing.T) {
	if *stress == 0 {
		t.Skip("-stress not set")
	}
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
	seed := func() []byte {
		b := make([]byte, 1+r.IntN(16))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	for n := 0; n < *stress; n++ {
		x := polyFromSeed(seed(), boundNTT)
		y := polyFromSeed(seed(), boundX)
		m := polyFromSeed(seed(), boundQ)
		a := polyFromSeed(seed(), boundQ)
		var fwd, inv, mm, mam, tm, ad, sb [N]uint64
		fwd, inv = *x, *x
		forwardGeneric(&fwd)
		inverseGeneric(&inv)
		mulMontGeneric(&mm, y, m)
		mulAddMontGeneric(&mam, y, m, a)
		toMontGeneric(&tm, m)
		addGeneric(&ad, m, a)
		subGeneric(&sb, m, a)
		eachImplementation(func(name string) {
			var got [N]uint64
			check := func(kernel string, want *[N]uint64) {
				if got != *want {
					t.Fatalf("%s: %s differs from the generic code (iteration %d)", name, kernel, n)
				}
			}
			got = *x
			forward(&got)
			check("forward", &fwd)
			got = *x
			inverse(&got)
			check("inverse", &inv)
			mulMont(&got, y, m)
			check("mulMont", &mm)
			mulAddMont(&got, y, m, a)
			check("mulAddMont", &mam)
			toMont(&got, m)
			check("toMont", &tm)
			add(&got, m, a)
			check("add", &ad)
			sub(&got, m, a)
			check("sub", &sb)
		})
	}
	t.Logf("%d random inputs per kernel", *stress)
}
