package cttest

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// BlockCounts maps each basic block of a run, identified by the address of
// its first instruction, to its function and to the number of instructions
// executed in it, from valgrind's exp-bbv output.
type BlockCounts struct {
	Func  map[uint64]string
	Count map[uint64]uint64
}

// ParseBBV reads exp-bbv's basic-block-vector file (bb) and the matching
// address file (pc) and sums the counts of all intervals.
func ParseBBV(bb, pc io.Reader) (*BlockCounts, error) {
	res := &BlockCounts{Func: map[uint64]string{}, Count: map[uint64]uint64{}}
	addr := map[uint64]uint64{} // block id → address
	sc := bufio.NewScanner(pc)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		// F:<id>:<hex address>:<function>
		f := strings.SplitN(sc.Text(), ":", 4)
		if len(f) != 4 || f[0] != "F" {
			continue
		}
		id, err1 := strconv.ParseUint(f[1], 10, 64)
		a, err2 := strconv.ParseUint(f[2], 16, 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("cttest: bad pc line %q", sc.Text())
		}
		addr[id] = a
		res.Func[a] = f[3]
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	sc = bufio.NewScanner(bb)
	sc.Buffer(make([]byte, 1<<24), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "T") {
			continue
		}
		// T:<id>:<count> :<id>:<count> …
		for _, item := range strings.Fields(strings.TrimPrefix(line, "T")) {
			f := strings.Split(strings.TrimPrefix(item, ":"), ":")
			if len(f) != 2 {
				continue
			}
			id, err1 := strconv.ParseUint(f[0], 10, 64)
			n, err2 := strconv.ParseUint(f[1], 10, 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("cttest: bad bb item %q", item)
			}
			a, ok := addr[id]
			if !ok {
				return nil, fmt.Errorf("cttest: block %d has no address", id)
			}
			res.Count[a] += n
		}
	}
	return res, sc.Err()
}
