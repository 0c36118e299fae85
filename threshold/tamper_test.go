package threshold

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

const combiner = -1

// tamperResult is the outcome of tamperRun: the first stage with an error
// ("decode", "round2", "round3", "combine", or "" if none) and the errors of
// every participant at that stage (combiner for Combine).
type tamperResult struct {
	stage string
	errs  map[int]error
}

// first returns the error of participant who, or of any participant.
func (r tamperResult) err(who int) error { return r.errs[who] }

func (r tamperResult) any() error {
	for _, e := range r.errs {
		return e
	}
	return nil
}

// tamperRun runs a 3-of-5 session with signers {0, 2, 4} in which the
// round-`round` message of sender, as received by receiver (a signer or
// combiner), is replaced by tamper applied to its encoding. Every signer
// runs each round; the run stops after the first round in which any
// participant failed.
func tamperRun(t *testing.T, round, sender, receiver int, tamper func([]byte) []byte) tamperResult {
	t.Helper()
	pk, shares := tamperKeys(t)
	act := []int{0, 2, 4}
	tr := startSessions(t, shares, act, pk.Mu([]byte("tamper")), sessionOptions{})
	tr.round1(t)
	idx := slices.Index(act, sender)
	res := tamperResult{errs: map[int]error{}}
	decode := func(m interface{ MarshalBinary() ([]byte, error) }, into interface{ UnmarshalBinary([]byte) error }) bool {
		b, err := m.MarshalBinary()
		require.NoError(t, err)
		if err := into.UnmarshalBinary(tamper(b)); err != nil {
			res.stage = "decode"
			res.errs[receiver] = err
			return false
		}
		return true
	}

	bad1 := new(Commitment)
	if round == 1 && !decode(tr.r1[idx], bad1) {
		return res
	}
	view1 := func(r int) []*Commitment {
		v := slices.Clone(tr.r1)
		if round == 1 && r == receiver {
			v[idx] = bad1
		}
		return v
	}
	for k, s := range tr.sessions {
		m, err := s.Round2(view1(act[k]))
		if err != nil {
			res.stage = "round2"
			res.errs[act[k]] = err
		}
		tr.r2 = append(tr.r2, m)
	}
	if res.stage != "" {
		return res
	}

	bad2 := new(Reveal)
	if round == 2 && !decode(tr.r2[idx], bad2) {
		return res
	}
	view2 := func(r int) []*Reveal {
		v := slices.Clone(tr.r2)
		if round == 2 && r == receiver {
			v[idx] = bad2
		}
		return v
	}
	for k, s := range tr.sessions {
		m, err := s.Round3(view2(act[k]))
		if err != nil {
			res.stage = "round3"
			res.errs[act[k]] = err
		}
		tr.r3 = append(tr.r3, m)
	}
	if res.stage != "" {
		return res
	}

	r3 := slices.Clone(tr.r3)
	if round == 3 {
		bad3 := new(Response)
		if !decode(tr.r3[idx], bad3) {
			return res
		}
		r3[idx] = bad3
	}
	sig, err := CombineMu(pk, tr.sid, tr.mu, view1(combiner), view2(combiner), r3)
	if err != nil {
		res.stage = "combine"
		res.errs[combiner] = err
		return res
	}
	require.NoError(t, VerifyMu(pk, tr.mu, sig))
	return res
}

var tamperPK *PublicKey
var tamperShares []*KeyShare

func tamperKeys(t *testing.T) (*PublicKey, []*KeyShare) {
	if tamperPK == nil {
		tamperPK, tamperShares = testDeal(t, 128, 3, 5, "tamper")
	}
	return tamperPK, tamperShares
}

// flip returns a tamper function that flips bit `bit` of byte pos (negative
// pos counts from the end).
func flip(pos int, bit uint) func([]byte) []byte {
	return func(b []byte) []byte {
		c := slices.Clone(b)
		if pos < 0 {
			pos += len(c)
		}
		c[pos] ^= 1 << bit
		return c
	}
}

func setByte(pos int, v byte) func([]byte) []byte {
	return func(b []byte) []byte {
		c := slices.Clone(b)
		c[pos] = v
		return c
	}
}

// outOfRange sets the coefficient that starts at byte pos (49-bit packing,
// pos at a coefficient boundary) to 2^49 - 1 > q.
func outOfRange(pos int) func([]byte) []byte {
	return func(b []byte) []byte {
		c := slices.Clone(b)
		for i := 0; i < 6; i++ {
			c[pos+i] = 0xff
		}
		c[pos+6] |= 1
		return c
	}
}

