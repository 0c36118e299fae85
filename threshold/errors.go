package threshold

import (
	"errors"
	"fmt"
)

// PartyError reports a message of one party that failed a check: a
// commitment that the party's round-2 message does not open, or a MAC that
// does not match the round-1 messages this session received. Callers should
// exclude Party from a new signing attempt (after checking the transport).
// Err is one of the errors of this package; errors.Is works through Unwrap.
type PartyError struct {
	Party int
	Err   error
}

func (e *PartyError) Error() string {
	return fmt.Sprintf("threshold: party %d: %v", e.Party, e.Err)
}

func (e *PartyError) Unwrap() error { return e.Err }

var (
	// ErrBadOpening means that a party's round-2 value w_i does not match
	// the commitment cmt_i of its round-1 message (Alg. 7 line 8).
	ErrBadOpening = errors.New("commitment does not open to the revealed w")
	// ErrBadMAC means that a party's round-2 MAC for this party does not
	// authenticate the round-1 messages this party received (Alg. 7 line 9):
	// the signers did not all see the same round-1 messages.
	ErrBadMAC = errors.New("MAC over the round-1 messages does not verify")

	errState         = errors.New("threshold: session round called out of order")
	errAborted       = errors.New("threshold: session aborted by an earlier error")
	errSessionID     = errors.New("threshold: invalid session id length")
	errMuLength      = errors.New("threshold: invalid message representative length")
	errSigners       = errors.New("threshold: invalid signer set")
	errTooFewSigners = errors.New("threshold: fewer signers than the threshold")
	errNotSigner     = errors.New("threshold: this party is not in the signer set")
	errDuplicate     = errors.New("threshold: duplicate or unknown party in the messages")
	errMismatch      = errors.New("threshold: message for another security level")
	errOwnMessage    = errors.New("threshold: this party's own message was altered")
	errClearedShare  = errors.New("threshold: key share was cleared")
	errCombine       = errors.New("threshold: combined signature does not satisfy the norm bound (fewer than T signers, or a signer misbehaved)")
)
