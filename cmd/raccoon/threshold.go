package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/raccoon-go/raccoon/threshold"
)

func init() {
	commands["threshold"] = command{"Threshold Raccoon: deal, sign with parties over TCP, demo, verify", runThreshold}
}

// thresholdCommands are the subcommands of "raccoon threshold".
var thresholdCommands = map[string]command{
	"demo":   {"run a whole signing session in this process and time each round", runThresholdDemo},
	"deal":   {"trusted dealer: write the public key and the N key shares", runThresholdDeal},
	"party":  {"serve signing sessions for one key share over TCP", runThresholdParty},
	"sign":   {"coordinate a signing session with party processes and combine", runThresholdSign},
	"verify": {"verify a Threshold Raccoon signature (exit 0 valid, 1 invalid)", runThresholdVerify},
}

func runThreshold(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, "usage: raccoon threshold <command> [flags]\n\ncommands:")
		names := make([]string, 0, len(thresholdCommands))
		for name := range thresholdCommands {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			fmt.Fprintf(stderr, "  %-8s %s\n", name, thresholdCommands[name].summary)
		}
		fmt.Fprint(stderr, `
Example, all on one machine:
  raccoon threshold deal -level 128 -t 2 -n 3 -out keys
  raccoon threshold party -share keys/share-0.key -listen 127.0.0.1:7000 &
  raccoon threshold party -share keys/share-2.key -listen 127.0.0.1:7002 &
  raccoon threshold sign -pk keys/public.key -parties 127.0.0.1:7000,127.0.0.1:7002 -in FILE -out FILE.sig
  raccoon threshold verify -pk keys/public.key -in FILE -sig FILE.sig
`)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := thresholdCommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "raccoon threshold: unknown command %q (run 'raccoon threshold help')\n", args[0])
		return exitUsage
	}
	return c.run(args[1:], stdout, stderr)
}

// parseIndexList parses "0,2,4".
func parseIndexList(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("bad party index %q", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// writeNewFile writes data to a new file and syncs it; it fails if the file
// exists.
func writeNewFile(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists; refusing to overwrite it", path)
		}
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// readMessage reads the message to sign or verify: -in FILE (- for
// standard input) or -msg TEXT.
func readMessage(in, text string, haveText bool) ([]byte, error) {
	switch {
	case in != "" && haveText:
		return nil, errors.New("-in and -msg are exclusive")
	case in == "-":
		return io.ReadAll(os.Stdin)
	case in != "":
		return os.ReadFile(in)
	case haveText:
		return []byte(text), nil
	}
	return nil, errors.New("-in or -msg is required")
}

// flagGiven reports whether the flag name was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// --- demo ---------------------------------------------------------------

func runThresholdDemo(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("threshold demo", stderr)
	level := fs.Int("level", 128, "security level: 128, 192 or 256")
	t := fs.Int("t", 3, "threshold `T`")
	n := fs.Int("n", 5, "number of parties `N`")
	signersFlag := fs.String("signers", "", "comma-separated signer `indices` (default 0..T-1)")
	d := fs.Int("d", 1, "number of `shares` holding each key share (1, 2, 4, 8, 16, 32)")
	text := fs.String("msg", "Threshold Raccoon demo", "message to sign")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	const cmd = "threshold demo"
	p, err := threshold.NewParams(*level, *t, *n)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	signers := make([]int, *t)
	for i := range signers {
		signers[i] = i
	}
	if *signersFlag != "" {
		if signers, err = parseIndexList(*signersFlag); err != nil {
			return fail(stderr, cmd, err)
		}
	}
	msg := []byte(*text)

	start := time.Now()
	pk, shares, err := threshold.Deal(p)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	dealTime := time.Since(start)
	for _, ks := range shares {
		if err := ks.SetShares(*d); err != nil {
			return fail(stderr, cmd, err)
		}
	}
	shareBytes, err := shares[0].Bytes()
	if err != nil {
		return fail(stderr, cmd, err)
	}
	fmt.Fprintf(stdout, "%v, signers %v, key shares held in d=%d shares\n", p, signers, *d)
	fmt.Fprintf(stdout, "deal      %10s total      public key %d B, key share %d B\n", ms(dealTime), len(pk.Bytes()), len(shareBytes))

	sid := threshold.NewSessionID(*level)
	sessions := make([]*threshold.Session, 0, len(signers))
	for _, j := range signers {
		if j < 0 || j >= p.N() {
			return fail(stderr, cmd, fmt.Errorf("signer %d out of range", j))
		}
		s, err := threshold.NewSession(shares[j], sid, signers, msg)
		if err != nil {
			return fail(stderr, cmd, err)
		}
		sessions = append(sessions, s)
	}
	per := func(d time.Duration) time.Duration { return d / time.Duration(len(sessions)) }
	// Round 1.
	var r1 []*threshold.Commitment
	start = time.Now()
	for _, s := range sessions {
		m, err := s.Round1()
		if err != nil {
			return fail(stderr, cmd, err)
		}
		r1 = append(r1, m)
	}
	t1 := time.Since(start)
	b1, _ := r1[0].MarshalBinary()
	fmt.Fprintf(stdout, "round 1   %10s per party  message %d B\n", ms(per(t1)), len(b1))
	// Round 2.
	var r2 []*threshold.Reveal
	start = time.Now()
	for _, s := range sessions {
		m, err := s.Round2(r1)
		if err != nil {
			return fail(stderr, cmd, err)
		}
		r2 = append(r2, m)
	}
	t2 := time.Since(start)
	b2, _ := r2[0].MarshalBinary()
	fmt.Fprintf(stdout, "round 2   %10s per party  message %d B\n", ms(per(t2)), len(b2))
	// Round 3.
	var r3 []*threshold.Response
	start = time.Now()
	for _, s := range sessions {
		m, err := s.Round3(r2)
		if err != nil {
			return fail(stderr, cmd, err)
		}
		r3 = append(r3, m)
	}
	t3 := time.Since(start)
	b3, _ := r3[0].MarshalBinary()
	fmt.Fprintf(stdout, "round 3   %10s per party  message %d B\n", ms(per(t3)), len(b3))
	fmt.Fprintf(stdout, "traffic   %d B sent per party\n", len(b1)+len(b2)+len(b3))
	// Combine and verify.
	start = time.Now()
	sig, err := threshold.Combine(pk, sid, msg, r1, r2, r3)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	tc := time.Since(start)
	fmt.Fprintf(stdout, "combine   %10s            signature %d B\n", ms(tc), len(sig))
	start = time.Now()
	err = threshold.Verify(pk, msg, sig)
	tv := time.Since(start)
	if err != nil {
		fmt.Fprintf(stdout, "verify    %10s            INVALID\n", ms(tv))
		return exitInvalid
	}
	fmt.Fprintf(stdout, "verify    %10s            OK\n", ms(tv))
	return exitOK
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d.Nanoseconds())/1e6) }

