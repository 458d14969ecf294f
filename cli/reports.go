// The report command: journey, grant and appeal PDFs.

package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"carebook/data"
	"carebook/data/filestore"
	"carebook/hub"
	"carebook/reports"
)

func runReport(env *Env, args []string) (err error) {
	if len(args) == 0 {
		return usagef("report what? journey, grant or appeal")
	}
	kind, args := args[0], args[1:]
	fs := newFlags("report " + kind)
	db := dbFlags(fs, "database file")
	out := fs.String("out", "", "PDF file to write")
	lang := fs.String("lang", "ru", "en, ru, kk or uz")
	var caseNo, edition, from, to, csvOut, program, region, diagnosis, status *string
	var pg *hubFlag
	var attachments *bool
	switch kind {
	case "journey":
		caseNo = fs.String("child", "", "case number")
		edition = fs.String("edition", "internal", "internal or public")
		attachments = fs.Bool("attachments", false, "append documents")
	case "appeal":
		caseNo = fs.String("child", "", "case number")
	case "grant":
		edition = fs.String("edition", "public", "public (for sponsors) or internal")
		from = fs.String("from", "", "first day")
		to = fs.String("to", "", "last day")
		csvOut = fs.String("csv", "", "CSV file to write beside the PDF")
		program = fs.String("program", "", "only this program")
		region = fs.String("region", "", "only this region")
		diagnosis = fs.String("diagnosis", "", "only diagnoses holding this text")
		status = fs.String("status", "", "only this status")
		pg = hubFlags(fs, "the head office's hub: the report on the whole foundation")
	default:
		return usagef("unknown report %q (journey, grant or appeal)", kind)
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	switch *lang {
	case "en", "ru", "kk", "uz":
	default:
		return usagef("--lang must be en, ru, kk or uz")
	}
	if *out == "" {
		return usagef("report %s needs --out FILE.pdf", kind)
	}
	if caseNo != nil && *caseNo == "" {
		return usagef("report %s needs --child CASE", kind)
	}
	if edition != nil && *edition != "internal" && *edition != "public" {
		return usagef("--edition must be internal or public")
	}
	one := ""
	if caseNo != nil {
		one = *caseNo
	}
	var s *data.Store
	var c *data.Child
	if pg != nil && pg.url != "" {
		// The whole foundation: a copy of the hub, removed at the end.
		dir, err := os.MkdirTemp("", "carebook-hub-view-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if s, err = hub.Snapshot(env.ctx, pg.address(), filepath.Join(dir, "hub.db")); err != nil {
			return err
		}
		defer s.Close()
	} else {
		if s, c, err = openCase(env, db, one, toLook); err != nil {
			return err
		}
		defer closeStore(env, s, &err)
	}
	ctx := env.ctx
	var childID string
	if c != nil {
		childID = c.ID
	}
	outs := []data.Output{{Path: *out}}
	if csvOut != nil && *csvOut != "" {
		outs = append(outs, data.Output{Path: *csvOut})
	}
	if err := s.CheckOutputs(ctx, outs...); err != nil {
		return err
	}
	var buf bytes.Buffer
	switch kind {
	case "journey":
		err = reports.Journey(ctx, s, childID, reports.JourneyOptions{Lang: *lang, Edition: reports.Edition(*edition), Attachments: *attachments}, &buf)
	case "appeal":
		err = reports.Appeal(ctx, s, childID, reports.AppealOptions{Lang: *lang}, &buf)
	case "grant":
		g := reports.GrantOptions{Lang: *lang, Program: *program, Region: *region, Diagnosis: *diagnosis, Edition: reports.Edition(*edition)}
		if g.From, err = data.ParseDate(*from); err != nil || g.From.IsZero() {
			return usagef("--from must be a date like 2026-01-01")
		}
		if g.To, err = data.ParseDate(*to); err != nil || g.To.IsZero() {
			return usagef("--to must be a date like 2026-12-31")
		}
		if g.To.Before(g.From) {
			return usagef("--to is before --from")
		}
		if *status != "" {
			st := data.Status(*status)
			if !slices.Contains(data.AllStatuses, st) {
				return usagef("unknown status %q (one of: %s)", *status, joinStatuses())
			}
			g.Status = st
		}
		var csvBuf bytes.Buffer
		var csvW io.Writer
		if *csvOut != "" {
			csvW = &csvBuf
		}
		err = reports.Grant(ctx, s, g, &buf, csvW)
		if err == nil && *csvOut != "" {
			if err := filestore.WriteFileAtomic(*csvOut, csvBuf.Bytes()); err != nil {
				return err
			}
		}
	}
	if err != nil {
		return err
	}
	if err := filestore.WriteFileAtomic(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote %s (%d KB).\n", *out, (buf.Len()+1023)/1024)
	return nil
}
