package scheme

import (
	"crypto/sha3"
	"encoding/hex"
	"flag"
	"testing"

	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/masking"
)

var accumulatedLong = flag.Bool("accumulated.long", false, "run the long accumulated test (1000 keys and signatures per set)")

// accumulatedDigests are the expected digests of TestAccumulated for the
// short (20 iterations) and long (1000) runs, per set. They were computed by
// this implementation when its KATs matched all 36 reference digests; they
// guard every set, including code paths (rejections, rare encodings) the
// 100 KAT vectors may not reach.
var accumulatedDigests = map[string][2]string{
	"Raccoon-128-1":  {"9477d560368a855fd07159fb457c7284f7bdbcb7cf1dd206645aa6919a562ed8", "6930b378b357010665115badce666a4ca8eae2b1016f9b2a960b8c8f27bba72a"},
	"Raccoon-128-2":  {"972c9f8a221a00a031b2ae10e6e525727df57a52119688a39af398f2361be568", "3cebeae1279b54158030de1b4c67400bcf82386c38959da28c5bbe83250989a3"},
	"Raccoon-128-4":  {"64435c191a650dcd1b5d83b942d22f3781fde4a4c3a988c5b8443ae03a5af373", "afa169a33d1c585dbc206b7db028f4a02b061198d19588921926416d5c563df7"},
	"Raccoon-128-8":  {"41243b51e6b35073c14559bb27bedc030decde5b4aff6b19bf7ffa650a3a75fd", "51c844e431461a52f9e7ecedb00966bba8de0f0aa6724e26106eccaf776d71af"},
	"Raccoon-128-16": {"a62c4503bd36114450f7c03028c9d04dbfb9631f41c2735c785d7279bf034135", "29139c15b40b9e8c75ace6d7c0c92030f3af4f99b51fd750a5cfe02c9313fb5b"},
	"Raccoon-128-32": {"54a67502a55d5435aeee186624f9650be17ea78d94dff68c40c8cf97ae386d8e", "db39de62a838ee48cde9caf091ecd17557121494b537f125631340b0394d8377"},
	"Raccoon-192-1":  {"c83e5245ab1d00863b2324675f1c366dba5ef1bbc5269703d94e36e37c5b472c", "abbb2bd5bae3af0735f8b209d2bee1c97968bd4e0302fbc60f1569c2d572c43e"},
	"Raccoon-192-2":  {"4e092cba55eef09925c25f838a19d14b698f1ee3c6cc5b0ec82f47b42016602d", "548f8a1ebd2b1ecabe75008841dc4f79cd83f461ceaaa2017eba0aedace47a6e"},
	"Raccoon-192-4":  {"4a8634b6f8ac2513f008757c7e60ecc9ec8be3369dee9fa6e35d7df6984b566d", "9fb3dc12600c9a3835d1c878febe875eda1d3f25318d9c7d920aec739b61393c"},
	"Raccoon-192-8":  {"de2a74bfbf97cff753efefe5318592f466daba524e6046d590d7d64196517031", "e0d8354ae730f8fd9096d1ac05b88d0124da31e8b35e1fa149bf7d1b46ca3c46"},
	"Raccoon-192-16": {"377d5ffdedb799ec6a9b4c25e516c468e186b1527f8024114aed4f0077984a9d", "527ccaae6b98353c01fb06a1c6062facba00a7f65e54c5e88137739ab70e793e"},
	"Raccoon-192-32": {"3449584b9cdedb839102f3cfb1b1fa1fd0510c028fa628c88b13b550c8495264", "53ce412ae286cb4d2a56a603438848b886cbe47aee98b4f9cc13708e04218198"},
	"Raccoon-256-1":  {"e896637cc9f568be5c4d7759dc3ccaa677d264b250a874d1dd311c2e52cb8b8b", "86d930e71b2eb4c124cfe24597730526dbbfb8bf3bb8bf420886b0830a4f8006"},
	"Raccoon-256-2":  {"225ab0bd8f0f6f6f9ea9edb13c75b461555b1c80a245eaad4cea20c4c81ade41", "3cffc8491a067c4ff29b350c1c14311d9b4ffa594458170350048ebdaf4f3bb9"},
	"Raccoon-256-4":  {"3c1418522b1b64dcc3db68cc4e849cdc3af1f0f6461857686625db81967978ca", "a0cfca5e3b8b9f7d8ad92d78fbc7f3519fc746744014133d8a6bfdd1b82ce648"},
	"Raccoon-256-8":  {"8c84d3fd29ee1b50cc8c5d2d431e4ca0f3d9c89356e41fa81981d73c95eeee89", "cef65f01d93e66985fa3017a97d502f22fa0d7f24430375b03eb342f4fa49372"},
	"Raccoon-256-16": {"6037b0ccf93964690249ee799d9e9e70562f2837747de33f249d099a5a6c96ce", "8e250061d9ed487aaca9692a5b08a9540a9a9aaf8de90edb4dab66993d5defba"},
	"Raccoon-256-32": {"b03cefaae8f73116a8519cfbdc0f0c8a25ffd75dc0d7c759c53739d260611874", "15c09ce40bd9cea486001192a4c6dd5b5a4e2ff8ec75ef1a665726c22e964d56"},
}

// TestAccumulated generates keys and signatures for many seeds and folds
// every public key, private key encoding and signature into one SHAKE128
// digest per parameter set (in the style of the Go standard library's
// ML-DSA tests). Each iteration draws a seed from a SHAKE128 stream and uses
// SHAKE256(seed) as the random bit generator, so the result is
// deterministic; the masking generator is random and must not matter.
func TestAccumulated(t *testing.T) {
	iters, which := 20, 0
	if *accumulatedLong {
		iters, which = 1000, 1
	}
	for i := range params.Table {
		p := &params.Table[i]
		if testing.Short() && i%3 != 0 {
			continue // one set per level and d ∈ {1, 8}
		}
		t.Run(p.Name, func(t *testing.T) {
			t.Parallel()
			seeds := sha3.NewSHAKE128()
			seeds.Write([]byte("raccoon accumulated " + p.Name))
			acc := sha3.NewSHAKE128()
			for it := 0; it < iters; it++ {
				var seed [32]byte
				seeds.Read(seed[:])
				rbg := sha3.NewSHAKE256()
				rbg.Write(seed[:])
				g := masking.NewGenerator()
				sk, err := GenerateKey(p, rbg, g)
				if err != nil {
					t.Fatal(err)
				}
				skb, err := sk.Encode(rbg, g)
				if err != nil {
					t.Fatal(err)
				}
				msg := make([]byte, it%70)
				seeds.Read(msg)
				sig, err := sk.Sign(sk.Pub.Mu(msg), rbg, g, &SignOptions{VerifyBeforeRelease: true, CheckCommitment: true, CountRefreshes: true})
				if err != nil {
					t.Fatal(err)
				}
				pk, err := ParsePublicKey(p, sk.Pub.Raw)
				if err != nil || !pk.VerifyMessage(msg, sig) {
					t.Fatalf("iteration %d: signature does not verify", it)
				}
				acc.Write(sk.Pub.Raw)
				acc.Write(skb)
				acc.Write(sig)
			}
			sum := make([]byte, 32)
			acc.Read(sum)
			got := hex.EncodeToString(sum)
			want, ok := accumulatedDigests[p.Name]
			if !ok || want[which] == "" {
				t.Errorf("no expected digest for %s: got %s", p.Name, got)
				return
			}
			if got != want[which] {
				t.Errorf("accumulated digest %s, want %s", got, want[which])
			}
		})
	}
}
