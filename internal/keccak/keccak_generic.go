package keccak

// f1600x4Generic applies Keccak-f[1600] to states 0…n−1 of s, 0 ≤ n ≤ 4,
// one at a time, and leaves states n…3 unchanged.
//
// Constant time: no data-dependent branches or memory indices (n is public).
func f1600x4Generic(s *State4, n int) {
	for j := range n {
		// Gathering the state into an array and scattering it back,
		// unrolled, costs about 3% of the permutation; indexing s[i][j]
		// in place would need an index register per access, which costs
		// more on arm64 (973 instead of 717 instructions per 4 rounds).
		j &= 3 // Bounds check elimination hint.
		a := [25]uint64{
			s[0][j], s[1][j], s[2][j], s[3][j], s[4][j],
			s[5][j], s[6][j], s[7][j], s[8][j], s[9][j],
			s[10][j], s[11][j], s[12][j], s[13][j], s[14][j],
			s[15][j], s[16][j], s[17][j], s[18][j], s[19][j],
			s[20][j], s[21][j], s[22][j], s[23][j], s[24][j],
		}
		f1600Generic(&a)
		s[0][j], s[1][j], s[2][j], s[3][j], s[4][j] = a[0], a[1], a[2], a[3], a[4]
		s[5][j], s[6][j], s[7][j], s[8][j], s[9][j] = a[5], a[6], a[7], a[8], a[9]
		s[10][j], s[11][j], s[12][j], s[13][j], s[14][j] = a[10], a[11], a[12], a[13], a[14]
		s[15][j], s[16][j], s[17][j], s[18][j], s[19][j] = a[15], a[16], a[17], a[18], a[19]
		s[20][j], s[21][j], s[22][j], s[23][j], s[24][j] = a[20], a[21], a[22], a[23], a[24]
	}
}
