package cli

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"carebook/data"
)

// The crash test: attach, import and letters, each in a child process that
// is killed (kill -9, or its Windows equivalent) at a random moment, and at
// each moment the code names as the worst (data.CrashPoint); more than a
// hundred times. After every kill the database must open sound, every
// change must be all or nothing, and after check --repair no file may be
// left in the documents folder that no row points at.

// TestCrashChild is the child process: it runs the command line it is
// given and dies where it is told.
func TestCrashChild(t *testing.T) {
	raw := os.Getenv("CAREBOOK_CRASH_ARGS")
	if raw == "" {
		t.Skip("run by TestCrashSafety")
	}
	var args []string
	json.Unmarshal([]byte(raw), &args)
	if at := os.Getenv("CAREBOOK_CRASH_AT"); at != "" {
		data.CrashPoint = func(where string) {
			if where == at {
				p, _ := os.FindProcess(os.Getpid())
				p.Kill() // as abrupt as a pulled plug
				select {}
			}
		}
	}
	os.Exit(Run(args, &Env{Stdout: os.Stderr, Stderr: os.Stderr}))
}

type crashWorld struct {
	t       *testing.T
	db, dir string
	rng     *mrand.Rand
	n       int                      // operations started
	killed  int                      // operations run to a kill or an end
	kills   map[string]int           // by kind: stopped by a kill before their end
	long    map[string]time.Duration // how long each kind takes, unkilled
}

func (w *crashWorld) child(at string, args ...string) *exec.Cmd {
	b, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
	cmd.Env = append(os.Environ(), "CAREBOOK_CRASH_ARGS="+string(b), "CAREBOOK_CRASH_AT="+at)
	return cmd
}

// operation makes the next attach, import or letters command line, with
// inputs of its own.
func (w *crashWorld) operation(kind string) []string {
	w.n++
	switch kind {
	case "attach":
		p := filepath.Join(w.dir, fmt.Sprintf("скан %d.pdf", w.n))
		b := make([]byte, 4<<20+w.rng.IntN(4<<20))
		rand.Read(b)
		copy(b, "%PDF-1.4\n")
		os.WriteFile(p, b, 0o600)
		return []string{"attach", "--db", w.db, "--child", "2026-00" + strconv.Itoa(1+w.rng.IntN(7)), "--kind", "test_result", "--file", p}
	case "import":
		var sb strings.Builder
		sb.WriteString("Дата;Сумма;Валюта;Плательщик;Номер\n")
		for i := range 150 {
			fmt.Fprintf(&sb, "%02d.10.2026;%d,00;KZT;Донор %d-%d;RUN%d-%d\n", 1+i%28, 1000+i, w.n, i%12, w.n, i)
		}
		p := filepath.Join(w.dir, fmt.Sprintf("выписка %d.csv", w.n))
		os.WriteFile(p, []byte(sb.String()), 0o600)
		return []string{"import", "donations", "--db", w.db, "--csv", p}
	}
	return []string{"letters", "--db", w.db, "--from", "2026-10-01", "--to", "2026-10-31",
		"--out", filepath.Join(w.dir, fmt.Sprintf("письма %d.pdf", w.n)), "--per-donor", filepath.Join(w.dir, fmt.Sprintf("почта %d", w.n))}
}

// state is what the invariants compare.
type crashState struct {
	docs, donations, letters, thanked int
	thankedByNone                     int // thanked without a letter (the demo has some: thanked by phone)
}

func (w *crashWorld) state() crashState {
	t := w.t
	t.Helper()
	s, err := data.Open(w.db)
	if err != nil {
		t.Fatalf("after kill %d the database does not open: %v", w.killed, err)
	}
	defer s.Close()
	if ro := s.ReadOnly(); ro != nil {
		t.Fatalf("after kill %d the database is not sound: %v", w.killed, ro)
	}
	ctx := context.Background()
	var st crashState
	q := func(sql string, v *int) {
		if err := s.DB().QueryRowContext(ctx, sql).Scan(v); err != nil {
			t.Fatal(err)
		}
	}
	q("SELECT count(*) FROM documents", &st.docs)
	q("SELECT count(*) FROM donations", &st.donations)
	q("SELECT count(*) FROM letters", &st.letters)
	// Thanked: its own thanked_at, or a thank-you letter's link.
	q("SELECT count(*) FROM donations WHERE thanked_at IS NOT NULL", &st.thanked)
	var byLetter int
	q("SELECT count(*) FROM thanked_by_letter", &byLetter)
	st.thanked += byLetter
	q(`SELECT count(*) FROM donations WHERE thanked_at IS NOT NULL AND (letter_id IS NULL OR letter_id NOT IN (SELECT id FROM letters))`, &st.thankedByNone)
	probs, err := s.VerifyFiles(ctx, nil)
	if err != nil || len(probs) > 0 {
		t.Fatalf("after kill %d a document's file is missing or wrong: %v %v", w.killed, probs, err)
	}
	return st
}

