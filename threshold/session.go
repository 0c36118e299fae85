package threshold

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"io"
	"slices"

	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
	"github.com/raccoon-go/raccoon/threshold/internal/gauss"
)

type sessionState uint8

const (
	stateNew sessionState = iota
	stateRound1
	stateRound2
	stateDone
	stateAborted
)

// minParallel is the number of signers from which the per-signer hashing
// and mask expansion of a round is spread over GOMAXPROCS goroutines.
const minParallel = 8

// minParallelGroups is minParallel counted in groups of four signers, for
// the work done four signers at a time.
const minParallelGroups = (minParallel + 3) / 4

// Session is one party's state for one signing session of Threshold
// Raccoon: the three rounds ShareSign_1, ShareSign_2 and ShareSign_3 (Alg.
// 5–7) as a state machine. Messages are values to be carried by the caller
// (broadcast to all signers; the round-3 responses only need to reach
// whoever combines).
//
// Round1, Round2 and Round3 must be called once each, in order. Any error
// aborts the session: its secrets are cleared and every later call fails. A
// session id is spent when Round1 starts (see SessionStore); an aborted
// session cannot be resumed, start a new one with a new session id.
//
// A Session is not safe for concurrent use.
type Session struct {
	ks    *KeyShare
	ps    *paramSet
	sid   []byte
	mu    []byte
	act   []int // sorted signer set
	self  int   // position of ks.ID() in act
	seh   []byte
	state sessionState
	rnd   io.Reader // nonce randomness; nil means crypto/rand

	rhat   []ntt.NTTPoly // NTT(r_j), secret
	w      []ntt.Poly    // w_j = A·r_j + e'_j
	own1   *Commitment
	own2   *Reveal
	cmts   [][]byte // cmt_i of every signer, in act order
	digest []byte   // D, the digest of the round-1 messages
}

// NewSession starts a signing session of message for the key share ks, with
// session id sid (2κ/8 bytes, see NewSessionID) and the indices of the
// signers (any order). It signs μ = pk.Mu(message); see NewSessionMu.
func NewSession(ks *KeyShare, sid []byte, signers []int, message []byte) (*Session, error) {
	if !ks.valid() {
		return nil, errKeyShare
	}
	return NewSessionMu(ks, sid, signers, ks.pk.Mu(message))
}

// NewSessionMu starts a signing session for a precomputed message
// representative μ of 2κ/8 bytes (PublicKey.Mu). Every signer and the
// combiner must use the same sid, signer set and μ.
//
// It checks (ConsistCheck1 of Alg. 5) that sid and μ have the right length,
// that signers has between T and MaxParties distinct indices below N and
// contains ks.ID(). Whether sid was used before is checked by Round1.
func NewSessionMu(ks *KeyShare, sid []byte, signers []int, mu []byte) (*Session, error) {
	if !ks.valid() {
		return nil, errKeyShare
	}
	ps := ks.p.set()
	if len(sid) != ps.crh() {
		return nil, errSessionID
	}
	if len(mu) != ps.crh() {
		return nil, errMuLength
	}
	act, err := checkSigners(ks.p, signers)
	if err != nil {
		return nil, err
	}
	self, ok := slices.BinarySearch(act, ks.id)
	if !ok {
		return nil, errNotSigner
	}
	s := &Session{
		ks:   ks,
		ps:   ps,
		sid:  append([]byte(nil), sid...),
		mu:   append([]byte(nil), mu...),
		act:  act,
		self: self,
	}
	s.seh = sessionHash(ps, s.sid, s.mu, act)
	return s, nil
}

// checkSigners returns a sorted copy of signers after checking that it has
// between T and MaxParties distinct entries in [0, N).
func checkSigners(p Params, signers []int) ([]int, error) {
	if len(signers) < p.T() {
		return nil, errTooFewSigners
	}
	if len(signers) > p.N() {
		return nil, errSigners
	}
	act := slices.Clone(signers)
	slices.Sort(act)
	for i, x := range act {
		if x < 0 || x >= p.N() || i > 0 && act[i-1] == x {
			return nil, errSigners
		}
	}
	return act, nil
}

// NewSessionID returns a fresh random session id for a session at the given
// security level (2κ/8 bytes from crypto/rand), or nil for an unknown level.
// The coordinator of a session draws it and sends it to every signer.
func NewSessionID(level int) []byte {
	ps := setByLevel(level)
	if ps == nil {
		return nil
	}
	sid := make([]byte, ps.crh())
	rand.Read(sid)
	return sid
}

