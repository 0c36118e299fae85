package threshold

import (
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/raccoon-go/raccoon/ntt"
	"github.com/stretchr/testify/require"
)

// vectorsPath is the signatures made by the authors' Python reference
// (masksign/ec24-thrc, thrc-py), kept in the shared directory next to the
// module; the file is not committed with the module.
var vectorsPath = filepath.Join("..", "..", "shared", "threshold", "ec24-thrc-vectors.json")

type refVector struct {
	Kappa  int    `json:"kappa"`
	T      int    `json:"T"`
	N      int    `json:"N"`
	Act    []int  `json:"act"`
	Sid    string `json:"sid"`
	Mu     string `json:"mu"`
	Vk     string `json:"vk"`
	Sig    string `json:"sig"`
	VkLen  int    `json:"vk_len"`
	SigLen int    `json:"sig_len"`
}

func loadVectors(t testing.TB) []refVector {
	t.Helper()
	b, err := os.ReadFile(vectorsPath)
	if os.IsNotExist(err) {
		t.Skipf("%s not present", vectorsPath)
	}
	require.NoError(t, err)
	var f struct {
		Vectors []refVector `json:"vectors"`
	}
	require.NoError(t, json.Unmarshal(b, &f))
	require.Len(t, f.Vectors, 9)
	return f.Vectors
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// TestReferenceVectors checks that VerifyMu accepts the nine signatures of
// the authors' reference, that their public keys and signatures re-encode
// to the same bytes, and that changing μ or any byte of the signature makes
// verification fail.
func TestReferenceVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(fmt.Sprintf("%d-%dof%d", v.Kappa, v.T, v.N), func(t *testing.T) {
			vk, sig, mu := unhex(t, v.Vk), unhex(t, v.Sig), unhex(t, v.Mu)
			require.Len(t, vk, v.VkLen)
			require.Len(t, sig, v.SigLen)
			pk, err := NewPublicKey(vk)
			require.NoError(t, err)
			require.Equal(t, v.Kappa, pk.Level())
			require.Equal(t, vk, pk.Bytes())
			require.NoError(t, VerifyMu(pk, mu, sig))

			s, err := decodeSignature(pk.ps, sig)
			require.NoError(t, err)
			require.Equal(t, sig, encodeSignature(pk.ps, s), "re-encoding")

			bad := append([]byte(nil), mu...)
			bad[0] ^= 1
			require.Error(t, VerifyMu(pk, bad, sig))
			for _, pos := range []int{0, len(s.chash), len(sig) / 2, len(sig) - 1} {
				b := append([]byte(nil), sig...)
				b[pos] ^= 0x10
				require.Error(t, VerifyMu(pk, mu, b), "flipped byte %d", pos)
			}
			require.Error(t, VerifyMu(pk, mu, sig[:len(sig)-1]))
			require.Error(t, VerifyMu(pk, mu, append(append([]byte(nil), sig...), 0)))
		})
	}
}

var dumpVectors = flag.String("threshold.dump", "", "write signatures made by this package to `file`, in the format of ec24-thrc-vectors.json, for checking with the reference implementation")

