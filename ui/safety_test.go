package ui

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"carebook/backup"
	"carebook/data"
	"carebook/demo"
)

// damagedStore is the demo with a table dropped by another tool: it opens
// read-only.
func damagedStore(t *testing.T) *data.Store {
	t.Helper()
	p := filepath.Join(t.TempDir(), "demo.db")
	s, err := demo.Create(context.Background(), p, demo.Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, _ := sql.Open("sqlite", p)
	if _, err := db.Exec("DROP TABLE letter_donations"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err = data.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Item 4 on the screen: a damaged database shows what it holds, says why
// nothing can be changed, and a save is refused in the person's language
// with the form kept.
func TestADamagedDatabaseSaysSoAndKeepsWhatWasTyped(t *testing.T) {
	s := damagedStore(t)
	u := newTestApp(t, s, "kk")
	if u.bannerText == nil || !strings.Contains(u.bannerText.Text, "зақымдалған") || !strings.Contains(u.bannerText.Text, "letter_donations") {
		t.Fatalf("banner: %v", u.bannerText)
	}
	if n := rowsShown(u.children); n != 7 {
		t.Fatalf("%d children shown", n)
	}
	u.newChild()
	f := u.top().(*form)
	typeInto(t, f, "first_name", "Әсем")
	typeInto(t, f, "last_name", "Қайратова")
	typeInto(t, f, "birth_date", "2018-05-05")
	f.trySave()
	if !f.banner.Visible() || !strings.Contains(f.banner.Text, "тек оқу үшін ашылды") {
		t.Fatalf("message: %q", f.banner.Text)
	}
	if u.top() != f || fieldNamed(t, f, "first_name").focus.(*formEntry).Text != "Әсем" {
		t.Fatal("the form was left")
	}
}

// openBackupsPage goes to Settings → Backups… as a person would.
func openBackupsPage(t *testing.T, u *App) *backupsPage {
	t.Helper()
	u.nav.Select(5)
	tapButton(t, u, T("Backups…"))
	p, ok := u.top().(*backupsPage)
	if !ok {
		t.Fatalf("on %T", u.top())
	}
	return p
}

// Item 7 in the window: back up into a chosen folder, see it listed and at
// the foot of the window, then restore it over later changes; the database
// that was open is kept aside.
func TestBackupsPageBacksUpAndRestores(t *testing.T) {
	s := demoStore(t)
	path := s.Path()
	u := newTestApp(t, s, "ru")
	u.Reopen = func() (*data.Store, error) { return data.Open(path) }
	t.Cleanup(func() { u.store.Close() })
	p := openBackupsPage(t, u)
	if !p.sameHD.Visible() {
		t.Fatal("no word that the default folder is on the same disk")
	}
	dir := filepath.Join(t.TempDir(), "USB", "Carebook backups")
	os.MkdirAll(filepath.Dir(dir), 0o700)
	p.setFolder(dir)
	tapButton(t, u, T("Back up now"))
	if !strings.HasPrefix(u.lastReport, dir) || len(p.items) != 1 {
		t.Fatalf("backup at %q, %d listed", u.lastReport, len(p.items))
	}
	u.win.Canvas().Overlays().Top().Hide()
	if !strings.Contains(u.status.Text, "сегодня") {
		t.Fatalf("status: %q", u.status.Text)
	}

	// A change after the backup, then the backup restored over it.
	mustDo(t, u.store.Children.Create(u.ctx, &data.Child{FirstName: "Лишний", LastName: "Ребёнок", BirthDate: data.MustDate("2019-01-01")}))
	p.list.Select(0)
	tapButton(t, u, "Восстановить…")
	if text := cellTextOf(u.win.Canvas().Overlays().Top()); !strings.Contains(text, "исправна") || !strings.Contains(text, "не удаляется") {
		t.Fatalf("confirmation: %q", text)
	}
	tapButton(t, u, "Восстановить")
	if text := cellTextOf(u.win.Canvas().Overlays().Top()); !strings.Contains(text, "before-restore") {
		t.Fatalf("after restore: %q", text)
	}
	if kids, _ := u.store.ListChildren(u.ctx, data.ChildFilter{}); len(kids) != 7 {
		t.Fatalf("%d children after the restore", len(kids))
	}
	if n := rowsShown(u.children); n != 7 {
		t.Fatalf("the list shows %d children", n)
	}
	// Kept in a folder of its own, before-restore/<when>/.
	kept, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "before-restore", "*", "*.db"))
	entries, _ := os.ReadDir(filepath.Dir(path))
	aside := len(kept)
	if aside != 1 {
		t.Fatalf("the database that was open is not kept: %v", entries)
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Item 7: the first start of a day backs up by itself, once; closing after
// changes backs up first, and without changes does not.
func TestBackupsRunByThemselves(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.autoBackup()
	last, _ := s.LastBackup(u.ctx)
	if last == nil || !strings.HasPrefix(last.Folder, filepath.Dir(s.Path())) {
		t.Fatalf("no backup at the day's first start: %+v", last)
	}
	if backup.DueOnStart(u.ctx, s, time.Now()) {
		t.Fatal("a second start the same day would back up again")
	}
	closed := 0
	u.backupBeforeClosing(func() { closed++ })
	if after, _ := s.LastBackup(u.ctx); closed != 1 || after.Name != last.Name {
		t.Fatal("closing without changes backed up again, or did not close")
	}
	mustDo(t, s.Donors.Create(u.ctx, &data.Donor{DisplayName: "Новый донор"}))
	u.backupBeforeClosing(func() { closed++ })
	if after, _ := s.LastBackup(u.ctx); closed != 2 || after.ChangeMark <= last.ChangeMark {
		t.Fatal("closing after a change did not back up first")
	}
}

// Item 7: with no good backup for a week (the stick is not connected), the
// window says so at start, and the foot of the window says it too.
func TestAnOverdueBackupIsTold(t *testing.T) {
	s := demoStore(t)
	mustDo(t, s.RecordBackup(context.Background(), data.BackupRecord{At: time.Now().AddDate(0, 0, -9), Folder: "E:\\", Name: "old"}))
	st, _ := s.Settings(context.Background())
	st.BackupFolder = filepath.Join(t.TempDir(), "not connected", "Carebook backups")
	mustDo(t, s.SaveSettings(context.Background(), st))
	u := newTestApp(t, s, "en")
	u.autoBackup()
	text := cellTextOf(u.win.Canvas().Overlays().Top())
	if !strings.Contains(text, "more than a week ago") || !strings.Contains(text, "USB stick") {
		t.Fatalf("warning: %q", text)
	}
	if !strings.Contains(u.status.Text, "failed") || u.status.Importance != widget.DangerImportance {
		t.Fatalf("status: %q", u.status.Text)
	}
}

// Item 6 in the window: a database that takes no changes can still be
// backed up to another folder, chosen for the session (Settings cannot
// keep it).
func TestALookOnlyDatabaseBacksUpToAnotherFolder(t *testing.T) {
	s := demoStore(t)
	p := s.Path()
	s.Close()
	ro, err := data.OpenWith(p, data.OpenOptions{ReadOnly: true})
	mustDo(t, err)
	t.Cleanup(func() { ro.Close() })
	u := newTestApp(t, ro, "en")
	if u.bannerText == nil || !strings.Contains(u.bannerText.Text, "nothing can be changed") {
		t.Fatal("no banner")
	}
	bp := openBackupsPage(t, u)
	dir := filepath.Join(t.TempDir(), "Carebook backups")
	bp.setFolder(dir)
	if bp.folder.Text != dir {
		t.Fatalf("folder shown: %q", bp.folder.Text)
	}
	tapButton(t, u, "Back up now")
	if list, _ := backup.List(dir); len(list) != 1 || list[0].Counts["children"] != 7 {
		t.Fatalf("backups in the chosen folder: %v", list)
	}
}

// Issue 26: a backup of a database whose documents are encrypted restores
// only with a password of one of its people or its recovery key; the
// window asks for them.
func TestRestoringAnotherDatabasesBackupAsksWhoseItIs(t *testing.T) {
	s := demoStore(t)
	path := s.Path()
	u := newTestApp(t, s, "en")
	u.Reopen = func() (*data.Store, error) { return data.Open(path) }
	t.Cleanup(func() { u.store.Close() })

	other, err := data.Open(filepath.Join(t.TempDir(), "other.db"))
	mustDo(t, err)
	kid := &data.Child{FirstName: "Айгерим", LastName: "Сейтова", BirthDate: data.MustDate("2016-03-08")}
	mustDo(t, other.Children.Create(u.ctx, kid))
	mustDo(t, other.AttachFile(u.ctx, &data.Document{ChildID: kid.ID, Kind: data.DocOther, Title: "Scan", FileName: "scan.pdf"}, strings.NewReader("%PDF-1.4 scan"), 0))
	_, recovery, err := other.AddFirstPerson(u.ctx, "Әсел Нұрланова", "kk", "қауіпсіз құпия")
	mustDo(t, err)
	_, err = other.SignIn(u.ctx, "Әсел Нұрланова", "қауіпсіз құпия")
	mustDo(t, err)
	_, err = other.SealFiles(u.ctx, nil)
	mustDo(t, err)
	dir := filepath.Join(t.TempDir(), "USB")
	res, err := backup.Make(u.ctx, other, backup.Options{Dir: dir})
	mustDo(t, err)
	other.Close()

	info, err := backup.Find(res.Path)
	mustDo(t, err)
	u.restore(info, backup.RestoreOptions{})
	top := u.win.Canvas().Overlays().Top()
	if text := cellTextOf(top); !strings.Contains(text, "Whose backup is it?") || !strings.Contains(text, "recovery key") {
		t.Fatalf("no question whose backup it is: %q", text)
	}
	if kids, _ := u.store.ListChildren(u.ctx, data.ChildFilter{}); len(kids) != 7 {
		t.Fatalf("the refused restore changed the open database: %d children", len(kids))
	}
	var entries []*formEntry
	find(top, func(x fyne.CanvasObject) bool {
		if e, ok := x.(*formEntry); ok {
			entries = append(entries, e)
		}
		return false
	})
	if len(entries) != 3 {
		t.Fatalf("%d entries in the question", len(entries))
	}
	entries[2].SetText(recovery)
	tapButton(t, u, "Restore")
	if kids, _ := u.store.ListChildren(u.ctx, data.ChildFilter{}); len(kids) != 1 {
		t.Fatalf("after the recovery key: %d children", len(kids))
	}
}
