package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress shows "[i/n] label" on a terminal, rewriting one line, and stays
// silent when the output is not a terminal (piped or redirected).
type progress struct {
	w     io.Writer
	on    bool
	n     int
	start time.Time
}

func newProgress(w io.Writer, n int) *progress {
	return &progress{w: w, on: isTerminal(w), n: n, start: time.Now()}
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) update(i int, label string) {
	if p.on {
		fmt.Fprintf(p.w, "\r\033[K[%d/%d] %s (%s elapsed)", i+1, p.n, label, time.Since(p.start).Round(time.Second))
	}
}

// clear erases the progress line so that a normal line can be printed.
func (p *progress) clear() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (p *progress) done() { p.clear() }
