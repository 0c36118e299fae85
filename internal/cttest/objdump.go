package cttest

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// FuncLayout gives, for each function, the address of its entry, of the
// end of its stack-check prologue and of its last RET instruction, from `go
// tool objdump` output.
type FuncLayout struct {
	Entry       map[string]uint64
	PrologueEnd map[string]uint64 // the conditional jump to runtime.morestack
	LastRet     map[string]uint64
	seen        map[string]int
}

// ParseObjdump reads the output of `go tool objdump`.
func ParseObjdump(r io.Reader) (*FuncLayout, error) {
	l := &FuncLayout{Entry: map[string]uint64{}, PrologueEnd: map[string]uint64{}, LastRet: map[string]uint64{}, seen: map[string]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var fn string
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "TEXT ") {
			f := strings.Fields(line)
			fn = strings.TrimSuffix(f[1], "(SB)")
			continue
		}
		f := strings.Fields(line)
		if fn == "" || len(f) < 4 || !strings.HasPrefix(f[1], "0x") {
			continue
		}
		addr, err := strconv.ParseUint(f[1][2:], 16, 64)
		if err != nil {
			continue
		}
		if _, ok := l.Entry[fn]; !ok {
			l.Entry[fn] = addr
		}
		// The stack check is a conditional jump within the first few
		// instructions (after the frame size is computed for big frames).
		// Big frames first check that SP - frame does not wrap (JB), then
		// compare with the stack guard (JBE; BLS on arm64).
		l.seen[fn]++
		conditional := (strings.HasPrefix(f[3], "J") && f[3] != "JMP") || f[3] == "BLS" || f[3] == "BCC" || f[3] == "BCS"
		if l.seen[fn] <= 6 && conditional {
			l.PrologueEnd[fn] = addr
		}
		if f[3] == "RET" {
			l.LastRet[fn] = addr
		}
	}
	return l, sc.Err()
}

// Cold reports whether the block at addr of function fn belongs to the
// function's stack-check prologue or lies after its last RET (where the
// compiler puts the calls to runtime.morestack and the panic paths).
// Prologue blocks run once more whenever the scheduler preempts a goroutine
// at a function prologue, which happens at times that have nothing to do
// with the data.
func (l *FuncLayout) Cold(fn string, addr uint64) bool {
	e, ok := l.Entry[fn]
	if ok && addr == e {
		return true
	}
	if pe, ok2 := l.PrologueEnd[fn]; ok && ok2 && addr >= e && addr <= pe {
		return true
	}
	r, ok := l.LastRet[fn]
	return ok && addr > r
}
