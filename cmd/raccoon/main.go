// Command raccoon generates keys, signs and verifies with the Raccoon
// signature scheme, writes the NIST known-answer-test files, and runs
// Threshold Raccoon sessions.
//
// Usage:
//
//	raccoon kat -params Raccoon-128-1 -count 10 > PQCsignKAT_14800.rsp
//	raccoon keygen -params Raccoon-128-1 -out alice      # alice.pk, alice.sk
//	raccoon sign -key alice.sk -in FILE -out FILE.sig
//	raccoon verify -key alice.pk -in FILE -sig FILE.sig # exit 0 valid, 1 invalid
//
// Every command exits with status 2 on a usage or I/O error, after a
// one-line message on standard error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// A command is one subcommand of the tool. run gets the arguments after the
// subcommand name and returns the exit status.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands maps subcommand names to their implementation; files of this
// package add to it from init functions.
var commands = map[string]command{}

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1 // verify: the signature is not valid
	exitUsage   = 2 // usage or I/O error
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "raccoon: unknown command %q (run 'raccoon help')\n", args[0])
		return exitUsage
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: raccoon <command> [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-10s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun 'raccoon <command> -h' for the flags of a command.")
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("raccoon "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args and returns the exit status to use if parsing
// failed (exitOK for -h) and whether to continue.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage, false
	}
	return 0, true
}

// fail prints a one-line error message and returns exitUsage.
func fail(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "raccoon %s: %v\n", cmd, err)
	return exitUsage
}
