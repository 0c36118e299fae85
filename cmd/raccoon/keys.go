package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/raccoon-go/raccoon/kat"
	"github.com/raccoon-go/raccoon/raccoon"
)

func init() {
	commands["kat"] = command{"write NIST known-answer-test vectors (.rsp text)", runKAT}
	commands["keygen"] = command{"generate a key pair (NAME.pk, NAME.sk)", runKeygen}
	commands["sign"] = command{"sign a file", runSign}
	commands["verify"] = command{"verify a signature (exit 0 valid, 1 invalid)", runVerify}
	commands["params"] = command{"list the parameter sets and their sizes", runParams}
}

func runKAT(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("kat", stderr)
	name := fs.String("params", "Raccoon-128-1", "parameter set")
	count := fs.Int("count", 100, "number of test vectors")
	all := fs.Bool("all", false, "write the files of all 18 sets into -dir and check their digests")
	dir := fs.String("dir", "", "with -all: the `directory` for the PQCsignKAT_<sk bytes>.rsp files")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *count < 0 || *count > 10000 {
		return fail(stderr, "kat", errors.New("-count must be between 0 and 10000"))
	}
	if *all {
		if *dir == "" {
			return fail(stderr, "kat", errors.New("-all needs -dir"))
		}
		return katAll(*dir, *count, stdout, stderr)
	}
	p, err := raccoon.ParamsByName(*name)
	if err != nil {
		return fail(stderr, "kat", err)
	}
	if err := kat.WriteRSP(stdout, p, *count); err != nil {
		return fail(stderr, "kat", err)
	}
	return exitOK
}

// katAll writes the response files of all sets into dir, printing one line
// per file with its digest and whether it matches the published one.
func katAll(dir string, count int, stdout, stderr io.Writer) int {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(stderr, "kat", err)
	}
	prog := newProgress(stderr, len(raccoon.AllParams()))
	mismatches := 0
	for i, p := range raccoon.AllParams() {
		prog.update(i, p.String())
		path := filepath.Join(dir, kat.FileName(p))
		f, err := os.Create(path)
		if err != nil {
			prog.done()
			return fail(stderr, "kat", err)
		}
		h := sha256.New()
		err = kat.WriteRSP(io.MultiWriter(f, h), p, count)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			prog.done()
			return fail(stderr, "kat", err)
		}
		got := hex.EncodeToString(h.Sum(nil))
		status := "no published digest for this count"
		if want, ok := kat.Digest(p, count); ok {
			status = "matches the published digest"
			if got != want {
				status = "MISMATCH: published " + want
				mismatches++
			}
		}
		prog.clear()
		fmt.Fprintf(stdout, "%s  %s  %s: %s\n", got, kat.FileName(p), p, status)
	}
	prog.done()
	if mismatches > 0 {
		fmt.Fprintf(stderr, "raccoon kat: %d files do not match their published digests\n", mismatches)
		return exitInvalid
	}
	return exitOK
}

func runParams(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("params", stderr)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	fmt.Fprintf(stdout, "%-16s %6s %7s %9s %9s %9s\n", "name", "level", "shares", "pk bytes", "sk bytes", "sig bytes")
	for _, p := range raccoon.AllParams() {
		fmt.Fprintf(stdout, "%-16s %6d %7d %9d %9d %9d\n", p, p.SecurityLevel(), p.Shares(), p.PublicKeySize(), p.PrivateKeySize(), p.SignatureSize())
	}
	return exitOK
}

func runKeygen(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("keygen", stderr)
	name := fs.String("params", "Raccoon-128-1", "parameter set")
	out := fs.String("out", "", "write the keys to `NAME`.pk and NAME.sk (required)")
	usePEM := fs.Bool("pem", false, "write PEM files (with the parameter set in a header) instead of raw encodings")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *out == "" {
		fmt.Fprintln(stderr, "raccoon keygen: -out is required")
		return exitUsage
	}
	p, err := raccoon.ParamsByName(*name)
	if err != nil {
		return fail(stderr, "keygen", err)
	}
	sk, err := raccoon.GenerateKey(p)
	if err != nil {
		return fail(stderr, "keygen", err)
	}
	defer sk.Destroy()
	skb, pkb := sk.Bytes(), sk.PublicKey().Bytes()
	if *usePEM {
		raw := skb
		skb = encodePEM(pemPrivate, p, raw)
		clear(raw)
		pkb = encodePEM(pemPublic, p, pkb)
	}
	defer clear(skb)
	// Create both files exclusively first, so that an existing key is never
	// overwritten and a failure leaves no half-written pair behind.
	skPath, pkPath := *out+".sk", *out+".pk"
	if err := writeNew(skPath, skb, 0o600); err != nil {
		return fail(stderr, "keygen", err)
	}
	if err := writeNew(pkPath, pkb, 0o644); err != nil {
		os.Remove(skPath)
		return fail(stderr, "keygen", err)
	}
	return exitOK
}