// Signers returns the sorted signer set of the session.
func (s *Session) Signers() []int { return slices.Clone(s.act) }

// fail aborts the session and returns err.
func (s *Session) fail(err error) error {
	if s.state != stateAborted {
		s.state = stateAborted
		clearPolys(s.rhat)
		s.rhat = nil
	}
	return err
}

// checkState aborts unless the session is in state want.
func (s *Session) checkState(want sessionState) error {
	if s.state == stateAborted {
		return errAborted
	}
	if s.state != want {
		return s.fail(errState)
	}
	return nil
}

// Round1 implements ShareSign_1 (Alg. 5) for party j: it records the
// session id as used, samples the nonce r_j ← D_{σ_w}^ℓ and e'_j ←
// D_{σ_w}^k with σ_w = 2^42/√|act|, computes w_j = A·r_j + e'_j and returns
// the commitment cmt_j = H(seh, w_j) with the row mask m_j = Σ_{i ∈ act}
// X_{j,i}, where X_{a,b} = MaskPRF(a, b, seed[b][a], seh).
//
// The nonce is hedged: its 32-byte seed is SHAKE256(hdr8('R') ‖ seed[j][j]
// ‖ 32 bytes from crypto/rand ‖ seh), so a weak random source alone does
// not repeat nonces across sessions, and the sampling follows the
// reference's layout (r[i] from hdr8('r', i), e'[i] from hdr8('e', i, 2)).
func (s *Session) Round1() (*Commitment, error) {
	if err := s.checkState(stateNew); err != nil {
		return nil, err
	}
	ks := s.ks
	if ks.cleared() {
		return nil, s.fail(errClearedShare)
	}
	if err := ks.sessionStore().Use(ks.fp, s.sid); err != nil {
		return nil, s.fail(err)
	}
	ps := s.ps
	l, k := ps.l, ps.k

	// Line 2: (r_j, e'_j) ← D_w^ℓ × D_w^k.
	var fresh [32]byte
	if s.rnd != nil {
		if _, err := io.ReadFull(s.rnd, fresh[:]); err != nil {
			return nil, s.fail(errors.New("threshold: nonce randomness failed"))
		}
	} else {
		rand.Read(fresh[:])
	}
	key := make([]byte, keyLen)
	h := hdr8('R')
	shake256(key, h[:], ks.seedOut(ks.id), fresh[:], s.seh)
	clear(fresh[:])
	smp, err := gauss.New(lgSigmaW, len(s.act))
	if err != nil {
		panic("threshold: internal error: " + err.Error())
	}
	s.rhat = make([]ntt.NTTPoly, l)
	s.w = make([]ntt.Poly, k)
	sampleNoise(smp, key, 'r', s.rhat, 'e', 2, s.w)
	clear(key)

	// Line 3: w_j = A·r_j + e'_j.
	pk := ks.pk
	var acc ntt.NTTPoly
	var tmp ntt.Poly
	for i := range s.w {
		acc.DotMont(s.rhat, 1, pk.a[i*l:(i+1)*l])
		tmp.Inverse(&acc)
		ntt.Add(&s.w[i], &s.w[i], &tmp)
	}
	clear(acc[:])
	clear(tmp[:])

	// Line 4: cmt_j = H_com(seh, w_j).
	cmt := commitHash(ps, s.seh, s.w)

	// Lines 5–6: m_j = Σ_{i ∈ act} X_{j,i} = Σ_i MaskPRF(j, i, seed[i][j], seh).
	m := s.maskSum(func(i int) (int, int, []byte) { return ks.id, i, ks.seedIn(i) })

	s.own1 = &Commitment{ps: ps, party: ks.id, cmt: cmt, m: m}
	s.state = stateRound1
	return s.own1, nil
}

