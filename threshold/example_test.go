package threshold_test

import (
	"fmt"

	"github.com/raccoon-go/raccoon/threshold"
)

// A 2-of-3 signature made by parties 0 and 2, all in one process. In a real
// deployment each party runs its Session on its own machine and the caller
// carries the (encoded) messages between them.
func Example() {
	p, err := threshold.NewParams(128, 2, 3)
	if err != nil {
		panic(err)
	}
	pk, shares, err := threshold.Deal(p)
	if err != nil {
		panic(err)
	}
	msg := []byte("pay Bob 10 coins")
	sid := threshold.NewSessionID(p.Level()) // fresh for every session
	signers := []int{0, 2}

	var sessions []*threshold.Session
	for _, i := range signers {
		s, err := threshold.NewSession(shares[i], sid, signers, msg)
		if err != nil {
			panic(err)
		}
		sessions = append(sessions, s)
	}
	var r1 []*threshold.Commitment
	for _, s := range sessions {
		m, err := s.Round1()
		if err != nil {
			panic(err)
		}
		r1 = append(r1, m)
	}
	var r2 []*threshold.Reveal
	for _, s := range sessions {
		m, err := s.Round2(r1) // every party gets every round-1 message
		if err != nil {
			panic(err)
		}
		r2 = append(r2, m)
	}
	var r3 []*threshold.Response
	for _, s := range sessions {
		m, err := s.Round3(r2)
		if err != nil {
			panic(err)
		}
		r3 = append(r3, m)
	}
	sig, err := threshold.Combine(pk, sid, msg, r1, r2, r3)
	if err != nil {
		panic(err)
	}
	fmt.Println(threshold.Verify(pk, msg, sig) == nil)
	fmt.Println(threshold.Verify(pk, []byte("pay Bob 1000 coins"), sig) == nil)
	// Output:
	// true
	// false
}