// run starts one operation, kills it at a random moment (or at the named
// point), and checks that it did all or nothing.
func (w *crashWorld) run(kind, at string) {
	t := w.t
	before := w.state()
	args := w.operation(kind)
	cmd := w.child(at, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if at == "" {
		// A moment within how long it takes (start-up included), a
		// little past it now and then, to land after the end too.
		limit := w.long[kind] * 11 / 10
		select {
		case <-done:
		case <-time.After(time.Duration(w.rng.Int64N(int64(limit) + 1))):
			cmd.Process.Kill()
			if err := <-done; err != nil {
				w.kills[kind]++
			}
		}
	} else if err := <-done; err != nil {
		w.kills[kind+" at "+at]++
	}
	w.killed++
	after := w.state()
	if after.thankedByNone != before.thankedByNone {
		t.Fatalf("kill %d: %d donations are now thanked by no letter", w.killed, after.thankedByNone-before.thankedByNone)
	}
	switch kind {
	case "attach":
		if d := after.docs - before.docs; d != 0 && d != 1 {
			t.Fatalf("attach left %d new documents", d)
		}
	case "import":
		if d := after.donations - before.donations; d != 0 && d != 150 {
			t.Fatalf("kill %d: an import stopped half way: %d of 150 donations", w.killed, d)
		}
	case "letters":
		if after.letters > before.letters {
			out := args[len(args)-3]
			if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
				t.Fatalf("kill %d: %d letters recorded but the batch %s is missing", w.killed, after.letters-before.letters, out)
			}
		}
		if after.letters == before.letters && after.thanked != before.thanked {
			t.Fatalf("kill %d: donations were marked thanked without letters", w.killed)
		}
	}
}

