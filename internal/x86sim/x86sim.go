// Package x86sim runs amd64 vector kernels of this module in a small
// software model of the CPU, so that kernels for instruction sets the test
// machine lacks (AVX-512) are still checked against their generic twins.
//
// It disassembles a function of the running test binary with GNU objdump
// (Intel syntax) and interprets the listing. Only the instructions the
// module's kernels use are modelled; any other instruction is an error, so a
// kernel that outgrows the model fails its test instead of passing
// unchecked. The model covers what the kernels compute, not how fast: it
// keeps the arithmetic flags that the loops' branches test (ZF, CF, SF,
// OF), and has no exceptions, no masking and no timing.
//
// Semantics follow the Intel SDM, Volume 2, for each mnemonic. The model is
// deliberately independent of the Go assembler: it reads the machine code
// the assembler produced, so operand order and immediate encodings are
// checked too.
package x86sim

import (
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// An Inst is one disassembled instruction: its address, mnemonic and
// operands in Intel order (destination first).
type Inst struct {
	Addr     uint64
	Mnemonic string
	Args     []string
	// Target is the absolute address objdump resolved for a RIP-relative
	// memory operand, or 0.
	Target uint64
}

func (in Inst) String() string {
	return fmt.Sprintf("%#x: %s %s", in.Addr, in.Mnemonic, strings.Join(in.Args, ","))
}

// Program is a disassembled function together with the executable's
// loadable sections, which back RIP-relative loads of constant tables.
type Program struct {
	Insts []Inst
	exe   *elf.File
}

// ErrUnavailable is returned by Load where the model cannot run: it needs
// Linux (an ELF executable and /proc) and GNU objdump. Tests skip on it.
var ErrUnavailable = errors.New("x86sim: needs Linux and GNU objdump")

// Load disassembles the assembly function f, a Go func value of a function
// implemented in assembly (ABI0), in the running executable.
//
// Test binaries carry no symbol table (go test links with -s), so Load
// finds the code through the runtime: f's value points at the compiler's
// ABI wrapper, whose call leads to the assembly body; the body is read up to
// its first RET, which must be its only one. Branches inside the body are
// followed. Linux only (it reads /proc/self/maps for position-independent
// executables).
func Load(f any) (*Program, error) {
	objdump, err := exec.LookPath("objdump")
	if err != nil || runtime.GOOS != "linux" {
		return nil, ErrUnavailable
	}
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Func {
		return nil, errors.New("x86sim: Load needs a function")
	}
	path, err := os.Executable()
	if err != nil {
		return nil, err
	}
	exe, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	p := &Program{exe: exe}
	// Addresses below are the executable's (objdump's and the ELF
	// sections'); the runtime's differ by bias in position-independent
	// executables (fuzzing builds, for one).
	bias, err := loadBias(exe, path)
	if err != nil {
		return nil, err
	}
	funcAt := func(addr uint64) *runtime.Func { return runtime.FuncForPC(uintptr(addr + bias)) }
	entry := uint64(v.Pointer()) - bias
	name := funcAt(entry).Name()
	// The compiler's wrapper: follow its call to the assembly body (which
	// the runtime may name with or without the .abi0 suffix).
	base := strings.TrimSuffix(name, ".abi0")
	wrapper, err := disassemble(objdump, path, entry, entry+512)
	if err != nil {
		return nil, err
	}
	for _, in := range wrapper {
		if funcAt(in.Addr) != funcAt(entry) {
			break
		}
		if (in.Mnemonic == "call" || in.Mnemonic == "jmp") && len(in.Args) == 1 {
			t, err := strconv.ParseUint(strings.TrimPrefix(strings.Fields(in.Args[0])[0], "0x"), 16, 64)
			if body := funcAt(t); err == nil && body != nil && body != funcAt(entry) &&
				strings.TrimSuffix(body.Name(), ".abi0") == base {
				entry = t
				break
			}
		}
	}
	fn := funcAt(entry)
	// The body ends before the next function; search up to 1 MiB.
	end := entry + 1<<20
	for _, s := range exe.Sections {
		if entry >= s.Addr && entry < s.Addr+s.Size {
			end = min(end, s.Addr+s.Size)
		}
	}
	insts, err := disassemble(objdump, path, entry, end)
	if err != nil {
		return nil, err
	}
	for _, in := range insts {
		if funcAt(in.Addr) != fn {
			break
		}
		p.Insts = append(p.Insts, in)
		if in.Mnemonic == "ret" {
			return p, nil
		}
	}
	return nil, fmt.Errorf("x86sim: %s: no RET", name)
}

// loadBias returns how far the running executable at path is loaded from
// the addresses in its ELF file: 0 for a fixed-address executable, else
// the start of its first mapping (from /proc/self/maps) minus the address
// of its first loadable segment.
func loadBias(exe *elf.File, path string) (uint64, error) {
	if exe.Type != elf.ET_DYN {
		return 0, nil
	}
	first := ^uint64(0)
	for _, prog := range exe.Progs {
		if prog.Type == elf.PT_LOAD {
			first = min(first, prog.Vaddr&^(prog.Align-1))
		}
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(maps), "\n") {
		f := strings.Fields(line)
		if len(f) < 6 || f[5] != path || f[2] != "00000000" {
			continue
		}
		start, err := strconv.ParseUint(strings.SplitN(f[0], "-", 2)[0], 16, 64)
		if err != nil {
			return 0, err
		}
		return start - first, nil
	}
	return 0, fmt.Errorf("x86sim: %s is not in /proc/self/maps", path)
}

func disassemble(objdump, path string, start, end uint64) ([]Inst, error) {
	out, err := exec.Command(objdump, "-d", "-M", "intel", "--no-show-raw-insn",
		fmt.Sprintf("--start-address=%#x", start), fmt.Sprintf("--stop-address=%#x", end),
		path).Output()
	if err != nil {
		return nil, fmt.Errorf("x86sim: objdump: %v", err)
	}
	var insts []Inst
	for _, line := range strings.Split(string(out), "\n") {
		in, ok, err := parseLine(line)
		if err != nil {
			return nil, err
		}
		if ok {
			insts = append(insts, in)
		}
	}
	return insts, nil
}

var (
	lineRE   = regexp.MustCompile(`^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$`)
	targetRE = regexp.MustCompile(`#\s*(?:0x)?([0-9a-f]+)`)
)

func parseLine(line string) (Inst, bool, error) {
	m := lineRE.FindStringSubmatch(line)
	if m == nil {
		return Inst{}, false, nil
	}
	addr, err := strconv.ParseUint(m[1], 16, 64)
	if err != nil {
		return Inst{}, false, err
	}
	in := Inst{Addr: addr, Mnemonic: m[2]}
	ops := m[3]
	if t := targetRE.FindStringSubmatch(ops); t != nil {
		in.Target, _ = strconv.ParseUint(t[1], 16, 64)
	}
	if i := strings.IndexByte(ops, '#'); i >= 0 {
		ops = ops[:i]
	}
	if ops = strings.TrimSpace(ops); ops != "" {
		in.Args = strings.Split(ops, ",")
	}
	return in, true, nil
}

// read returns n bytes of the executable's image at virtual address addr.
func (p *Program) read(addr uint64, n int) ([]byte, error) {
	for _, s := range p.exe.Sections {
		if s.Type == elf.SHT_NOBITS || addr < s.Addr || addr+uint64(n) > s.Addr+s.Size {
			continue
		}
		b := make([]byte, n)
		if _, err := s.ReadAt(b, int64(addr-s.Addr)); err != nil {
			return nil, err
		}
		return b, nil
	}
	return nil, fmt.Errorf("x86sim: address %#x not in the image", addr)
}

// Machine is the architectural state the model keeps: the 32 vector
// registers (512 bits as eight 64-bit lanes), the general-purpose registers
// by name, and memory regions the test provides.
type Machine struct {
	Z   [32][8]uint64
	GPR map[string]uint64
	mem []region

	zf, cf, sf, of bool   // flags after the last arithmetic instruction
	target         uint64 // branch target of the current instruction
	taken          bool   // whether the current instruction branches
}

// maxSteps bounds a run, so that a kernel that loops forever fails.
const maxSteps = 50_000_000

type region struct {
	base uint64
	buf  []byte
}

// NewMachine returns a machine whose stack holds the given arguments: the
// Go ABI0 places argument i at [rsp+8+8i].
func NewMachine(args ...uint64) *Machine {
	m := &Machine{GPR: map[string]uint64{"rsp": 0x7000_0000}}
	stack := make([]byte, 8+8*len(args))
	for i, a := range args {
		binary.LittleEndian.PutUint64(stack[8+8*i:], a)
	}
	m.Map(0x7000_0000, stack)
	return m
}

// Map makes buf addressable at base. The model reads and writes buf in
// place.
func (m *Machine) Map(base uint64, buf []byte) { m.mem = append(m.mem, region{base, buf}) }

func (m *Machine) bytesAt(addr uint64, n int) ([]byte, error) {
	for _, r := range m.mem {
		if addr >= r.base && addr+uint64(n) <= r.base+uint64(len(r.buf)) {
			return r.buf[addr-r.base : addr-r.base+uint64(n)], nil
		}
	}
	return nil, fmt.Errorf("x86sim: access to unmapped address %#x", addr)
}

// vec parses a vector register operand: its number and width in lanes.
func vec(s string) (int, int, bool) {
	var lanes int
	switch {
	case strings.HasPrefix(s, "xmm"):
		lanes = 2
	case strings.HasPrefix(s, "ymm"):
		lanes = 4
	case strings.HasPrefix(s, "zmm"):
		lanes = 8
	default:
		return 0, 0, false
	}
	n, err := strconv.Atoi(s[3:])
	if err != nil || n < 0 || n > 31 {
		return 0, 0, false
	}
	return n, lanes, true
}

var memRE = regexp.MustCompile(`^(?:([A-Z]+) PTR )?\[([a-z0-9]+)(?:\+([a-z0-9]+)\*([1248]))?(?:([+-])0x([0-9a-f]+))?\]$`)

// addr computes the address of a memory operand [base+index*scale±disp],
// or reports that s is not one.
func (m *Machine) addr(p *Program, in Inst, s string) (uint64, bool, error) {
	mm := memRE.FindStringSubmatch(s)
	if mm == nil {
		return 0, false, nil
	}
	if mm[2] == "rip" {
		if in.Target == 0 {
			return 0, true, fmt.Errorf("x86sim: %v: RIP-relative operand without a target", in)
		}
		return in.Target, true, nil
	}
	base, ok := m.GPR[mm[2]]
	if !ok {
		return 0, true, fmt.Errorf("x86sim: %v: register %s has no value", in, mm[2])
	}
	if mm[3] != "" {
		index, ok := m.GPR[mm[3]]
		if !ok {
			return 0, true, fmt.Errorf("x86sim: %v: register %s has no value", in, mm[3])
		}
		scale, _ := strconv.ParseUint(mm[4], 10, 64)
		base += index * scale
	}
	var disp uint64
	if mm[6] != "" {
		disp, _ = strconv.ParseUint(mm[6], 16, 64)
	}
	if mm[5] == "-" {
		return base - disp, true, nil
	}
	return base + disp, true, nil
}

// load reads lanes 64-bit words from a register or memory operand; memory
// outside the machine's regions is read from the executable's image.
func (m *Machine) load(p *Program, in Inst, s string, lanes int) ([]uint64, error) {
	if r, w, ok := vec(s); ok {
		if w != lanes {
			return nil, fmt.Errorf("x86sim: %v: mixed widths", in)
		}
		return append([]uint64(nil), m.Z[r][:lanes]...), nil
	}
	bcst := strings.HasSuffix(s, "{1to8}") || strings.HasSuffix(s, "{1to4}") || strings.HasPrefix(s, "QWORD BCST ")
	s = strings.TrimPrefix(strings.TrimSuffix(strings.TrimSuffix(s, "{1to8}"), "{1to4}"), "QWORD BCST ")
	a, ok, err := m.addr(p, in, s)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("x86sim: %v: bad operand %q", in, s)
	}
	n := lanes
	if bcst {
		n = 1
	}
	b, err := m.read(p, a, 8*n)
	if err != nil {
		return nil, err
	}
	v := make([]uint64, lanes)
	for i := range v {
		if bcst {
			v[i] = binary.LittleEndian.Uint64(b)
		} else {
			v[i] = binary.LittleEndian.Uint64(b[8*i:])
		}
	}
	return v, nil
}

