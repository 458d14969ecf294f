package backup

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Keep says how many backups of one database rotation keeps: the newest
// Today of the backups made today, and the newest of each of the last Daily
// days, Weekly weeks and Monthly months that have a backup. The newest
// backup is always kept, and so is every backup made by hand for
// KeepByHand: Carebook's own backups never rotate one away.
type Keep struct{ Today, Daily, Weekly, Monthly int }

// DefaultKeep is the newest three of today, a week of days, a month of
// weeks and a year of months.
var DefaultKeep = Keep{Today: 3, Daily: 7, Weekly: 4, Monthly: 12}

// KeepByHand is how long a backup made by hand is kept at least.
const KeepByHand = 30 * 24 * time.Hour

// toKeep picks, from backups newest first, the ones rotation keeps on the
// day now.
func toKeep(backups []Info, k Keep, now time.Time) map[string]bool {
	keep := map[string]bool{}
	days, weeks, months := map[string]bool{}, map[string]bool{}, map[string]bool{}
	today, ofToday := now.Local().Format("2006-01-02"), 0
	for i, b := range backups {
		t := b.Created.Local()
		y, w := t.ISOWeek()
		day, week, month := t.Format("2006-01-02"), fmt.Sprintf("%d-W%02d", y, w), t.Format("2006-01")
		if i == 0 {
			keep[b.Name] = true
		}
		if b.ByHand && now.Sub(b.Created) < KeepByHand {
			keep[b.Name] = true
		}
		if day == today && ofToday < k.Today {
			ofToday++
			keep[b.Name] = true
		}
		if !days[day] && len(days) < k.Daily {
			days[day], keep[b.Name] = true, true
		}
		if !weeks[week] && len(weeks) < k.Weekly {
			weeks[week], keep[b.Name] = true, true
		}
		if !months[month] && len(months) < k.Monthly {
			months[month], keep[b.Name] = true, true
		}
	}
	return keep
}

// rotate removes the backups of database dbID in dir that Keep does not
// keep, then the document files no backup left in dir (of any database)
// needs. The caller holds the folder's lock.
func rotate(dir, dbID string, k Keep, now time.Time, key *keys) (removed []string, freed int) {
	all, err := List(dir)
	if err != nil {
		return nil, 0
	}
	var mine []Info
	for _, b := range all {
		if b.DatabaseID == dbID {
			mine = append(mine, b)
		}
	}
	keep := toKeep(mine, k, now)
	needed, unknown := map[string]bool{}, false
	for _, b := range all {
		if b.DatabaseID == dbID && !keep[b.Name] {
			if os.RemoveAll(b.Path) == nil {
				removed = append(removed, b.Name)
				continue
			}
		}
		if b.Sealed && (key == nil || b.unlock(key) != nil) {
			unknown = true // another database's, under another key: its files stay
		}
		for _, d := range b.Documents {
			needed[d.SHA256] = true
		}
	}
	if len(removed) == 0 || unknown {
		return removed, 0
	}
	filepath.WalkDir(filepath.Join(dir, "files"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		sha := strings.TrimSuffix(strings.TrimSuffix(d.Name(), encSuffix), sealedSuffix)
		if shaLike(sha) && !needed[sha] {
			if os.Remove(p) == nil {
				freed++
			}
		}
		return nil
	})
	return removed, freed
}

func shaLike(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}