// measure runs an operation unkilled, to learn how long it takes.
func (w *crashWorld) measure(kind string) {
	start := time.Now()
	out, err := w.child("", w.operation(kind)...).CombinedOutput()
	if err != nil {
		w.t.Fatalf("%s without a kill: %v\n%s", kind, err, out)
	}
	w.long[kind] = time.Since(start)
}

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test starts more than a hundred processes")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CAREBOOK_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (CAREBOOK_CRASH_SEED=%d repeats this run)", seed, seed)
	w := &crashWorld{t: t, db: demoDB(t), dir: t.TempDir(), rng: mrand.New(mrand.NewPCG(seed, 1)),
		long: map[string]time.Duration{}, kills: map[string]int{}}
	for _, k := range []string{"attach", "import", "letters"} {
		w.measure(k)
	}
	t.Logf("unkilled: %v", w.long)
	// The worst moments, each named by the code.
	for _, at := range []struct{ kind, point string }{
		{"attach", "file-stored"}, {"letters", "letters-stored"}, {"letters", "letters-committed"},
	} {
		if at.point != "" {
			if at.kind == "letters" {
				w.measure("import") // something to thank
			}
			w.run(at.kind, at.point)
		}
	}
	// And at random.
	kinds := []string{"attach", "import", "letters"}
	for w.kills["attach"]+w.kills["import"]+w.kills["letters"] < 100 {
		w.run(kinds[w.rng.IntN(len(kinds))], "")
	}
	code, out, errOut := run(t, "check", "--db", w.db, "--repair")
	if code != ExitOK {
		t.Fatalf("check --repair after %d kills: %s %s", w.killed, out, errOut)
	}
	s, err := data.Open(w.db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := s.Checkup(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Problems() > 0 {
		t.Fatalf("after check --repair: %d problems (%d orphans, %d temporaries)", c.Problems(), len(c.Orphans), len(c.Temporaries))
	}
	t.Logf("%d runs, killed: %v; %s", w.killed, w.kills, out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
}

// Issue 23, item 7: an exchange import killed (kill -9) at ten points —
// the three the code names and seven moments through its run, decrypting
// included — never leaves the bundle readable beside the database, and the
// next start removes what it left.
func TestAKilledExchangeImportLeavesNothingReadable(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a dozen processes")
	}
	dir := t.TempDir()
	hq, shy := filepath.Join(dir, "hq", "HQ.db"), filepath.Join(dir, "shy", "SHY.db")
	os.MkdirAll(filepath.Dir(hq), 0o700)
	os.MkdirAll(filepath.Dir(shy), 0o700)
	pass := filepath.Join(dir, "pass.txt")
	os.WriteFile(pass, []byte("жаңа кеңсе 2026\n"), 0o600)
	if code, _, errOut := run(t, "demo", "--db", hq); code != ExitOK {
		t.Fatal(errOut)
	}
	region := someRegion(t, hq)
	invite := filepath.Join(dir, "shy.cbx")
	if code, _, errOut := run(t, "office", "invite", "--db", hq, "--code", "SHY", "--name", "Шымкент", "--region", region,
		"--out", invite, "--passphrase-file", pass); code != ExitOK {
		t.Fatal(errOut)
	}
	if code, _, errOut := run(t, "office", "join", "--bundle", invite, "--db", shy, "--passphrase-file", pass); code != ExitOK {
		t.Fatal(errOut)
	}
	// New papers for a case of SHY's region, large enough that decrypting
	// takes a while.
	s, _ := data.Open(hq)
	var caseNo string
	kids, _ := s.ListChildSummaries(context.Background(), data.ChildFilter{})
	for _, k := range kids {
		if c, _ := s.Children.Get(context.Background(), k.ID); c.Region == region {
			caseNo = c.CaseNumber
			break
		}
	}
	s.Close()
	for i := range 4 {
		p := filepath.Join(dir, fmt.Sprintf("скан %d.pdf", i))
		b := make([]byte, 6<<20)
		rand.Read(b)
		copy(b, "%PDF-1.4\n")
		os.WriteFile(p, b, 0o600)
		if code, _, errOut := run(t, "attach", "--db", hq, "--child", caseNo, "--kind", "test_result", "--file", p); code != ExitOK {
			t.Fatal(errOut)
		}
	}
	bundle := filepath.Join(dir, "to-shy.cbx")
	if code, _, errOut := run(t, "exchange", "export", "--db", hq, "--to", "SHY", "--out", bundle); code != ExitOK {
		t.Fatal(errOut)
	}
	w := &crashWorld{t: t}
	fresh := func(i int) string { // a copy of SHY's folder as it was before the import
		to := filepath.Join(dir, fmt.Sprintf("try%d", i))
		if err := exec.Command("cp", "-a", filepath.Dir(shy), to).Run(); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(to, "SHY.db")
	}
	start := time.Now()
	if out, err := w.child("", "exchange", "import", "--db", fresh(0), "--bundle", bundle).CombinedOutput(); err != nil {
		t.Fatalf("the import unkilled: %v\n%s", err, out)
	}
	long := time.Since(start)
	plainIn := func(db string) []string {
		var found []string
		entries, _ := os.ReadDir(filepath.Dir(db))
		for _, e := range entries {
			if e.IsDir() || !strings.HasPrefix(e.Name(), ".") {
				continue
			}
			b, _ := os.ReadFile(filepath.Join(filepath.Dir(db), e.Name()))
			for _, plain := range []string{"PK\x03\x04", "changes.jsonl", "%PDF-1.4"} {
				if strings.Contains(string(b), plain) {
					found = append(found, e.Name()+" holds "+strconv.Quote(plain))
				}
			}
		}
		return found
	}
	points := []string{"bundle-read", "bundle-applying", "bundle-applied"}
	for i := range 7 {
		points = append(points, (long * time.Duration(i+1) / 8).String())
	}
	leftBehind := 0
	for i, at := range points {
		db := fresh(i + 1)
		cmd := w.child(at, "exchange", "import", "--db", db, "--bundle", bundle)
		if d, err := time.ParseDuration(at); err == nil {
			cmd = w.child("", "exchange", "import", "--db", db, "--bundle", bundle)
			cmd.Start()
			time.Sleep(d)
			cmd.Process.Kill()
			cmd.Wait()
		} else {
			cmd.Run()
		}
		if found := plainIn(db); len(found) > 0 {
			t.Errorf("killed at %s: %v", at, found)
		}
		left := false
		entries, _ := os.ReadDir(filepath.Dir(db))
		for _, e := range entries {
			// a sealed copy, or the lock of one (stopped while closing it)
			if strings.HasPrefix(e.Name(), ".cbx-open-") {
				left = true
			}
		}
		if left {
			leftBehind++
		}
		// The next start: check says what it removed.
		if _, out, _ := run(t, "check", "--db", db); strings.Contains(out, ".cbx-open-") != left {
			t.Errorf("killed at %s: check does not say it removed the sealed copy\n%s", at, out)
		}
		entries, _ = os.ReadDir(filepath.Dir(db))
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".cbx-") {
				t.Errorf("killed at %s: %s is still there after the next start", at, e.Name())
			}
		}
	}
	t.Logf("%d of %d kills left a sealed copy behind (removed at the next start)", leftBehind, len(points))
	if leftBehind == 0 {
		t.Error("no kill landed while the bundle was open: the test shows nothing")
	}
}

