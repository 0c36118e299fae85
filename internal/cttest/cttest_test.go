package cttest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var valgrind = flag.Bool("cttest.valgrind", false, "run the valgrind constant-time check (needs valgrind; minutes)")

// publicOnly lists the functions (by name prefix, after the module path)
// whose control flow may depend on the key through public or discarded
// data only, with the reason.
var publicOnly = []struct{ prefix, reason string }{
	{"internal/encoding.EncodeSignature", "signature encoding: the signature is public"},
	{"internal/encoding.bitWriter.", "signature encoding"},
	{"internal/encoding.writeResponses", "signature encoding"},
	{"internal/scheme.checkBounds", "CheckBounds on public h and z (specification Section 2.6)"},
	{"internal/scheme.chalPoly", "the challenge is public"},
	{"internal/xof.ChalPoly", "the challenge is public"},
	{"internal/xof.SampleQ", "rejections depend only on discarded candidates (SampleQ, SampleQLanes)"},
	{"internal/xof.ParseQ", "SampleQ's rejection step: its loop ends after a count of accepted candidates, which depends only on the rejections"},
	{"internal/keccak.", "as many permutations as SampleQ's rejections need; each is constant time (fixed block counts per call)"},
	{"masking.(*healthy).Uniform", "rejections depend only on discarded generator output"},
	{"masking.(*streamBuf).check", "runs once per generator chunk; the number of chunks depends on rejections"},
	{"masking.(*aesSource).fill", "runs once per generator chunk"},
	{"masking.(*chachaSource).fill", "runs once per generator chunk"},
	{"masking.(*readerSource).fill", "runs once per generator chunk"},
}

func allowed(name string) (string, bool) {
	for _, a := range publicOnly {
		if strings.HasPrefix(name, a.prefix) {
			return a.reason, true
		}
	}
	return "", false
}

func module(fn string) (string, bool) {
	if fn == "main.leakyBranch" { // the negative control, in the driver
		return fn, true
	}
	const prefix = "github.com/raccoon-go/raccoon/"
	i := strings.Index(fn, prefix)
	if i < 0 {
		return "", false
	}
	name := fn[i+len(prefix):]
	if strings.HasPrefix(name, "internal/cttest") {
		return "", false // the driver itself
	}
	return name, true
}

func runBBV(t *testing.T, bin string, variant int, extra ...string) *BlockCounts {
	dir := t.TempDir()
	bb, pc := filepath.Join(dir, "bb.out"), filepath.Join(dir, "pc.out")
	args := []string{"--tool=exp-bbv", "--interval-size=10000000", "--bb-out-file=" + bb, "--pc-out-file=" + pc,
		bin, "-variant", fmt.Sprint(variant), "-n", "2", "-params", "Raccoon-128-4"}
	cmd := exec.Command("valgrind", append(args, extra...)...)
	// Valgrind cannot follow Go's asynchronous preemption signals; one
	// thread and no garbage collection keep the runs comparable.
	cmd.Env = append(os.Environ(), "GODEBUG=asyncpreemptoff=1", "GOGC=off", "GOMAXPROCS=1")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("valgrind: %v\n%s", err, b)
	}
	fb, err := os.Open(bb)
	if err != nil {
		t.Fatal(err)
	}
	defer fb.Close()
	fp, err := os.Open(pc)
	if err != nil {
		t.Fatal(err)
	}
	defer fp.Close()
	res, err := ParseBBV(fb, fp)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSignConstantTime signs with two different key pairs and identical
// randomness under valgrind's exp-bbv, for the default (assembly) and
// purego builds, and requires every basic block of every function of the
// module outside the allowlist to execute the same number of instructions
// in both runs: a branch that depends on the key would change some count.
func TestSignConstantTime(t *testing.T) {
	if !*valgrind {
		t.Skip("run with -cttest.valgrind")
	}
	if _, err := exec.LookPath("valgrind"); err != nil {
		t.Skip("valgrind not installed")
	}
	for _, tc := range []struct {
		tags  string
		extra []string
	}{{"", nil}, {"purego", nil}, {"", []string{"-leaky"}}} {
		tags := tc.tags
		name := "tags=" + tags
		if tc.extra != nil {
			name = "negative-control"
		}
		t.Run(name, func(t *testing.T) {
			bin := filepath.Join(t.TempDir(), "ctsign")
			args := []string{"build", "-o", bin}
			if tags != "" {
				args = append(args, "-tags", tags)
			}
			build := exec.Command("go", append(args, "./ctsign")...)
			if b, err := build.CombinedOutput(); err != nil {
				t.Fatalf("build: %v\n%s", err, b)
			}
			a, b := runBBV(t, bin, 0, tc.extra...), runBBV(t, bin, 1, tc.extra...)
			od := exec.Command("go", "tool", "objdump", "-s", "github.com/raccoon-go/raccoon/|main.leakyBranch", bin)
			odOut, err := od.Output()
			if err != nil {
				t.Fatalf("objdump: %v", err)
			}
			layout, err := ParseObjdump(bytes.NewReader(odOut))
			if err != nil {
				t.Fatal(err)
			}
			cold := 0
			funcs := map[string]bool{}
			blocks, differ := 0, 0
			reported := map[string]bool{}
			for addr, fn := range a.Func {
				name, ok := module(fn)
				if !ok {
					continue
				}
				funcs[name] = true
				blocks++
				if a.Count[addr] == b.Count[addr] {
					continue
				}
				if layout.Cold(fn, addr) {
					cold++
					continue
				}
				if reason, ok := allowed(name); ok {
					if !reported[name] {
						t.Logf("%s: block counts differ (allowed: %s)", name, reason)
						reported[name] = true
					}
					continue
				}
				differ++
				if tc.extra == nil {
					t.Errorf("%s: block at %#x executed %d vs %d instructions", name, addr, a.Count[addr], b.Count[addr])
				}
			}
			for addr, fn := range b.Func {
				if _, ok := a.Func[addr]; !ok {
					if name, ok := module(fn); ok && !layout.Cold(fn, addr) {
						if _, ok := allowed(name); !ok {
							t.Errorf("%s: block at %#x runs only with the second key", name, addr)
						}
					}
				}
			}
			var names []string
			for name := range funcs {
				names = append(names, name)
			}
			sort.Strings(names)
			t.Logf("%d basic blocks in %d functions of the module compared, %d differ outside the allowlist; %d entry or cold blocks differ (preemption at function prologues)", blocks, len(names), differ, cold)
			if tc.extra != nil {
				if differ == 0 {
					t.Errorf("negative control: the secret-dependent branch of leakyBranch was not detected")
				} else {
					t.Logf("negative control: %d blocks differ, as they must", differ)
				}
			}
			if len(names) < 20 {
				t.Errorf("only %d functions compared: the output was not parsed", len(names))
			}
		})
	}
}
