package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strings"
	"text/tabwriter"

	"github.com/raccoon-go/raccoon/bench"
	"github.com/raccoon-go/raccoon/raccoon"
)

func init() {
	commands["bench"] = command{"time KeyGen, Sign and Verify; -svg draws time against shares", runBench}
}

// refTimes are the reference C implementation's times in ms (KeyGen, Sign,
// Verify), one run of its bench.sh built with gcc -Ofast -march=native on the
// AMD EPYC development machine (shared/NOTES.md, section 3), indexed like
// raccoon.AllParams().
var refTimes = [18][3]float64{
	{0.87, 1.39, 0.49}, {0.86, 1.51, 0.47}, {1.09, 1.79, 0.49}, {2.92, 4.86, 0.50}, {4.54, 6.25, 0.50}, {14.8, 21.5, 0.53},
	{1.20, 1.98, 0.78}, {1.29, 2.74, 0.78}, {1.68, 2.97, 0.77}, {4.30, 6.68, 0.77}, {5.30, 8.08, 0.76}, {16.7, 27.6, 0.76},
	{1.83, 2.91, 1.23}, {2.04, 3.17, 1.30}, {2.45, 4.34, 1.25}, {6.94, 10.3, 1.27}, {7.61, 11.2, 1.23}, {22.0, 36.3, 1.44},
}

type benchRow struct {
	p     raccoon.Params
	idx   int
	times [3]float64 // ms: KeyGen, Sign, Verify
}

func runBench(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("bench", stderr)
	sets := fs.String("params", ".*", "`regexp` of parameter set names")
	n := fs.Int("n", 11, "runs per operation (the median is reported)")
	svg := fs.String("svg", "", "also draw KeyGen and Sign time against the number of shares into this SVG `file`")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	re, err := regexp.Compile("^(" + *sets + ")$")
	if err != nil {
		return fail(stderr, "bench", err)
	}
	if *n < 1 || *n > 100000 {
		return fail(stderr, "bench", errors.New("-n must be between 1 and 100000"))
	}
	var rows []benchRow
	all := raccoon.AllParams()
	selected := 0
	for _, p := range all {
		if re.MatchString(p.String()) {
			selected++
		}
	}
	if selected == 0 {
		return fail(stderr, "bench", fmt.Errorf("no parameter set matches %q", *sets))
	}
	prog := newProgress(stderr, selected)
	for i, p := range all {
		if !re.MatchString(p.String()) {
			continue
		}
		prog.update(len(rows), p.String())
		row := benchRow{p: p, idx: i}
		for j, op := range bench.Ops {
			r, err := bench.Measure(p, op, *n)
			if err != nil {
				prog.done()
				return fail(stderr, "bench", err)
			}
			row.times[j] = float64(r.Median.Nanoseconds()) / 1e6
		}
		rows = append(rows, row)
	}
	prog.done()
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "set\tKeyGen ms\tSign ms\tVerify ms\tref KeyGen\tref Sign\tref Verify\tSign vs ref\t")
	for _, r := range rows {
		ref := refTimes[r.idx]
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.2f\t%.2f\t%.2f\t%.2fx\t\n", r.p, r.times[0], r.times[1], r.times[2], ref[0], ref[1], ref[2], r.times[1]/ref[1])
	}
	tw.Flush()
	fmt.Fprintln(stdout, "ref: reference C (gcc -Ofast -march=native), AMD EPYC development machine, from shared/NOTES.md; measure both in one run to compare.")
	if *svg != "" {
		if err := os.WriteFile(*svg, []byte(benchSVG(rows)), 0o644); err != nil {
			return fail(stderr, "bench", err)
		}
	}
	return exitOK
}

// benchSVG draws, for each security level, KeyGen and Sign time against the
// number of shares d on log-log axes (like Figure 3 of the specification):
// this implementation in solid lines, the reference in dashed lines.
func benchSVG(rows []benchRow) string {
	const (
		w, h          = 760, 480
		left, right   = 70, 200
		top, bottom   = 40, 60
		plotW, plotH  = w - left - right, h - top - bottom
		minD, maxD    = 1.0, 32.0
		minMs, maxMs0 = 0.01, 100.0
	)
	maxMs := maxMs0
	for _, r := range rows {
		maxMs = math.Max(maxMs, r.times[1]*1.5)
	}
	x := func(d float64) float64 { return left + plotW*math.Log2(d/minD)/math.Log2(maxD/minD) }
	y := func(ms float64) float64 {
		ms = math.Max(ms, minMs)
		return top + plotH*(1-math.Log10(ms/minMs)/math.Log10(maxMs/minMs))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", w, h)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", w, h)
	fmt.Fprintf(&b, `<text x="%d" y="22" font-size="15">Raccoon: KeyGen and Sign time against the number of shares d</text>`+"\n", left)
	// Grid and axes.
	for d := 1.0; d <= maxD; d *= 2 {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`+"\n", x(d), top, x(d), top+plotH)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%g</text>`+"\n", x(d), top+plotH+18, d)
	}
	for ms := minMs; ms <= maxMs*1.0001; ms *= 10 {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`+"\n", left, y(ms), left+plotW, y(ms))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%g ms</text>`+"\n", left-6, y(ms)+4, ms)
	}
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>`+"\n", left, top, plotW, plotH)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">number of shares d</text>`+"\n", left+plotW/2, h-18)
	colors := map[int]string{128: "#1f77b4", 192: "#2ca02c", 256: "#d62728"}
	legend := 0
	for _, level := range []int{128, 192, 256} {
		for op, name := range []string{"KeyGen", "Sign"} {
			var ours, ref []string
			for _, r := range rows {
				if r.p.SecurityLevel() != level {
					continue
				}
				d := float64(r.p.Shares())
				ours = append(ours, fmt.Sprintf("%.1f,%.1f", x(d), y(r.times[op])))
				ref = append(ref, fmt.Sprintf("%.1f,%.1f", x(d), y(refTimes[r.idx][op])))
			}
			if len(ours) == 0 {
				continue
			}
			width := 2.5
			if op == 0 {
				width = 1.5
			}
			c := colors[level]
			fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="%.1f" points="%s"/>`+"\n", c, width, strings.Join(ours, " "))
			fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="%.1f" stroke-dasharray="6,4" points="%s"/>`+"\n", c, width, strings.Join(ref, " "))
			ly := top + 10 + legend*36
			fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="%.1f"/>`, left+plotW+12, ly, left+plotW+40, ly, c, width)
			fmt.Fprintf(&b, `<text x="%d" y="%d">%d %s (Go)</text>`+"\n", left+plotW+46, ly+4, level, name)
			fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="%.1f" stroke-dasharray="6,4"/>`, left+plotW+12, ly+16, left+plotW+40, ly+16, c, width)
			fmt.Fprintf(&b, `<text x="%d" y="%d">%d %s (ref C)</text>`+"\n", left+plotW+46, ly+20, level, name)
			legend++
		}
	}
	b.WriteString("</svg>\n")
	return b.String()
}