// Issue 26: the first person's `people add` encrypts the documents; killed
// in the middle (with an encrypted copy written and not yet renamed, or
// after the first file), nothing is lost, check says what is left in the
// clear, and check --repair as that person finishes it.
func TestAKilledEncryptionLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	for _, at := range []string{"file-sealing", "file-sealed"} {
		t.Run(at, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "office.db")
			s, err := data.Open(db)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			c := &data.Child{FirstName: "Айгерим", LastName: "Нұрланова", BirthDate: data.MustDate("2018-01-01")}
			if err := s.Children.Create(ctx, c); err != nil {
				t.Fatal(err)
			}
			for i := range 4 {
				body := fmt.Sprintf("%%PDF-1.4 заключение %d %s", i, strings.Repeat("x", 100<<10))
				if err := s.AttachFile(ctx, &data.Document{ChildID: c.ID, Kind: data.DocOther, Title: fmt.Sprint("скан ", i), FileName: "скан.pdf"}, strings.NewReader(body), 0); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			pw := filepath.Join(dir, "pw")
			os.WriteFile(pw, []byte("қауіпсіз құпия\n"), 0o600)
			w := &crashWorld{t: t}
			cmd := w.child(at, "people", "add", "--db", db, "--name", "Әсел Нұрланова", "--new-password-file", pw)
			if err := cmd.Run(); err == nil {
				t.Fatal("the child was not killed")
			}
			plain := func() (n int) {
				filepath.WalkDir(filepath.Join(dir, "files"), func(p string, d os.DirEntry, err error) error {
					if b, _ := os.ReadFile(p); err == nil && !d.IsDir() && strings.HasPrefix(string(b), "%PDF") {
						n++
					}
					return nil
				})
				return n
			}
			// Killed half-way: some files still in the clear, none lost.
			if n := plain(); n == 0 || at == "file-sealed" && n == 4 {
				t.Fatalf("%d of 4 files in the clear after the kill at %s", n, at)
			}
			// Signing in finishes the encryption; check finds nothing missing
			// or altered (a copy being written when the kill came is a
			// leftover, moved aside by --repair).
			code, out, _ := run(t, "check", "--db", db, "--as", "Әсел Нұрланова", "--password-file", pw)
			if strings.Contains(out, "missing") || strings.Contains(out, "altered") || (code != ExitOK) != (at == "file-sealing") {
				t.Fatalf("check after the kill: %d\n%s", code, out)
			}
			if code, out, errOut := run(t, "check", "--db", db, "--as", "Әсел Нұрланова", "--password-file", pw, "--repair"); code != ExitOK {
				t.Fatalf("check --repair: %d\n%s\n%s", code, out, errOut)
			}
			if code, out, errOut := run(t, "check", "--db", db, "--as", "Әсел Нұрланова", "--password-file", pw); code != ExitOK {
				t.Fatalf("check after the repair: %d\n%s\n%s", code, out, errOut)
			}
			if n := plain(); n != 0 {
				t.Fatalf("%d files still in the clear", n)
			}
		})
	}
}