// TestDumpVectors writes signatures of this package for every level and
// (T, N) in {(1,1), (3,5), (4,4)}, count of each, when -threshold.dump is
// set. The reference's verifiers can then check them (see the package
// documentation).
func TestDumpVectors(t *testing.T) {
	if *dumpVectors == "" {
		t.Skip("-threshold.dump not set")
	}
	count := 20
	var out []refVector
	for _, level := range []int{128, 192, 256} {
		for _, tn := range [][2]int{{1, 1}, {3, 5}, {4, 4}} {
			pk, shares := testDeal(t, level, tn[0], tn[1], fmt.Sprint("dump", level, tn))
			act := []int{0, 1, 2, 3}[:tn[0]]
			if tn == [2]int{3, 5} {
				act = []int{0, 2, 4}
			}
			for i := 0; i < count; i++ {
				msg := []byte(fmt.Sprint("message ", i))
				mu := pk.Mu(msg)
				tr, sig := runSession(t, pk, shares, act, mu, sessionOptions{})
				out = append(out, refVector{Kappa: level, T: tn[0], N: tn[1], Act: act,
					Sid: hex.EncodeToString(tr.sid), Mu: hex.EncodeToString(mu),
					Vk: hex.EncodeToString(pk.Bytes()), Sig: hex.EncodeToString(sig),
					VkLen: len(pk.Bytes()), SigLen: len(sig)})
			}
		}
	}
	b, err := json.MarshalIndent(map[string]any{"source": "threshold package (Go)", "vectors": out}, "", " ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(*dumpVectors, b, 0o644))
}

var dumpTranscripts = flag.String("threshold.dumptranscripts", "", "write full signing transcripts (with the signers' pairwise seeds) to `file`, for checking the round computations with the reference implementation")

// TestDumpTranscripts writes, when -threshold.dumptranscripts is set, one
// 3-of-5 session per level: the seeds of the signers, every round message
// and the signature, so that the reference's Python code can recompute the
// session hash, commitments, masks, MACs and Combine.
func TestDumpTranscripts(t *testing.T) {
	if *dumpTranscripts == "" {
		t.Skip("-threshold.dumptranscripts not set")
	}
	polys := func(v []ntt.Poly) [][]uint64 {
		out := make([][]uint64, len(v))
		for i := range v {
			out[i] = append([]uint64(nil), v[i][:]...)
		}
		return out
	}
	type party struct {
		ID      int        `json:"id"`
		SeedOut []string   `json:"seed_out"` // seed[id][j]
		SeedIn  []string   `json:"seed_in"`  // seed[j][id]
		Cmt     string     `json:"cmt"`
		M       [][]uint64 `json:"m"`
		W       [][]uint64 `json:"w"`
		MACs    []string   `json:"macs"`
		Z       [][]uint64 `json:"z"`
	}
	type transcriptJSON struct {
		Kappa   int     `json:"kappa"`
		T       int     `json:"T"`
		N       int     `json:"N"`
		Act     []int   `json:"act"`
		Sid     string  `json:"sid"`
		Mu      string  `json:"mu"`
		Vk      string  `json:"vk"`
		Sig     string  `json:"sig"`
		Parties []party `json:"parties"`
	}
	var out []transcriptJSON
	for _, level := range []int{128, 192, 256} {
		pk, shares := testDeal(t, level, 3, 5, "transcript")
		act := []int{0, 2, 4}
		mu := pk.Mu([]byte("transcript"))
		tr, sig := runSession(t, pk, shares, act, mu, sessionOptions{})
		tj := transcriptJSON{Kappa: level, T: 3, N: 5, Act: act, Sid: hex.EncodeToString(tr.sid),
			Mu: hex.EncodeToString(mu), Vk: hex.EncodeToString(pk.Bytes()), Sig: hex.EncodeToString(sig)}
		sec := pk.ps.sec()
		for k, j := range act {
			ks := shares[j]
			p := party{ID: j, Cmt: hex.EncodeToString(tr.r1[k].cmt), M: polys(tr.r1[k].m), W: polys(tr.r2[k].w), Z: polys(tr.r3[k].z)}
			for i := 0; i < 5; i++ {
				p.SeedOut = append(p.SeedOut, hex.EncodeToString(ks.seedOut(i)))
				p.SeedIn = append(p.SeedIn, hex.EncodeToString(ks.seedIn(i)))
			}
			for i := range act {
				p.MACs = append(p.MACs, hex.EncodeToString(tr.r2[k].macs[i*sec:(i+1)*sec]))
			}
			tj.Parties = append(tj.Parties, p)
		}
		out = append(out, tj)
	}
	b, err := json.Marshal(out)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(*dumpTranscripts, b, 0o644))
}