// sampleNoise fills the ℓ polynomials of sh with NTT(D_σ samples) from
// SHAKE256(hdr8(c1, i) ‖ key) and the k polynomials of e with D_σ samples
// from SHAKE256(hdr8(c2, i, tag2) ‖ key): the layout of the reference's
// (s, e) in key generation and (r_j, e'_j) in round 1. The polynomials have
// independent streams: four at a time share the four-way Keccak
// (gauss.Lanes), and the groups of four are sampled in parallel. They stay
// four even where the eight-way Keccak runs: the sampler's arithmetic per
// coefficient costs more than its Keccak, and the k+ℓ = 9 to 15 streams
// split into groups of four spread more evenly over the cores.
func sampleNoise(smp *gauss.Sampler, key []byte, c1 byte, sh []ntt.NTTPoly, c2, tag2 byte, e []ntt.Poly) {
	l := len(sh)
	total := l + len(e)
	groups := (total + 3) / 4
	parallelFor(groups, 2, func(_, g int) {
		cnt := min(4, total-4*g)
		var hdr [4][8]byte
		var parts [4][2][]byte
		var seeds [4][][]byte
		for t := range cnt {
			if i := 4*g + t; i < l {
				hdr[t] = hdr8(c1, byte(i))
			} else {
				hdr[t] = hdr8(c2, byte(i-l), tag2)
			}
			parts[t] = [2][]byte{hdr[t][:], key}
			seeds[t] = parts[t][:]
		}
		var st [4]*gauss.Stream
		var lanes *gauss.Lanes
		if cnt == 1 {
			// A lone stream runs faster on crypto/sha3.
			h := hdr[0]
			st[0] = gauss.NewStream(h[:], key)
		} else {
			lanes = gauss.NewLanes(seeds[:cnt]...)
			for t := range cnt {
				st[t] = lanes.Lane(t)
			}
		}
		var f [4]*[n]uint64
		for t := range cnt {
			if i := 4*g + t; i < l {
				f[t] = (*[n]uint64)(&sh[i])
			} else {
				f[t] = (*[n]uint64)(&e[i-l])
			}
		}
		smp.PolyLanes(f[:cnt], st[:cnt])
		for t := range cnt {
			if i := 4*g + t; i < l {
				ntt.ForwardInPlace((*ntt.Poly)(&sh[i]))
			}
		}
		if lanes != nil {
			lanes.Close()
		} else {
			st[0].Clear()
		}
	})
}

// maskSum returns Σ_{i ∈ act} MaskPRF(a_i, b_i, seed_i, seh) where f(i)
// gives (a_i, b_i, seed_i). The masks of four signers are expanded together
// (4ℓ streams, whole batches of the four-way Keccak, and of the eight-way
// one for even ℓ), and the groups of four are spread over goroutines when
// there are many signers.
func (s *Session) maskSum(f func(i int) (int, int, []byte)) []ntt.Poly {
	l := s.ps.l
	groups := (len(s.act) + 3) / 4
	nw := workers(groups, minParallelGroups)
	part := make([][]ntt.Poly, nw)
	tmp := make([][xof.MaxLanes]ntt.Poly, nw)
	for w := range part {
		part[w] = make([]ntt.Poly, l)
	}
	parallelFor(groups, minParallelGroups, func(w, g int) {
		var keys [4]maskKey
		cnt := min(4, len(s.act)-4*g)
		for t := range cnt {
			a, b, seed := f(s.act[4*g+t])
			keys[t] = maskKey{a, b, seed}
		}
		maskPRFs(part[w], keys[:cnt], s.seh, &tmp[w])
	})
	for w := 1; w < nw; w++ {
		for k := range part[0] {
			ntt.Add(&part[0][k], &part[0][k], &part[w][k])
		}
		clearPolys(part[w])
	}
	for w := range tmp {
		clearPolys(tmp[w][:])
	}
	return part[0]
}

// sortMessages returns the messages ordered as act, checking that there is
// exactly one per signer and that each is for the session's level.
func sortMessages[M interface{ Party() int }](s *Session, msgs []M, level func(M) *paramSet) ([]M, error) {
	if len(msgs) != len(s.act) {
		return nil, errDuplicate
	}
	out := make([]M, len(msgs))
	var zero M
	for _, m := range msgs {
		if any(m) == any(zero) {
			return nil, errDuplicate
		}
		if level(m) != s.ps {
			return nil, errMismatch
		}
		idx, ok := slices.BinarySearch(s.act, m.Party())
		if !ok || any(out[idx]) != any(zero) {
			return nil, errDuplicate
		}
		out[idx] = m
	}
	return out, nil
}

