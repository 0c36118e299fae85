// Command raccoon-bench measures Raccoon key generation, signing and
// verification and prints a table of median time, bytes allocated and peak
// live heap per operation and parameter set. It is meant to be
// cross-compiled for boards (see bench/README.md):
//
//	GOOS=linux GOARCH=arm64 go build -o raccoon-bench.arm64 ./bench/cmd/raccoon-bench
//	GOOS=linux GOARCH=arm GOARM=7 go build -o raccoon-bench.armv7 ./bench/cmd/raccoon-bench
//
// With -impl=all it repeats the measurements for every implementation of the
// assembly kernels the CPU supports and for the generic Go code.
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/raccoon-go/raccoon/bench"
	"github.com/raccoon-go/raccoon/internal/impl"
	"github.com/raccoon-go/raccoon/raccoon"
)

func main() {
	n := flag.Int("n", 25, "runs per operation (the median is reported)")
	sets := flag.String("params", "Raccoon-128-1|Raccoon-128-8|Raccoon-128-32", "`regexp` of parameter set names")
	ops := flag.String("ops", "KeyGen,Sign,Verify", "comma-separated operations")
	implFlag := flag.String("impl", "default", "kernels to measure: default (best available), generic, all (each in turn), or a name such as ntt/AVX2")
	flag.Parse()

	re, err := regexp.Compile("^(" + *sets + ")$")
	if err != nil {
		fmt.Fprintln(os.Stderr, "raccoon-bench: -params:", err)
		os.Exit(2)
	}
	configs, err := implConfigs(*implFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "raccoon-bench:", err)
		os.Exit(2)
	}
	fmt.Printf("raccoon-bench: %s/%s, %d CPUs, %s, %d runs per operation\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), *n)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "set\top\tkernels\tmedian\tallocated B\tpeak heap B\t")
	for _, c := range configs {
		c.apply()
		for _, p := range raccoon.AllParams() {
			if !re.MatchString(p.String()) {
				continue
			}
			for _, op := range strings.Split(*ops, ",") {
				r, err := bench.Measure(p, strings.TrimSpace(op), *n)
				if err != nil {
					fmt.Fprintf(os.Stderr, "raccoon-bench: %s %s: %v\n", p, op, err)
					os.Exit(2)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t\n", p, r.Op, c.name, fmtDuration(r.Median), r.Allocated, r.PeakHeap)
			}
		}
		tw.Flush()
	}
	for _, pkg := range impl.Packages() {
		impl.Reset(pkg)
	}
}

func fmtDuration(d time.Duration) string {
	return fmt.Sprintf("%.3f ms", float64(d)/float64(time.Millisecond))
}

type implConfig struct {
	name  string
	apply func()
}

// implConfigs turns -impl into a list of kernel selections.
func implConfigs(flagValue string) ([]implConfig, error) {
	reset := func() {
		for _, pkg := range impl.Packages() {
			impl.Reset(pkg)
		}
	}
	generic := implConfig{"generic", func() {
		for _, pkg := range impl.Packages() {
			impl.Select(pkg, "")
		}
	}}
	switch flagValue {
	case "default":
		return []implConfig{{"default", reset}}, nil
	case "generic":
		return []implConfig{generic}, nil
	case "all":
		out := []implConfig{{"default", reset}}
		for _, pkg := range impl.Packages() {
			for _, name := range impl.List(pkg) {
				if !impl.Available(pkg, name) {
					continue
				}
				pkg, name := pkg, name
				out = append(out, implConfig{pkg + "/" + name + " only", func() {
					generic.apply()
					impl.Select(pkg, name)
				}})
			}
		}
		return append(out, generic), nil
	}
	pkg, name, ok := strings.Cut(flagValue, "/")
	if !ok || !impl.Available(pkg, name) {
		return nil, fmt.Errorf("-impl %q: not an available implementation (have %s)", flagValue, available())
	}
	return []implConfig{{flagValue, func() { reset(); impl.Select(pkg, name) }}}, nil
}

func available() string {
	var names []string
	for _, pkg := range impl.Packages() {
		for _, name := range impl.List(pkg) {
			if impl.Available(pkg, name) {
				names = append(names, pkg+"/"+name)
			}
		}
	}
	if len(names) == 0 {
		return "none: this build is pure Go"
	}
	return strings.Join(names, ", ")
}
