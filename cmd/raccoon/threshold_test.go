package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/raccoon-go/raccoon/threshold"
	"github.com/stretchr/testify/require"
)

// subprocessEnv makes the test binary behave as the raccoon command, so the
// integration test can start real party and coordinator processes without
// building anything.
const subprocessEnv = "RACCOON_THRESHOLD_TEST_SUBPROCESS"

func init() {
	if os.Getenv(subprocessEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
}

// command returns an *exec.Cmd running "raccoon args…" as a subprocess.
func raccoonCmd(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), subprocessEnv+"=1")
	return cmd
}

func TestThresholdDemoCommand(t *testing.T) {
	code, out, stderr := runCmd("threshold", "demo", "-level", "128", "-t", "2", "-n", "3", "-d", "2")
	require.Equal(t, exitOK, code, stderr)
	for _, want := range []string{"TRaccoon-128 2-of-3", "round 1", "round 2", "round 3", "combine", "verify", "OK",
		"message 12580 B", "message 15718 B", "message 12548 B"} {
		require.Contains(t, out, want)
	}
	code, _, stderr = runCmd("threshold", "demo", "-t", "3", "-n", "2")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "invalid parameters")
	code, _, stderr = runCmd("threshold", "demo", "-t", "2", "-n", "3", "-signers", "0")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "fewer signers than the threshold")
	code, _, _ = runCmd("threshold", "nope")
	require.Equal(t, exitUsage, code)
	code, _, _ = runCmd("threshold")
	require.Equal(t, exitUsage, code)
	code, _, _ = runCmd("threshold", "help")
	require.Equal(t, exitOK, code)
}

// party is a running party process.
type party struct {
	cmd  *exec.Cmd
	addr string
	mu   sync.Mutex
	out  bytes.Buffer
	done chan error
}

func (p *party) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

var listenRE = regexp.MustCompile(`listening on (\S+)`)

// startParty starts "raccoon threshold party" and waits for its address.
func startParty(t *testing.T, ctx context.Context, args ...string) *party {
	t.Helper()
	p := &party{cmd: raccoonCmd(ctx, append([]string{"threshold", "party", "-listen", "127.0.0.1:0"}, args...)...), done: make(chan error, 1)}
	stdout, err := p.cmd.StdoutPipe()
	require.NoError(t, err)
	p.cmd.Stderr = &lockedWriter{p: p}
	require.NoError(t, p.cmd.Start())
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		t.Fatalf("party exited before listening: %s", p.output())
	}
	first := sc.Text()
	m := listenRE.FindStringSubmatch(first)
	require.NotNil(t, m, first)
	p.addr = m[1]
	go func() {
		for sc.Scan() {
			p.mu.Lock()
			p.out.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
		}
		p.done <- p.cmd.Wait()
	}()
	return p
}

type lockedWriter struct{ p *party }

func (w *lockedWriter) Write(b []byte) (int, error) {
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	return w.p.out.Write(b)
}

// TestThresholdProcesses deals a 3-of-4 key, starts three party processes
// on loopback TCP and signs with coordinator processes; it checks that the
// signatures verify, that a reused session id is refused, also by a
// restarted party (persistent store), and that the parties exit cleanly.
func TestThresholdProcesses(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no processes on " + runtime.GOOS)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Under qemu-user (go test -exec qemu-aarch64) the test binary is
	// foreign to the host and cannot start itself without binfmt_misc.
	if err := raccoonCmd(ctx, "params").Run(); errors.Is(err, syscall.ENOEXEC) {
		t.Skip("the test binary cannot execute itself here (qemu-user without binfmt_misc)")
	}
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys")
	code, _, stderr := runCmd("threshold", "deal", "-level", "128", "-t", "3", "-n", "4", "-d", "2", "-out", keys)
	require.Equal(t, exitOK, code, stderr)
	pkPath := filepath.Join(keys, "public.key")

	var parties []*party
	for _, i := range []string{"0", "1", "3"} {
		parties = append(parties, startParty(t, ctx, "-share", filepath.Join(keys, "share-"+i+".key"), "-sessions", "3", "-d", "4"))
	}
	addrs := make([]string, len(parties))
	for i, p := range parties {
		addrs[i] = p.addr
	}
	list := strings.Join(addrs, ",")
	msgPath := filepath.Join(dir, "msg.txt")
	require.NoError(t, os.WriteFile(msgPath, []byte("signed by three processes"), 0o644))

	sign := func(out string, extra ...string) (int, string) {
		cmd := raccoonCmd(ctx, append([]string{"threshold", "sign", "-pk", pkPath, "-parties", list, "-out", out}, extra...)...)
		b, err := cmd.CombinedOutput()
		code := 0
		if err != nil {
			ee, ok := err.(*exec.ExitError)
			require.True(t, ok, "%v: %s", err, b)
			code = ee.ExitCode()
		}
		return code, string(b)
	}
	// 1: a random session id; the signature must verify.
	sig1 := filepath.Join(dir, "msg.sig")
	code, out := sign(sig1, "-in", msgPath)
	require.Equal(t, exitOK, code, out)
	require.Contains(t, out, "3 signers")
	code, _, stderr = runCmd("threshold", "verify", "-pk", pkPath, "-in", msgPath, "-sig", sig1)
	require.Equal(t, exitOK, code, stderr)
	code, _, _ = runCmd("threshold", "verify", "-pk", pkPath, "-msg", "something else", "-sig", sig1)
	require.Equal(t, exitInvalid, code)

	// 2: a fixed session id.
	sid := hex.EncodeToString(threshold.NewSessionID(128))
	sig2 := filepath.Join(dir, "fixed.sig")
	code, out = sign(sig2, "-msg", "fixed sid", "-sid", sid)
	require.Equal(t, exitOK, code, out)
	pkb, err := os.ReadFile(pkPath)
	require.NoError(t, err)
	pk, err := threshold.NewPublicKey(pkb)
	require.NoError(t, err)
	sigb, err := os.ReadFile(sig2)
	require.NoError(t, err)
	require.NoError(t, threshold.Verify(pk, []byte("fixed sid"), sigb))

	// 3: the same session id again is refused by every party.
	code, out = sign(filepath.Join(dir, "again.sig"), "-msg", "another message", "-sid", sid)
	require.Equal(t, exitUsage, code, out)
	require.Contains(t, out, "session id already used")
	_, err = os.Stat(filepath.Join(dir, "again.sig"))
	require.True(t, os.IsNotExist(err))

	// The parties served three sessions each and exit with status 0.
	for i, p := range parties {
		select {
		case err := <-p.done:
			require.NoError(t, err, p.output())
			p.done <- err // for the cleanup
		case <-ctx.Done():
			t.Fatalf("party %d did not exit: %s", i, p.output())
		}
		require.Equal(t, 2, strings.Count(p.output(), " done"), p.output())
		require.Contains(t, p.output(), "session id already used")
	}

	// A restarted party still refuses the session id (its store is a file).
	p0 := startParty(t, ctx, "-share", filepath.Join(keys, "share-0.key"), "-sessions", "1")
	p1 := startParty(t, ctx, "-share", filepath.Join(keys, "share-2.key"), "-sessions", "1")
	p3 := startParty(t, ctx, "-share", filepath.Join(keys, "share-3.key"), "-sessions", "1")
	list = strings.Join([]string{p0.addr, p1.addr, p3.addr}, ",")
	code, out = sign(filepath.Join(dir, "restart.sig"), "-msg", "after restart", "-sid", sid)
	require.Equal(t, exitUsage, code, out)
	require.Contains(t, out, "party 0")
	require.Contains(t, out, "session id already used")
}