// read returns n bytes at addr from the machine's regions or, failing
// that, from the executable's image (constant tables).
func (m *Machine) read(p *Program, addr uint64, n int) ([]byte, error) {
	if b, err := m.bytesAt(addr, n); err == nil {
		return b, nil
	}
	return p.read(addr, n)
}

// setVec writes a VEX/EVEX destination: the lanes given, upper lanes zeroed.
func (m *Machine) setVec(r int, v []uint64) {
	m.Z[r] = [8]uint64{}
	copy(m.Z[r][:], v)
}

func imm8(s string) (uint64, error) {
	return strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 8)
}

// Run interprets p from its first instruction until its RET and returns the
// number of instructions executed. Branches go to instructions of p.
func (m *Machine) Run(p *Program) (int, error) {
	index := make(map[uint64]int, len(p.Insts))
	for i, in := range p.Insts {
		index[in.Addr] = i
	}
	for pc, steps := 0, 1; pc < len(p.Insts) && steps <= maxSteps; steps++ {
		in := p.Insts[pc]
		m.taken = false
		done, err := m.step(p, in)
		if err != nil {
			return steps, err
		}
		if done {
			return steps, nil
		}
		pc++
		if m.taken {
			var ok bool
			if pc, ok = index[m.target]; !ok {
				return steps, fmt.Errorf("x86sim: %v: branch out of the function", in)
			}
		}
	}
	return 0, errors.New("x86sim: no RET reached")
}

