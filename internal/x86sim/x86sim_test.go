package x86sim

import (
	"math/big"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestTernlog checks the model of VPTERNLOGQ against the definition in the
// SDM: bit k of the result is bit (dest_k·4 + src1_k·2 + src2_k) of imm8.
func TestTernlog(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for imm := 0; imm < 256; imm++ {
		m := NewMachine()
		var want [4]uint64
		for i := 0; i < 4; i++ {
			a, b, c := rng.Uint64(), rng.Uint64(), rng.Uint64()
			m.Z[1][i], m.Z[2][i], m.Z[3][i] = a, b, c
			for k := 0; k < 64; k++ {
				idx := (a>>k&1)<<2 | (b>>k&1)<<1 | c>>k&1
				want[i] |= uint64(imm) >> idx & 1 << k
			}
		}
		in, ok, err := parseLine("  401000:\tvpternlogq ymm1,ymm2,ymm3," + hex8(imm))
		if !ok || err != nil {
			t.Fatalf("parse: %v", err)
		}
		if _, err := m.step(&Program{}, in); err != nil {
			t.Fatal(err)
		}
		if [4]uint64(m.Z[1][:4]) != want || m.Z[1][4] != 0 {
			t.Fatalf("imm %#x: got %x, want %x", imm, m.Z[1][:4], want)
		}
	}
}

func hex8(v int) string {
	const digits = "0123456789abcdef"
	return "0x" + string(digits[v>>4]) + string(digits[v&15])
}

func TestParseLine(t *testing.T) {
	in, ok, err := parseLine("  5b6657:\tvpxorq ymm0,ymm0,YMMWORD PTR [rip+0x8e7bf]        # 644e20 <rc4>")
	if !ok || err != nil {
		t.Fatal(ok, err)
	}
	if in.Addr != 0x5b6657 || in.Mnemonic != "vpxorq" || len(in.Args) != 3 || in.Target != 0x644e20 ||
		in.Args[2] != "YMMWORD PTR [rip+0x8e7bf]" {
		t.Fatalf("%+v", in)
	}
	if _, ok, _ := parseLine("Disassembly of section .text:"); ok {
		t.Fatal("a header parsed as an instruction")
	}
}

// TestUnmodelled checks that an instruction outside the model is an error.
func TestUnmodelled(t *testing.T) {
	for _, line := range []string{
		"  401000:\tvpmullq ymm1,ymm2,ymm3",
		"  401000:\timul rax,rbx",
		"  401000:\tjo 0x401000",
	} {
		in, _, _ := parseLine(line)
		m := NewMachine()
		m.GPR["rax"], m.GPR["rbx"] = 1, 2
		if _, err := m.step(&Program{}, in); err == nil {
			t.Errorf("%s executed without a model", in.Mnemonic)
		}
	}
}

// TestMadd52 checks VPMADD52LUQ and VPMADD52HUQ against big-integer
// arithmetic: the 104-bit product of the low 52 bits of the sources, its
// low or high 52 bits added to the destination modulo 2^64.
func TestMadd52(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	mask := new(big.Int).SetUint64(1<<52 - 1)
	for range 1000 {
		m := NewMachine()
		var want [2][8]uint64
		for i := 0; i < 8; i++ {
			a, b, c := rng.Uint64(), rng.Uint64(), rng.Uint64()
			m.Z[1][i], m.Z[2][i], m.Z[3][i], m.Z[4][i] = c, a, b, c
			p := new(big.Int).Mul(new(big.Int).And(new(big.Int).SetUint64(a), mask), new(big.Int).And(new(big.Int).SetUint64(b), mask))
			want[0][i] = c + new(big.Int).And(p, mask).Uint64()
			want[1][i] = c + new(big.Int).Rsh(p, 52).Uint64()
		}
		for k, line := range []string{"  401000:\tvpmadd52luq zmm1,zmm2,zmm3", "  401000:\tvpmadd52huq zmm4,zmm2,zmm3"} {
			in, _, _ := parseLine(line)
			if _, err := m.step(&Program{}, in); err != nil {
				t.Fatal(err)
			}
			if got := m.Z[1+3*k]; got != want[k] {
				t.Fatalf("%s: got %x, want %x", in.Mnemonic, got, want[k])
			}
		}
	}
}

// TestPermi2q checks VPERMI2Q on ZMM registers: index i < 8 selects lane i
// of the first source, 8 + i lane i of the second, and higher index bits
// are ignored.
func TestPermi2q(t *testing.T) {
	m := NewMachine()
	for i := 0; i < 8; i++ {
		m.Z[2][i], m.Z[3][i] = 100+uint64(i), 200+uint64(i)
	}
	m.Z[1] = [8]uint64{0, 8, 7, 15, 16 + 1, 9, 3, 1<<63 | 12}
	in, _, _ := parseLine("  401000:\tvpermi2q zmm1,zmm2,zmm3")
	if _, err := m.step(&Program{}, in); err != nil {
		t.Fatal(err)
	}
	if want := [8]uint64{100, 200, 107, 207, 101, 201, 103, 204}; m.Z[1] != want {
		t.Fatalf("got %v, want %v", m.Z[1], want)
	}
}

// TestInsertExtract64x4 checks VINSERTI64X4 and VEXTRACTI64X4 with
// register and memory operands: imm8 bit 0 selects the 256-bit half, an
// extract to a YMM register zeroes the upper lanes.
func TestInsertExtract64x4(t *testing.T) {
	m := NewMachine()
	var mem [8]uint64
	for i := range mem {
		mem[i] = 300 + uint64(i)
		m.Z[2][i] = 100 + uint64(i)
		m.Z[3][i] = 200 + uint64(i)
	}
	m.Map(0x1000, unsafe.Slice((*byte)(unsafe.Pointer(&mem[0])), 64))
	m.GPR["rsi"] = 0x1000
	steps := []struct {
		line string
		reg  int
		want [8]uint64
	}{
		{"vinserti64x4 zmm1,zmm2,ymm3,0x1", 1, [8]uint64{100, 101, 102, 103, 200, 201, 202, 203}},
		{"vinserti64x4 zmm1,zmm2,ymm3,0x0", 1, [8]uint64{200, 201, 202, 203, 104, 105, 106, 107}},
		{"vinserti64x4 zmm4,zmm2,YMMWORD PTR [rsi+0x20],0x1", 4, [8]uint64{100, 101, 102, 103, 304, 305, 306, 307}},
		{"vextracti64x4 ymm5,zmm2,0x1", 5, [8]uint64{104, 105, 106, 107}},
		{"vextracti64x4 ymm5,zmm3,0x2", 5, [8]uint64{200, 201, 202, 203}}, // only bit 0 counts
		{"vextracti64x4 ymm3,zmm3,0x1", 3, [8]uint64{204, 205, 206, 207}}, // in place
	}
	for _, s := range steps {
		in, _, err := parseLine("  401000:\t" + s.line)
		require.NoError(t, err)
		_, err = m.step(&Program{}, in)
		require.NoError(t, err, s.line)
		require.Equal(t, s.want, m.Z[s.reg], s.line)
	}
	in, _, err := parseLine("  401000:\tvextracti64x4 YMMWORD PTR [rsi],zmm2,0x1")
	require.NoError(t, err)
	_, err = m.step(&Program{}, in)
	require.NoError(t, err)
	require.Equal(t, [8]uint64{104, 105, 106, 107, 304, 305, 306, 307}, mem)
}