// --- deal ---------------------------------------------------------------

func runThresholdDeal(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("threshold deal", stderr)
	level := fs.Int("level", 128, "security level: 128, 192 or 256")
	t := fs.Int("t", 2, "threshold `T`")
	n := fs.Int("n", 3, "number of parties `N`")
	d := fs.Int("d", 1, "number of `shares` holding each key share in its file (1, 2, 4, 8, 16, 32)")
	out := fs.String("out", "", "`directory` to create for public.key and share-<i>.key (required)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	const cmd = "threshold deal"
	if *out == "" {
		fmt.Fprintln(stderr, "raccoon threshold deal: -out is required")
		return exitUsage
	}
	p, err := threshold.NewParams(*level, *t, *n)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	if err := os.Mkdir(*out, 0o700); err != nil {
		return fail(stderr, cmd, err)
	}
	pk, shares, err := threshold.Deal(p)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	if err := writeNewFile(filepath.Join(*out, "public.key"), pk.Bytes(), 0o644); err != nil {
		return fail(stderr, cmd, err)
	}
	for _, ks := range shares {
		if err := ks.SetShares(*d); err != nil {
			return fail(stderr, cmd, err)
		}
		b, err := ks.Bytes()
		if err != nil {
			return fail(stderr, cmd, err)
		}
		err = writeNewFile(filepath.Join(*out, fmt.Sprintf("share-%d.key", ks.ID())), b, 0o600)
		clear(b)
		ks.Clear()
		if err != nil {
			return fail(stderr, cmd, err)
		}
	}
	fmt.Fprintf(stdout, "%v: wrote %s/public.key and %d key shares\n", p, *out, len(shares))
	return exitOK
}

// loadShare reads a key share file.
func loadShare(path string) (*threshold.KeyShare, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	defer clear(b)
	ks, err := threshold.NewKeyShare(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ks, nil
}

func loadThresholdPublicKey(path string) (*threshold.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pk, err := threshold.NewPublicKey(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pk, nil
}

// --- party --------------------------------------------------------------

func runThresholdParty(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("threshold party", stderr)
	sharePath := fs.String("share", "", "key share `file` (required)")
	listen := fs.String("listen", "127.0.0.1:0", "TCP `address` to listen on")
	d := fs.Int("d", 0, "hold the key share in this many `shares` (default: as in the file)")
	storePath := fs.String("sid-store", "", "`file` recording used session ids (default: the share file + \".sids\")")
	count := fs.Int("sessions", 0, "exit after this many sessions (0: serve until killed)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	const cmd = "threshold party"
	if *sharePath == "" {
		fmt.Fprintln(stderr, "raccoon threshold party: -share is required")
		return exitUsage
	}
	ks, err := loadShare(*sharePath)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	defer ks.Clear()
	if *d != 0 {
		if err := ks.SetShares(*d); err != nil {
			return fail(stderr, cmd, err)
		}
	}
	if *storePath == "" {
		*storePath = *sharePath + ".sids"
	}
	store, err := openFileSessionStore(*storePath)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	defer store.Close()
	ks.SetSessionStore(store)
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	defer ln.Close()
	// The first line tells a supervisor (or a test) where to connect.
	fmt.Fprintf(stdout, "party %d of %v listening on %s\n", ks.ID(), ks.Params(), ln.Addr())
	var wg sync.WaitGroup
	var mu sync.Mutex // serializes log lines
	logf := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(stdout, format+"\n", a...)
	}
	for served := 0; *count == 0 || served < *count; served++ {
		c, err := ln.Accept()
		if err != nil {
			wg.Wait()
			return fail(stderr, cmd, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			if err := serveSession(ks, newConn(c)); err != nil {
				logf("session from %s failed: %v", c.RemoteAddr(), err)
				return
			}
			logf("session from %s done", c.RemoteAddr())
		}()
	}
	wg.Wait()
	return exitOK
}

// serveSession runs one signing session for ks on c. Errors of the
// threshold package are reported to the coordinator in an 'E' frame.
func serveSession(ks *threshold.KeyShare, c *conn) (err error) {
	defer func() {
		if err != nil {
			c.send(frameErr, []byte(err.Error()))
		}
	}()
	if err := c.send(frameHello, encodeHello(ks)); err != nil {
		return err
	}
	b, err := c.recv(frameStart)
	if err != nil {
		return err
	}
	sid, signers, msg, err := decodeStart(b)
	if err != nil {
		return err
	}
	s, err := threshold.NewSession(ks, sid, signers, msg)
	if err != nil {
		return err
	}
	m1, err := s.Round1()
	if err != nil {
		return err
	}
	if err := sendMessage(c, m1); err != nil {
		return err
	}
	r1, err := recvAll[threshold.Commitment](c)
	if err != nil {
		return err
	}
	m2, err := s.Round2(r1)
	if err != nil {
		return err
	}
	if err := sendMessage(c, m2); err != nil {
		return err
	}
	r2, err := recvAll[threshold.Reveal](c)
	if err != nil {
		return err
	}
	m3, err := s.Round3(r2)
	if err != nil {
		return err
	}
	return sendMessage(c, m3)
}

func sendMessage(c *conn, m interface{ MarshalBinary() ([]byte, error) }) error {
	b, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	return c.send(frameMsg, b)
}

func recvAll[M any, PM interface {
	*M
	UnmarshalBinary([]byte) error
}](c *conn) ([]*M, error) {
	b, err := c.recv(frameAll)
	if err != nil {
		return nil, err
	}
	raw, err := decodeAll(b)
	if err != nil {
		return nil, err
	}
	return decodeMessages[M, PM](raw)
}

// --- sign (coordinator) -------------------------------------------------

func runThresholdSign(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("threshold sign", stderr)
	pkPath := fs.String("pk", "", "public key `file` (required)")
	parties := fs.String("parties", "", "comma-separated `addresses` of the signing parties (required)")
	in := fs.String("in", "", "`file` to sign, - for standard input")
	text := fs.String("msg", "", "message `text` to sign (instead of -in)")
	out := fs.String("out", "", "signature `file` to create (required)")
	sidHex := fs.String("sid", "", "session id in `hex` (default: random; parties refuse a reused id)")
	refDecodable := fs.Bool("reference-decodable", false, "retry with a new session until the C reference's decoder accepts the signature at its exact length")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	const cmd = "threshold sign"
	haveText := flagGiven(fs, "msg")
	if *pkPath == "" || *parties == "" || *out == "" {
		fmt.Fprintln(stderr, "raccoon threshold sign: -pk, -parties and -out are required")
		return exitUsage
	}
	msg, err := readMessage(*in, *text, haveText)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	pk, err := loadThresholdPublicKey(*pkPath)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	addrs := strings.Split(*parties, ",")
	var sid []byte
	if *sidHex != "" {
		if sid, err = hex.DecodeString(*sidHex); err != nil {
			return fail(stderr, cmd, fmt.Errorf("-sid: %w", err))
		}
	}
	for attempt := 1; ; attempt++ {
		if *sidHex == "" {
			sid = threshold.NewSessionID(pk.Level())
		}
		start := time.Now()
		sig, err := coordinate(pk, addrs, sid, msg)
		if err != nil {
			return fail(stderr, cmd, err)
		}
		if err := threshold.Verify(pk, msg, sig); err != nil {
			return fail(stderr, cmd, errors.New("combined signature does not verify"))
		}
		if *refDecodable && !threshold.ReferenceDecodable(pk, sig) {
			if *sidHex != "" || attempt >= 32 {
				return fail(stderr, cmd, errors.New("signature is valid but not decodable by the C reference at its exact length"))
			}
			fmt.Fprintf(stdout, "session %x: signature ends on a byte boundary; signing again\n", sid)
			continue
		}
		if err := writeNewFile(*out, sig, 0o644); err != nil {
			return fail(stderr, cmd, err)
		}
		fmt.Fprintf(stdout, "session %x: %d signers, signature %d B in %s, verified\n", sid, len(addrs), len(sig), ms(time.Since(start)))
		return exitOK
	}
}

// coordinate runs one signing session with the parties at addrs and returns
// the combined signature.
func coordinate(pk *threshold.PublicKey, addrs []string, sid, msg []byte) ([]byte, error) {
	conns := make([]*conn, len(addrs))
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.c.Close()
			}
		}
	}()
	ids := make([]int, len(addrs))
	pkHash := sha256.Sum256(pk.Bytes())
	for i, a := range addrs {
		c, err := net.DialTimeout("tcp", strings.TrimSpace(a), 10*time.Second)
		if err != nil {
			return nil, err
		}
		conns[i] = newConn(c)
		b, err := conns[i].recv(frameHello)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, err)
		}
		h, err := decodeHello(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, err)
		}
		if h.pkHash != pkHash || h.level != pk.Level() {
			return nil, fmt.Errorf("%s: party %d holds a share of another public key", a, h.id)
		}
		if slices.Contains(ids[:i], h.id) {
			return nil, fmt.Errorf("%s: party %d is listed twice", a, h.id)
		}
		if len(addrs) < h.t {
			return nil, fmt.Errorf("%d parties listed, the threshold is %d", len(addrs), h.t)
		}
		ids[i] = h.id
	}
	signers := slices.Clone(ids)
	slices.Sort(signers)
	start := encodeStart(sid, signers, msg)
	// exchange sends payload (of the given kind) to every party and
	// collects one message from each, in parallel.
	exchange := func(kind byte, payload []byte) ([][]byte, error) {
		out := make([][]byte, len(conns))
		errs := make([]error, len(conns))
		var wg sync.WaitGroup
		for i, c := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := c.send(kind, payload); err != nil {
					errs[i] = err
					return
				}
				out[i], errs[i] = c.recv(frameMsg)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				return nil, fmt.Errorf("party %d (%s): %w", ids[i], addrs[i], err)
			}
		}
		return out, nil
	}
	raw1, err := exchange(frameStart, start)
	if err != nil {
		return nil, err
	}
	raw2, err := exchange(frameAll, encodeAll(raw1))
	if err != nil {
		return nil, err
	}
	raw3, err := exchange(frameAll, encodeAll(raw2))
	if err != nil {
		return nil, err
	}
	r1, err := decodeMessages[threshold.Commitment](raw1)
	if err != nil {
		return nil, err
	}
	r2, err := decodeMessages[threshold.Reveal](raw2)
	if err != nil {
		return nil, err
	}
	r3, err := decodeMessages[threshold.Response](raw3)
	if err != nil {
		return nil, err
	}
	return threshold.Combine(pk, sid, msg, r1, r2, r3)
}

// --- verify -------------------------------------------------------------

func runThresholdVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("threshold verify", stderr)
	pkPath := fs.String("pk", "", "public key `file` (required)")
	in := fs.String("in", "", "signed `file`, - for standard input")
	text := fs.String("msg", "", "signed message `text` (instead of -in)")
	sigPath := fs.String("sig", "", "signature `file` (required)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	const cmd = "threshold verify"
	haveText := flagGiven(fs, "msg")
	if *pkPath == "" || *sigPath == "" {
		fmt.Fprintln(stderr, "raccoon threshold verify: -pk and -sig are required")
		return exitUsage
	}
	pk, err := loadThresholdPublicKey(*pkPath)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	sig, err := os.ReadFile(*sigPath)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	msg, err := readMessage(*in, *text, haveText)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	if err := threshold.Verify(pk, msg, sig); err != nil {
		fmt.Fprintln(stderr, "raccoon threshold verify: invalid signature")
		return exitInvalid
	}
	fmt.Fprintln(stdout, "OK")
	return exitOK
}