// Round2 implements ShareSign_2 (Alg. 6) for party j, given the round-1
// messages of every signer (its own included, any order). It computes the
// digest D = SHAKE256(seh ‖ H(cmt_i, m_i) for i ∈ act) of the round-1
// messages and returns w_j with the MACs σ_{j→i} = MAC(i, j, seed[j][i], D)
// for every signer i. (The paper signs sid ‖ act ‖ msg ‖ contrib_1 with a
// per-party signature key; the reference uses these pairwise MACs.)
//
// It fails if the messages are not exactly one per signer, are for another
// security level, or if this party's own message differs from the one
// Round1 returned.
func (s *Session) Round2(msgs []*Commitment) (*Reveal, error) {
	if err := s.checkState(stateRound1); err != nil {
		return nil, err
	}
	sorted, err := sortMessages(s, msgs, func(m *Commitment) *paramSet { return m.ps })
	if err != nil {
		return nil, s.fail(err)
	}
	if !equalCommitment(sorted[s.self], s.own1) {
		return nil, s.fail(errOwnMessage)
	}
	ps := s.ps
	s.digest = round1Digest(ps, s.seh, sorted)
	s.cmts = make([][]byte, len(sorted))
	for i, m := range sorted {
		s.cmts[i] = m.cmt
	}
	sec := ps.sec()
	out := make([]byte, len(s.act)*sec)
	macs(ps, out, len(s.act), func(idx int) (int, int, []byte) {
		i := s.act[idx]
		return i, s.ks.id, s.ks.seedOut(i)
	}, s.digest)
	s.own2 = &Reveal{ps: ps, party: s.ks.id, w: s.w, macs: out}
	s.state = stateRound2
	return s.own2, nil
}

// round1Digest returns D = SHAKE256(seh ‖ H(cmt_i, m_i) for i in order)
// truncated to 2κ/8 bytes (hash_ctrb_1; the reference has no header here).
func round1Digest(ps *paramSet, seh []byte, sorted []*Commitment) []byte {
	inner := make([]byte, len(sorted)*ps.crh())
	hashPolysAll(ps, inner, len(sorted),
		func(i int) []byte { return sorted[i].cmt },
		func(i int) []ntt.Poly { return sorted[i].m })
	d := make([]byte, ps.crh())
	shake256(d, seh, inner)
	return d
}

// Round3 implements ShareSign_3 (Alg. 7) for party j, given the round-2
// messages of every signer (its own included, any order). It checks every
// signer's opening cmt_i = H(seh, w_i), then every MAC σ_{i→j} = MAC(j, i,
// seed[i][j], D); a failure is reported as a *PartyError naming the first
// signer (in index order) whose opening fails, or else whose MAC fails. Then it computes w = ⌊Σ_{i ∈ act}
// w_i⌉_{ν_w}, c_hash = H(μ, w), c = ChalPoly(c_hash), the column mask m*_j
// = Σ_{i ∈ act} X_{i,j}, and returns
//
//	z_j = λ_{act,j}·c·s_j + r_j + m*_j.
//
// With a key share held in d > 1 shares, λ·c·s_j is computed share by
// share, r_j + m*_j is added to one share, the d shares are refreshed and
// then decoded: this Decode is the one place where Threshold Raccoon
// recombines the shares of s_j, and its output z_j is the public round-3
// message. The stored shares are refreshed afterwards. The nonce r_j is
// cleared.
func (s *Session) Round3(msgs []*Reveal) (*Response, error) {
	if err := s.checkState(stateRound2); err != nil {
		return nil, err
	}
	sorted, err := sortMessages(s, msgs, func(m *Reveal) *paramSet { return m.ps })
	if err != nil {
		return nil, s.fail(err)
	}
	if !equalReveal(sorted[s.self], s.own2) {
		return nil, s.fail(errOwnMessage)
	}
	ps := s.ps
	ks := s.ks
	sec := ps.sec()

	// Lines 7–9: check every opening, then every MAC (as the reference
	// does): an opening that fails identifies its sender for sure, while a
	// failed MAC may also come from a difference in this party's own view.
	crh := ps.crh()
	opened := make([]byte, len(sorted)*crh)
	hashPolysAll(ps, opened, len(sorted),
		func(int) []byte { return s.seh },
		func(idx int) []ntt.Poly { return sorted[idx].w })
	badOpening := make([]bool, len(sorted))
	for idx := range sorted {
		badOpening[idx] = subtle.ConstantTimeCompare(opened[idx*crh:(idx+1)*crh], s.cmts[idx]) != 1
	}
	badMAC := make([]bool, len(sorted))
	want := make([]byte, len(sorted)*sec)
	macs(ps, want, len(sorted), func(idx int) (int, int, []byte) {
		i := s.act[idx]
		return ks.id, i, ks.seedIn(i)
	}, s.digest)
	for idx, m := range sorted {
		if len(m.macs) != len(s.act)*sec {
			badMAC[idx] = true
			continue
		}
		badMAC[idx] = subtle.ConstantTimeCompare(want[idx*sec:(idx+1)*sec], m.macs[s.self*sec:(s.self+1)*sec]) != 1
	}
	for idx, bad := range badOpening {
		if bad {
			return nil, s.fail(&PartyError{Party: s.act[idx], Err: ErrBadOpening})
		}
	}
	for idx, bad := range badMAC {
		if bad {
			return nil, s.fail(&PartyError{Party: s.act[idx], Err: ErrBadMAC})
		}
	}

	// Lines 10–11: w = ⌊Σ w_i⌉_{ν_w}, c = H(μ, w).
	w := sumRounded(ps, sorted)
	chash := challengeHash(ps, s.mu, w)
	var c ntt.Poly
	chalPoly(ps, &c, chash)

	// Line 12: m*_j = Σ_{i ∈ act} X_{i,j} = Σ_i MaskPRF(i, j, seed[j][i], seh).
	mstar := s.maskSum(func(i int) (int, int, []byte) { return i, ks.id, ks.seedOut(i) })

	// Line 13: z_j = λ_{act,j}·c·s_j + r_j + m*_j.
	var ch ntt.NTTPoly
	ch.Forward(&c)
	mulScalar(&ch, &ch, lagrange(s.act, ks.id))
	var cm ntt.MontPoly
	cm.FromNTT(&ch)
	z, err := ks.partialResponse(&cm, s.rhat, mstar)
	clearPolys(mstar)
	if err != nil {
		return nil, s.fail(err)
	}
	clearPolys(s.rhat)
	s.rhat = nil
	s.state = stateDone
	return &Response{ps: ps, party: ks.id, z: z}, nil
}

