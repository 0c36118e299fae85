package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// runCmd runs the tool in-process and returns the exit status and outputs.
func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestKeygenSignVerify(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "alice")
	code, _, stderr := runCmd("keygen", "-params", "Raccoon-128-2", "-out", name)
	require.Equal(t, exitOK, code, stderr)
	st, err := os.Stat(name + ".sk")
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	// Refuses to overwrite.
	code, _, stderr = runCmd("keygen", "-out", name)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "already exists")
	require.Equal(t, 1, strings.Count(stderr, "\n"), "one-line message")

	msg := filepath.Join(dir, "msg.txt")
	require.NoError(t, os.WriteFile(msg, []byte("hello raccoon"), 0o644))
	sig := msg + ".sig"
	code, _, stderr = runCmd("sign", "-key", name+".sk", "-in", msg, "-out", sig)
	require.Equal(t, exitOK, code, stderr)
	code, _, _ = runCmd("sign", "-key", name+".sk", "-in", msg, "-out", sig)
	require.Equal(t, exitUsage, code, "refuses to overwrite the signature")
	code, _, stderr = runCmd("sign", "-key", name+".sk", "-in", msg, "-out", sig, "-force")
	require.Equal(t, exitOK, code, stderr)

	code, stdout, _ := runCmd("verify", "-key", name+".pk", "-in", msg, "-sig", sig)
	require.Equal(t, exitOK, code)
	require.Equal(t, "OK\n", stdout)

	require.NoError(t, os.WriteFile(msg, []byte("hello raccoon!"), 0o644))
	code, _, stderr = runCmd("verify", "-key", name+".pk", "-in", msg, "-sig", sig)
	require.Equal(t, exitInvalid, code)
	require.Equal(t, "raccoon verify: invalid signature\n", stderr)

	// A corrupt signature file is invalid, not an I/O error.
	require.NoError(t, os.WriteFile(sig, []byte("junk"), 0o644))
	code, _, _ = runCmd("verify", "-key", name+".pk", "-in", msg, "-sig", sig, "-q")
	require.Equal(t, exitInvalid, code)

	// Missing files and bad keys are usage/I/O errors.
	code, _, stderr = runCmd("verify", "-key", filepath.Join(dir, "none.pk"), "-in", msg, "-sig", sig)
	require.Equal(t, exitUsage, code)
	require.Equal(t, 1, strings.Count(stderr, "\n"))
	code, _, _ = runCmd("sign", "-key", msg, "-in", msg, "-out", sig+"2")
	require.Equal(t, exitUsage, code)
	code, _, _ = runCmd("verify", "-key", name+".sk", "-in", msg, "-sig", sig)
	require.Equal(t, exitUsage, code)
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"nonsense"},
		{"keygen"},
		{"keygen", "-params", "Raccoon-128-3", "-out", "x"},
		{"keygen", "-bogus"},
		{"sign", "-key", "x"},
		{"verify", "-in", "x"},
		{"kat", "-params", "nope"},
		{"kat", "-count", "-1"},
		{"kat", "extra"},
	} {
		code, _, stderr := runCmd(args...)
		require.Equal(t, exitUsage, code, "%q", args)
		require.NotEmpty(t, stderr, "%q", args)
	}
	code, _, _ := runCmd("help")
	require.Equal(t, exitOK, code)
	code, _, _ = runCmd("kat", "-h")
	require.Equal(t, exitOK, code)
}

func TestKATCommand(t *testing.T) {
	code, stdout, stderr := runCmd("kat", "-params", "Raccoon-128-1", "-count", "10")
	require.Equal(t, exitOK, code, stderr)
	sum := sha256.Sum256([]byte(stdout))
	// The reference's 10-vector digest (ref-data/rsp-hashes10.txt).
	require.Equal(t, "91cb0f6dde5dbfdf6f4b3c53a99fe8859d61353a2f7d40e48c47fc9efdea187b", hex.EncodeToString(sum[:]))
}

func TestParamsCommand(t *testing.T) {
	code, stdout, _ := runCmd("params")
	require.Equal(t, exitOK, code)
	require.Equal(t, 19, strings.Count(stdout, "\n"))
	require.Contains(t, stdout, "Raccoon-256-32")
}

func TestPEMKeys(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "bob")
	code, _, stderr := runCmd("keygen", "-params", "Raccoon-192-4", "-out", name, "-pem")
	require.Equal(t, exitOK, code, stderr)
	skPEM, err := os.ReadFile(name + ".sk")
	require.NoError(t, err)
	require.Contains(t, string(skPEM), "-----BEGIN RACCOON PRIVATE KEY-----")
	require.Contains(t, string(skPEM), "Params: Raccoon-192-4")

	msg := filepath.Join(dir, "m")
	require.NoError(t, os.WriteFile(msg, []byte("pem"), 0o644))
	code, _, stderr = runCmd("sign", "-key", name+".sk", "-in", msg, "-out", msg+".sig")
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = runCmd("verify", "-key", name+".pk", "-in", msg, "-sig", msg+".sig")
	require.Equal(t, exitOK, code, stderr)

	// A public key where a private key is expected, a bad header, trailing
	// data: usage errors with one line.
	for i, bad := range [][]byte{
		mustRead(t, name+".pk"),
		[]byte(strings.Replace(string(skPEM), "Raccoon-192-4", "Raccoon-192-5", 1)),
		append(append([]byte(nil), skPEM...), "junk"...),
		[]byte("-----BEGIN RACCOON PRIVATE KEY-----\nnot base64\n"),
	} {
		p := filepath.Join(dir, "bad"+string(rune('0'+i)))
		require.NoError(t, os.WriteFile(p, bad, 0o600))
		code, _, stderr = runCmd("sign", "-key", p, "-in", msg, "-out", "-")
		require.Equal(t, exitUsage, code, "case %d", i)
		require.Equal(t, 1, strings.Count(stderr, "\n"), "case %d: %q", i, stderr)
	}
}

func mustRead(t *testing.T, path string) []byte {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func TestKATAll(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 18 files")
	}
	dir := t.TempDir()
	code, stdout, stderr := runCmd("kat", "-all", "-count", "10", "-dir", dir)
	require.Equal(t, exitOK, code, stderr)
	require.Empty(t, stderr, "quiet when not on a terminal")
	require.Equal(t, 18, strings.Count(stdout, "matches the published digest"))
	b, err := os.ReadFile(filepath.Join(dir, "PQCsignKAT_14800.rsp"))
	require.NoError(t, err)
	sum := sha256.Sum256(b)
	require.Equal(t, "91cb0f6dde5dbfdf6f4b3c53a99fe8859d61353a2f7d40e48c47fc9efdea187b", hex.EncodeToString(sum[:]))

	code, stdout, _ = runCmd("kat", "-all", "-count", "2", "-dir", dir)
	require.Equal(t, exitOK, code)
	require.Equal(t, 18, strings.Count(stdout, "no published digest"))
	code, _, _ = runCmd("kat", "-all")
	require.Equal(t, exitUsage, code)
}

func TestBenchCommand(t *testing.T) {
	svg := filepath.Join(t.TempDir(), "plot.svg")
	code, stdout, stderr := runCmd("bench", "-params", "Raccoon-128-(1|2)", "-n", "1", "-svg", svg)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "Raccoon-128-2")
	require.Equal(t, 2, strings.Count(stdout, "Raccoon-128-"))
	b, err := os.ReadFile(svg)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(b), "<svg"))
	require.Contains(t, string(b), "128 Sign (ref C)")
	code, _, _ = runCmd("bench", "-params", "nothing")
	require.Equal(t, exitUsage, code)
}