// gpr maps a 64- or 32-bit general-purpose register name to its 64-bit
// name and width in bits.
func gpr(s string) (string, int, bool) {
	switch s {
	case "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
		"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15":
		return s, 64, true
	case "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp":
		return "r" + s[1:], 32, true
	case "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d":
		return strings.TrimSuffix(s, "d"), 32, true
	}
	return "", 0, false
}

// scalar reads a general-purpose register or an immediate operand.
func (m *Machine) scalar(in Inst, s string) (uint64, error) {
	if r, w, ok := gpr(s); ok {
		v, ok := m.GPR[r]
		if !ok {
			return 0, fmt.Errorf("x86sim: %v: register %s has no value", in, r)
		}
		if w == 32 {
			v = uint64(uint32(v))
		}
		return v, nil
	}
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 64)
	if err != nil {
		return 0, fmt.Errorf("x86sim: %v: bad operand %q", in, s)
	}
	return v, nil
}

// gprStep models the general-purpose instructions of the kernels' loops.
func (m *Machine) gprStep(p *Program, in Inst) (bool, error) {
	a := in.Args
	if strings.HasPrefix(in.Mnemonic, "j") {
		if len(a) != 1 {
			return false, fmt.Errorf("x86sim: %v: bad branch", in)
		}
		t, err := strconv.ParseUint(strings.TrimPrefix(strings.Fields(a[0])[0], "0x"), 16, 64)
		if err != nil {
			return false, fmt.Errorf("x86sim: %v: bad branch target", in)
		}
		var take bool
		switch in.Mnemonic {
		case "jmp":
			take = true
		case "jne", "jnz":
			take = !m.zf
		case "je", "jz":
			take = m.zf
		case "jb", "jc", "jnae":
			take = m.cf
		case "jae", "jnb", "jnc":
			take = !m.cf
		case "jbe":
			take = m.cf || m.zf
		case "ja":
			take = !m.cf && !m.zf
		case "jl":
			take = m.sf != m.of
		case "jge":
			take = m.sf == m.of
		default:
			return false, fmt.Errorf("x86sim: %v: instruction not modelled", in)
		}
		m.target, m.taken = t, take
		return true, nil
	}
	if len(a) == 0 || len(a) > 2 {
		return false, nil
	}
	dst, w, ok := gpr(a[0])
	if !ok {
		return false, nil
	}
	set := func(v uint64) {
		if w == 32 {
			v = uint64(uint32(v)) // 32-bit writes zero the upper half
		}
		m.GPR[dst] = v
	}
	// arith sets the flags of x op y = r (64-bit operands).
	arith := func(x, y, r uint64, sub bool) {
		m.zf, m.sf = r == 0, int64(r) < 0
		if sub {
			m.cf = x < y
			m.of = (int64(x) < 0) != (int64(y) < 0) && (int64(r) < 0) != (int64(x) < 0)
		} else {
			m.cf = r < x
			m.of = (int64(x) < 0) == (int64(y) < 0) && (int64(r) < 0) != (int64(x) < 0)
		}
	}
	if w != 64 && in.Mnemonic != "xor" && in.Mnemonic != "mov" {
		return false, fmt.Errorf("x86sim: %v: only 64-bit arithmetic is modelled", in)
	}
	switch in.Mnemonic {
	case "inc", "dec":
		if len(a) != 1 {
			return false, fmt.Errorf("x86sim: %v: bad operands", in)
		}
		x := m.GPR[dst]
		r := x + 1
		if in.Mnemonic == "dec" {
			r = x - 1
		}
		cf := m.cf // INC and DEC leave CF alone
		arith(x, 1, r, in.Mnemonic == "dec")
		m.cf = cf
		set(r)
		return true, nil
	}
	if len(a) != 2 {
		return false, fmt.Errorf("x86sim: %v: bad operands", in)
	}
	switch in.Mnemonic {
	case "lea":
		ad, isMem, err := m.addr(p, in, a[1])
		if err != nil || !isMem {
			return false, fmt.Errorf("x86sim: %v: bad address", in)
		}
		set(ad)
		return true, nil
	case "mov":
		if ad, isMem, err := m.addr(p, in, a[1]); isMem {
			if err != nil || !strings.HasPrefix(a[1], "QWORD") {
				return false, fmt.Errorf("x86sim: %v: only 64-bit loads are modelled", in)
			}
			b, err := m.read(p, ad, 8)
			if err != nil {
				return false, err
			}
			set(binary.LittleEndian.Uint64(b))
			return true, nil
		}
		v, err := m.scalar(in, a[1])
		if err != nil {
			return false, err
		}
		set(v)
		return true, nil
	}
	if in.Mnemonic == "xor" {
		if a[0] != a[1] {
			return false, fmt.Errorf("x86sim: %v: only zeroing XOR is modelled", in)
		}
		m.zf, m.cf, m.sf, m.of = true, false, false, false
		set(0)
		return true, nil
	}
	x, err := m.scalar(in, a[0])
	if err != nil {
		return false, err
	}
	y, err := m.scalar(in, a[1])
	if err != nil {
		return false, err
	}
	switch in.Mnemonic {
	case "add":
		arith(x, y, x+y, false)
		set(x + y)
	case "sub":
		arith(x, y, x-y, true)
		set(x - y)
	case "cmp":
		arith(x, y, x-y, true)
	default:
		return false, fmt.Errorf("x86sim: %v: instruction not modelled", in)
	}
	return true, nil
}

