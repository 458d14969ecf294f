package data

// CrashPoint, when set (by tests only), is called at the moments where a
// crash would do the most harm, by name: "file-stored" (a document's bytes
// are in the files folder, its row not yet written), "letters-stored" (the
// letters' PDFs are stored, not yet recorded), "letters-committed" (the
// donations are marked thanked), "file-sealing" (a document's encrypted copy
// is written beside the plain file, not yet renamed over it), "file-sealed"
// (one file encrypted, the others not yet). The crash tests make the process die there
// and then check that nothing was lost and nothing is left half done.
var CrashPoint func(where string)

func crashPoint(where string) {
	if CrashPoint != nil {
		CrashPoint(where)
	}
}