// writeNew writes data to a new file; it fails if the file exists.
func writeNew(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists; refusing to overwrite it", path)
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

func runSign(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("sign", stderr)
	keyPath := fs.String("key", "", "private key `file` (required)")
	in := fs.String("in", "", "`file` to sign, - for standard input (required)")
	out := fs.String("out", "", "signature `file` to create, - for standard output (required)")
	force := fs.Bool("force", false, "overwrite an existing signature file")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *keyPath == "" || *in == "" || *out == "" {
		fmt.Fprintln(stderr, "raccoon sign: -key, -in and -out are required")
		return exitUsage
	}
	sk, err := loadPrivateKey(*keyPath)
	if err != nil {
		return fail(stderr, "sign", err)
	}
	defer sk.Destroy()
	msg, err := readInput(*in)
	if err != nil {
		return fail(stderr, "sign", err)
	}
	sig, err := sk.Sign(nil, msg, nil)
	if err != nil {
		return fail(stderr, "sign", err)
	}
	if err := writeOutput(*out, sig, *force, stdout); err != nil {
		return fail(stderr, "sign", err)
	}
	return exitOK
}

func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("verify", stderr)
	keyPath := fs.String("key", "", "public key `file` (required)")
	in := fs.String("in", "", "signed `file`, - for standard input (required)")
	sigPath := fs.String("sig", "", "signature `file` (required)")
	quiet := fs.Bool("q", false, "print nothing; report only through the exit status")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *keyPath == "" || *in == "" || *sigPath == "" {
		fmt.Fprintln(stderr, "raccoon verify: -key, -in and -sig are required")
		return exitUsage
	}
	pk, err := loadPublicKey(*keyPath)
	if err != nil {
		return fail(stderr, "verify", err)
	}
	sig, err := os.ReadFile(*sigPath)
	if err != nil {
		return fail(stderr, "verify", err)
	}
	msg, err := readInput(*in)
	if err != nil {
		return fail(stderr, "verify", err)
	}
	if err := raccoon.Verify(pk, msg, sig); err != nil {
		if !*quiet {
			fmt.Fprintln(stderr, "raccoon verify: invalid signature")
		}
		return exitInvalid
	}
	if !*quiet {
		fmt.Fprintln(stdout, "OK")
	}
	return exitOK
}

// loadPrivateKey reads a private key file: a PEM block, or a raw encoding
// whose size identifies the parameter set.
func loadPrivateKey(path string) (*raccoon.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	defer clear(b)
	if isPEM(b) {
		p, der, err := decodePEM(b, pemPrivate)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer clear(der)
		sk, err := raccoon.NewPrivateKey(p, der)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return sk, nil
	}
	for _, p := range raccoon.AllParams() {
		if len(b) == p.PrivateKeySize() {
			sk, err := raccoon.NewPrivateKey(p, b)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			return sk, nil
		}
	}
	return nil, fmt.Errorf("%s: not a Raccoon private key (%d bytes)", path, len(b))
}

// loadPublicKey reads a public key file: a PEM block, or a raw encoding
// whose size identifies the security level, which is all verification
// depends on.
func loadPublicKey(path string) (*raccoon.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if isPEM(b) {
		p, der, err := decodePEM(b, pemPublic)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		pk, err := raccoon.NewPublicKey(p, der)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return pk, nil
	}
	for _, p := range raccoon.AllParams() {
		if p.Shares() == 1 && len(b) == p.PublicKeySize() {
			pk, err := raccoon.NewPublicKey(p, b)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			return pk, nil
		}
	}
	return nil, fmt.Errorf("%s: not a Raccoon public key (%d bytes)", path, len(b))
}

func readInput(path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(path)
}

func writeOutput(path string, data []byte, force bool, stdout io.Writer) error {
	if path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	if !force {
		return writeNew(path, data, 0o644)
	}
	return os.WriteFile(path, data, 0o644)
}