func (m *Machine) step(p *Program, in Inst) (bool, error) {
	a := in.Args
	arity := func(n int) error {
		if len(a) != n {
			return fmt.Errorf("x86sim: %v: want %d operands", in, n)
		}
		return nil
	}
	if !strings.HasPrefix(in.Mnemonic, "v") && in.Mnemonic != "ret" {
		if ok, err := m.gprStep(p, in); ok || err != nil {
			return false, err
		}
		return false, fmt.Errorf("x86sim: %v: instruction not modelled", in)
	}
	switch in.Mnemonic {
	case "ret":
		return true, nil
	case "vzeroupper":
		for r := 0; r < 16; r++ {
			m.Z[r] = [8]uint64{m.Z[r][0], m.Z[r][1]}
		}
		return false, nil
	case "vmovdqu64", "vmovdqa64", "vmovdqu", "vmovdqa":
		if err := arity(2); err != nil {
			return false, err
		}
		if r, w, ok := vec(a[0]); ok {
			v, err := m.load(p, in, a[1], w)
			if err != nil {
				return false, err
			}
			m.setVec(r, v)
			return false, nil
		}
		r, w, ok := vec(a[1])
		if !ok {
			return false, fmt.Errorf("x86sim: %v: bad operands", in)
		}
		ad, isMem, err := m.addr(p, in, a[0])
		if err != nil || !isMem {
			return false, fmt.Errorf("x86sim: %v: bad destination", in)
		}
		b, err := m.bytesAt(ad, 8*w)
		if err != nil {
			return false, err
		}
		for i := 0; i < w; i++ {
			binary.LittleEndian.PutUint64(b[8*i:], m.Z[r][i])
		}
		return false, nil
	case "vpermi2q":
		// SDM: the destination holds the indices; index bits below
		// log2(2·lanes) pick a lane of the concatenation of the two
		// sources (first source: lanes 0…lanes-1).
		if err := arity(3); err != nil {
			return false, err
		}
		d, w, src, err := m.operands(p, in, 2)
		if err != nil {
			return false, err
		}
		r := make([]uint64, w)
		for i := range r {
			sel := int(m.Z[d][i] % uint64(2*w))
			r[i] = src[sel/w][sel%w]
		}
		m.setVec(d, r)
		return false, nil
	case "vinserti64x4":
		// The first source with its 256-bit half imm&1 replaced by the
		// second source (a YMM register or 32 bytes of memory).
		if err := arity(4); err != nil {
			return false, err
		}
		d, w, ok := vec(a[0])
		s1, w1, ok1 := vec(a[1])
		if !ok || !ok1 || w != 8 || w1 != 8 {
			return false, fmt.Errorf("x86sim: %v: bad operands", in)
		}
		half, err := m.load(p, in, a[2], 4)
		if err != nil {
			return false, err
		}
		imm, err := imm8(a[3])
		if err != nil {
			return false, fmt.Errorf("x86sim: %v: %v", in, err)
		}
		v := m.Z[s1]
		copy(v[4*(imm&1):], half)
		m.setVec(d, v[:])
		return false, nil
	case "vextracti64x4":
		// The 256-bit half imm&1 of the source, to a YMM register (upper
		// lanes zeroed) or 32 bytes of memory.
		if err := arity(3); err != nil {
			return false, err
		}
		sr, w, ok := vec(a[1])
		if !ok || w != 8 {
			return false, fmt.Errorf("x86sim: %v: bad source", in)
		}
		imm, err := imm8(a[2])
		if err != nil {
			return false, fmt.Errorf("x86sim: %v: %v", in, err)
		}
		var half [4]uint64 // a copy: the destination may be the source
		copy(half[:], m.Z[sr][4*(imm&1):])
		if d, w, ok := vec(a[0]); ok && w == 4 {
			m.setVec(d, half[:])
			return false, nil
		}
		ad, isMem, err := m.addr(p, in, a[0])
		if err != nil || !isMem {
			return false, fmt.Errorf("x86sim: %v: bad destination", in)
		}
		b, err := m.bytesAt(ad, 32)
		if err != nil {
			return false, err
		}
		for i, x := range half {
			binary.LittleEndian.PutUint64(b[8*i:], x)
		}
		return false, nil
	case "vpbroadcastq":
		if err := arity(2); err != nil {
			return false, err
		}
		d, w, ok := vec(a[0])
		if !ok {
			return false, fmt.Errorf("x86sim: %v: bad destination", in)
		}
		var v uint64
		if r, _, ok := vec(a[1]); ok {
			v = m.Z[r][0]
		} else {
			ad, isMem, err := m.addr(p, in, a[1])
			if err != nil || !isMem {
				return false, fmt.Errorf("x86sim: %v: bad source", in)
			}
			b, err := m.read(p, ad, 8)
			if err != nil {
				return false, err
			}
			v = binary.LittleEndian.Uint64(b)
		}
		x := make([]uint64, w)
		for i := range x {
			x[i] = v
		}
		m.setVec(d, x)
		return false, nil
	}
	op, ok := laneOps[in.Mnemonic]
	if !ok {
		return false, fmt.Errorf("x86sim: %v: instruction not modelled", in)
	}
	n := op.srcs
	if op.imm {
		if err := arity(n + 2); err != nil {
			return false, err
		}
	} else if err := arity(n + 1); err != nil {
		return false, err
	}
	d, w, src, err := m.operands(p, in, n)
	if err != nil {
		return false, err
	}
	var imm uint64
	if op.imm {
		if imm, err = imm8(a[n+1]); err != nil {
			return false, fmt.Errorf("x86sim: %v: %v", in, err)
		}
	}
	r := make([]uint64, w)
	lane := make([]uint64, n)
	for i := range r {
		for j := range lane {
			lane[j] = src[j][i]
		}
		r[i] = op.f(m.Z[d][i], lane, imm)
	}
	m.setVec(d, r)
	return false, nil
}