// sumRounded returns ⌊Σ_i w_i mod q⌉_{ν_w} over the round-2 messages
// (Alg. 7 line 10, Alg. 8 line 3).
func sumRounded(ps *paramSet, msgs []*Reveal) []ntt.Poly {
	w := make([]ntt.Poly, ps.k)
	sumRoundedInto(ps, w, msgs)
	return w
}

// sumRoundedInto is sumRounded into w (k polynomials).
func sumRoundedInto(ps *paramSet, w []ntt.Poly, msgs []*Reveal) {
	for i := range w {
		w[i] = msgs[0].w[i]
		for _, m := range msgs[1:] {
			ntt.Add(&w[i], &w[i], &m.w[i])
		}
		roundShift(&w[i], ps.nuW)
	}
}

// partialResponse returns INTT(Decode(Refresh(cm∘⟦ŝ⟧ + (r̂ + NTT(m*))))), the
// party's z_j, where cm is λ·ĉ in Montgomery form and ⟦ŝ⟧ the stored
// shares, then refreshes the stored shares. rhat and mstar are secret and
// not modified.
func (ks *KeyShare) partialResponse(cm *ntt.MontPoly, rhat []ntt.NTTPoly, mstar []ntt.Poly) ([]ntt.Poly, error) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if ks.s == nil {
		return nil, errClearedShare
	}
	d := ks.d
	tmp := make([]ntt.NTTPoly, d)
	var add, zh ntt.NTTPoly
	z := make([]ntt.Poly, len(rhat))
	for i := range z {
		add.Forward(&mstar[i])
		ntt.Add(&add, &add, &rhat[i])
		sh := ks.s[i*d : (i+1)*d]
		tmp[0].MulAddMont(&sh[0], cm, &add)
		for j := 1; j < d; j++ {
			tmp[j].MulMont(&sh[j], cm)
		}
		masking.Refresh(tmp, ks.g)
		// The documented recombination point: its output z_j is public.
		masking.Decode(&zh, tmp)
		z[i].Inverse(&zh)
		masking.Refresh(sh, ks.g)
	}
	clear(add[:])
	clearPolys(tmp)
	if err := ks.g.Err(); err != nil {
		// Masks of the Refresh calls may have been predictable: release
		// nothing computed with them.
		clearPolys(z)
		return nil, err
	}
	return z, nil
}

// cleared reports whether ks.Clear was called.
func (ks *KeyShare) cleared() bool {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	return ks.s == nil
}