// addHalfQ adds ⌊q/2⌋ modulo q to the 49-bit coefficient that starts at bit
// bitPos of b (little-endian bit packing; negative bitPos counts from the
// end); the result stays a canonical coefficient, so the change is not
// caught by decoding, whatever the coefficient was. (Flipping a high bit
// instead would push one coefficient in four past q.)
func addHalfQ(bitPos int) func([]byte) []byte {
	return func(b []byte) []byte {
		c := slices.Clone(b)
		if bitPos < 0 {
			bitPos += 8 * len(c)
		}
		var x uint64
		for i := 0; i < qBits; i++ {
			p := bitPos + i
			x |= uint64(c[p/8]>>(p%8)&1) << i
		}
		x = (x + q/2) % q
		for i := 0; i < qBits; i++ {
			p := bitPos + i
			c[p/8] = c[p/8]&^(1<<(p%8)) | byte(x>>i&1)<<(p%8)
		}
		return c
	}
}

func identity(b []byte) []byte { return b }

// TestTamperNone checks the harness: without tampering the session succeeds.
func TestTamperNone(t *testing.T) {
	for round := 1; round <= 3; round++ {
		res := tamperRun(t, round, 2, 4, identity)
		require.Empty(t, res.stage)
		require.Empty(t, res.errs)
	}
}

// TestTamperFields changes each field of each round message on its way
// from one signer to another (or to the combiner) and checks that the
// change is detected, and that the round-3 checks name the sender.
func TestTamperFields(t *testing.T) {
	ps := &sets[0]
	crh := ps.crh()
	mBody := msgHeader + crh                               // first byte of m in a Commitment
	wBody := revealHeader                                  // first byte of w in a Reveal
	macs := revealHeader + ps.k*polyBytes                  // first MAC in a Reveal
	macFor := func(r int) int { return macs + r*ps.sec() } // position of the MAC for the r-th signer
	type check func(t *testing.T, res tamperResult)
	decodeFails := func(t *testing.T, res tamperResult) {
		require.Equal(t, "decode", res.stage)
		require.ErrorIs(t, res.any(), errMessage)
	}
	// refusedAt: the participant who rejects, without blaming a party.
	refusedAt := func(stage string, who int) check {
		return func(t *testing.T, res tamperResult) {
			require.Equal(t, stage, res.stage)
			err := res.err(who)
			require.Error(t, err)
			var pe *PartyError
			require.False(t, errors.As(err, &pe), "no party can be blamed: %v", err)
		}
	}
	blames := func(t *testing.T, err error, party int, e error) {
		t.Helper()
		var pe *PartyError
		require.True(t, errors.As(err, &pe), "want a PartyError, got %v", err)
		require.Equal(t, party, pe.Party)
		require.ErrorIs(t, err, e)
	}
	// names: the receiver names the sender; every other signer names the
	// receiver, whose MAC was computed over a different view.
	names := func(sender, receiver int, e error) check {
		return func(t *testing.T, res tamperResult) {
			if receiver == combiner {
				require.Equal(t, "combine", res.stage)
				blames(t, res.err(combiner), sender, e)
				return
			}
			require.Equal(t, "round3", res.stage)
			blames(t, res.err(receiver), sender, e)
			if e == ErrBadOpening && sender != receiver {
				for who, err := range res.errs {
					if who != receiver {
						blames(t, err, receiver, ErrBadMAC)
					}
				}
			}
		}
	}
	// namesOther: a changed m_i in the receiver's view changes its digest
	// D: the receiver names another signer (the first whose MAC fails), and
	// the others name the receiver.
	namesOther := func(receiver int) check {
		return func(t *testing.T, res tamperResult) {
			require.Equal(t, "round3", res.stage)
			require.Len(t, res.errs, 3)
			for who, err := range res.errs {
				var pe *PartyError
				require.True(t, errors.As(err, &pe))
				require.ErrorIs(t, err, ErrBadMAC)
				if who == receiver {
					require.NotEqual(t, receiver, pe.Party)
				} else {
					require.Equal(t, receiver, pe.Party)
				}
			}
		}
	}
	cases := []struct {
		name            string
		round, from, to int
		tamper          func([]byte) []byte
		check           check
	}{
		// Round 1: contrib_1 = (cmt, m).
		{"r1/tag", 1, 2, 4, setByte(0, '2'), decodeFails},
		{"r1/level", 1, 2, 4, setByte(1, 2), decodeFails},
		{"r1/level-unknown", 1, 2, 4, setByte(1, 9), decodeFails},
		{"r1/party-other-signer", 1, 2, 4, setByte(2, 4), refusedAt("round2", 4)},
		{"r1/party-non-signer", 1, 2, 4, setByte(2, 1), refusedAt("round2", 4)},
		{"r1/party-out-of-range", 1, 2, 4, setByte(3, 0xff), decodeFails},
		{"r1/cmt", 1, 2, 4, flip(msgHeader+3, 5), names(2, 4, ErrBadOpening)},
		{"r1/cmt-last", 1, 2, 0, flip(mBody-1, 0), names(2, 0, ErrBadOpening)},
		{"r1/m-first", 1, 2, 4, flip(mBody, 0), namesOther(4)},
		{"r1/m-last", 1, 0, 2, addHalfQ(-qBits), namesOther(2)},
		{"r1/m-out-of-range", 1, 0, 2, outOfRange(mBody), decodeFails},
		{"r1/own-altered", 1, 2, 2, flip(mBody+100, 1), refusedAt("round2", 2)},
		{"r1/truncated", 1, 2, 4, func(b []byte) []byte { return b[:len(b)-1] }, decodeFails},
		{"r1/m-to-combiner", 1, 2, combiner, addHalfQ(8*mBody + qBits), refusedAt("combine", combiner)},
		// Round 2: contrib_2 = (w, MACs).
		{"r2/tag", 2, 4, 0, setByte(0, '1'), decodeFails},
		{"r2/level", 2, 4, 0, setByte(1, 3), decodeFails},
		{"r2/party", 2, 4, 0, setByte(2, 1), refusedAt("round3", 0)},
		{"r2/count", 2, 4, 0, setByte(4, 2), decodeFails},
		{"r2/count-zero", 2, 4, 0, setByte(4, 0), decodeFails},
		{"r2/w-first", 2, 4, 0, flip(wBody, 0), names(4, 0, ErrBadOpening)},
		{"r2/w-last", 2, 0, 2, addHalfQ(8*macs - qBits), names(0, 2, ErrBadOpening)},
		{"r2/w-out-of-range", 2, 0, 2, outOfRange(wBody), decodeFails},
		{"r2/mac-for-receiver", 2, 4, 0, flip(macFor(0), 0), names(4, 0, ErrBadMAC)},
		{"r2/mac-for-receiver-last", 2, 0, 4, flip(macFor(2)+15, 7), names(0, 4, ErrBadMAC)},
		{"r2/mac-self", 2, 2, 2, flip(macFor(1), 0), refusedAt("round3", 2)},
		// q/2 added to the first coefficient of w: it changes ⌊Σ w_i⌉, so c.
		// (Changes of low bits of w vanish in the rounding: the combiner
		// then outputs the same valid signature. A flipped high bit can
		// push the coefficient past q, which decoding rejects instead.)
		{"r2/w-to-combiner", 2, 4, combiner, addHalfQ(8 * wBody), names(4, combiner, ErrBadOpening)},
		{"r2/truncated", 2, 4, 0, func(b []byte) []byte { return b[:len(b)-16] }, decodeFails},
		// Round 3: contrib_3 = z.
		{"r3/tag", 3, 2, combiner, setByte(0, '1'), decodeFails},
		{"r3/level", 3, 2, combiner, setByte(1, 2), decodeFails},
		{"r3/party-other-signer", 3, 2, combiner, setByte(2, 0), refusedAt("combine", combiner)},
		{"r3/party-non-signer", 3, 2, combiner, setByte(2, 3), refusedAt("combine", combiner)},
		{"r3/z-first", 3, 2, combiner, flip(msgHeader, 0), refusedAt("combine", combiner)},
		{"r3/z-last", 3, 4, combiner, addHalfQ(-qBits), refusedAt("combine", combiner)},
		{"r3/z-out-of-range", 3, 4, combiner, outOfRange(msgHeader), decodeFails},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := tamperRun(t, c.round, c.from, c.to, c.tamper)
			c.check(t, res)
			t.Logf("%s: detected at %s: %v", c.name, res.stage, res.errs)
		})
	}
	// A changed cmt in the combiner's copy is harmless: the combiner uses
	// the commitments only to explain a failure.
	res := tamperRun(t, 1, 2, combiner, flip(msgHeader, 0))
	require.Empty(t, res.stage)
}