// operands returns the destination register of in (its first operand), its
// width in lanes, and the values of the n operands after it.
func (m *Machine) operands(p *Program, in Inst, n int) (int, int, [][]uint64, error) {
	d, w, ok := vec(in.Args[0])
	if !ok {
		return 0, 0, nil, fmt.Errorf("x86sim: %v: bad destination", in)
	}
	src := make([][]uint64, n)
	for j := range src {
		var err error
		if src[j], err = m.load(p, in, in.Args[1+j], w); err != nil {
			return 0, 0, nil, err
		}
	}
	return d, w, src, nil
}

// A laneOp models an instruction that computes each 64-bit lane of its
// destination from the same lane of the destination (d) and of its vector
// sources (s), and an optional trailing immediate.
type laneOp struct {
	srcs int
	imm  bool
	f    func(d uint64, s []uint64, imm uint64) uint64
}

const mask52 = 1<<52 - 1

// laneOps follows the SDM, Volume 2, instruction by instruction.
var laneOps = map[string]laneOp{
	"vpxor":   {2, false, func(_ uint64, s []uint64, _ uint64) uint64 { return s[0] ^ s[1] }},
	"vpand":   {2, false, func(_ uint64, s []uint64, _ uint64) uint64 { return s[0] & s[1] }},
	"vpandn":  {2, false, func(_ uint64, s []uint64, _ uint64) uint64 { return ^s[0] & s[1] }},
	"vpor":    {2, false, func(_ uint64, s []uint64, _ uint64) uint64 { return s[0] | s[1] }},
	"vpaddq":  {2, false, func(_ uint64, s []uint64, _ uint64) uint64 { return s[0] + s[1] }},
	"vpsubq":  {2, false, func(_ uint64, s []uint64, _ uint64) uint64 { return s[0] - s[1] }},
	"vpminuq": {2, false, func(_ uint64, s []uint64, _ uint64) uint64 { return min(s[0], s[1]) }},
	// The 104-bit product of the low 52 bits of the sources; its low (LUQ)
	// or high (HUQ) 52 bits are added to the destination.
	"vpmadd52luq": {2, false, func(d uint64, s []uint64, _ uint64) uint64 {
		_, lo := bits.Mul64(s[0]&mask52, s[1]&mask52)
		return d + lo&mask52
	}},
	"vpmadd52huq": {2, false, func(d uint64, s []uint64, _ uint64) uint64 {
		hi, lo := bits.Mul64(s[0]&mask52, s[1]&mask52)
		return d + (hi<<12 | lo>>52)
	}},
	"vpsrlq": {1, true, func(_ uint64, s []uint64, k uint64) uint64 {
		if k > 63 {
			return 0
		}
		return s[0] >> k
	}},
	"vpsllq": {1, true, func(_ uint64, s []uint64, k uint64) uint64 {
		if k > 63 {
			return 0
		}
		return s[0] << k
	}},
	"vprolq": {1, true, func(_ uint64, s []uint64, k uint64) uint64 { return bits.RotateLeft64(s[0], int(k%64)) }},
	"vprorq": {1, true, func(_ uint64, s []uint64, k uint64) uint64 { return bits.RotateLeft64(s[0], -int(k%64)) }},
	// Bit j of the result is bit (d_j·4 + s0_j·2 + s1_j) of the immediate.
	"vpternlogq": {2, true, func(d uint64, s []uint64, t uint64) uint64 {
		var r uint64
		for idx := uint(0); idx < 8; idx++ {
			if t>>idx&1 == 0 {
				continue
			}
			mx, my, mz := d, s[0], s[1]
			if idx&4 == 0 {
				mx = ^mx
			}
			if idx&2 == 0 {
				my = ^my
			}
			if idx&1 == 0 {
				mz = ^mz
			}
			r |= mx & my & mz
		}
		return r
	}},
}

func init() {
	// The EVEX forms with an element-size suffix compute the same.
	for _, op := range []string{"vpxor", "vpand", "vpandn", "vpor"} {
		laneOps[op+"q"] = laneOps[op]
	}
}
