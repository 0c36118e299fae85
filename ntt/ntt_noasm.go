package ntt

// The dispatch points of the package: one function per kernel. Assembly
// implementations, when added, replace these in files with build tags.

func forward(p *[N]uint64)             { forwardGeneric(p) }
func inverse(p *[N]uint64)             { inverseGeneric(p) }
func mulMont(z, x, y *[N]uint64)       { mulMontGeneric(z, x, y) }
func mulAddMont(z, x, y, a *[N]uint64) { mulAddMontGeneric(z, x, y, a) }
func add(z, x, y *[N]uint64)           { addGeneric(z, x, y) }
func sub(z, x, y *[N]uint64)           { subGeneric(z, x, y) }