// TestTamperEveryByte flips one bit in every header byte and every 97th
// byte of each round message from party 2 to party 4 (rounds 1, 2) or to
// the combiner (round 3), and in every byte of the MAC addressed to party 4,
// and checks that every change is detected somewhere. (A receiver checks only
// the MAC addressed to it; the entries of a round-2 message for other
// signers are not used by this receiver, so changing them in its copy has no
// effect.)
func TestTamperEveryByte(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	ps := &sets[0]
	sizes := map[int]int{1: commitmentSize(ps), 2: revealSize(ps, 3), 3: responseSize(ps)}
	macs := revealHeader + ps.k*polyBytes
	for round := 1; round <= 3; round++ {
		to := 4
		if round == 3 {
			to = combiner
		}
		detected := 0
		for pos := 0; pos < sizes[round]; pos++ {
			ownMAC := round == 2 && pos >= macs+2*ps.sec() // party 4 is the third signer
			if pos >= revealHeader && pos%97 != 0 && !ownMAC {
				continue
			}
			if round == 2 && pos >= macs && !ownMAC {
				continue
			}
			res := tamperRun(t, round, 2, to, flip(pos, uint(pos%8)))
			require.NotEmpty(t, res.stage, fmt.Sprintf("round %d byte %d: change not detected", round, pos))
			detected++
		}
		t.Logf("round %d: %d changes, all detected", round, detected)
	}
}
