package ui

import (
	"errors"
	"path/filepath"
	"strings"

	"carebook/backup"
	"carebook/bank"
	"carebook/data"
	"carebook/data/filestore"
	"carebook/hub"
	"carebook/reports"
)

// Every error a person can meet is worded here, in the interface language:
// errorText picks the sentence by the error's kind; the kinds themselves are
// the constants of the package that returns them.

// showError shows a failure in the interface language, never a crash.
func (u *App) showError(err error) {
	if err == nil {
		return
	}
	u.errorDialog(errorText(err))
}

// errorText is the sentence a person reads for an error.
func errorText(err error) string {
	var te *data.TransitionError
	var ve *data.ValidationError
	var fe *filestore.Error
	var ite *data.ImageTooLargeError
	var se *data.CSVError
	var bf2 *bank.FileError
	var mr *data.MissingRateError
	var nc *reports.ErrNoStoryConsent
	var oe *reports.OutcomeError
	var field *data.FieldError
	var out *data.OutputError
	var ro *data.ReadOnlyError
	var le *data.LockedError
	var oe2 *data.OpenError
	var bf *backup.FolderError
	var ee *data.ExchangeError
	var bc *backup.CheckError
	var nb *backup.NotABackupError
	var role *data.RoleError
	var pe *data.PersonError
	var snooze *data.SnoozeError
	if text, ok := pdfErrorText(err); ok {
		return text
	}
	switch {
	case errors.As(err, &snooze):
		return snoozeErrorText(snooze)
	case errors.As(err, &role):
		var roles []string
		for _, r := range data.RolesFor(role.Need) {
			roles = append(roles, RoleLabel(r))
		}
		return T("This needs the role: {{.Roles}}. Ask someone who has it, or an administrator to give it to you.", map[string]any{"Roles": strings.Join(roles, " / ")})
	case errors.As(err, &pe):
		return personErrorText(pe)
	case errors.As(err, &ee):
		return exchangeErrorText(ee)
	case errors.As(err, &bf):
		return T("The backup folder {{.Dir}} cannot be used. Is the USB stick or disk connected? ({{.Error}})", map[string]any{"Dir": bf.Dir, "Error": bf.Err})
	case errors.As(err, &bc):
		problem := ""
		if len(bc.Problems) > 0 {
			problem = bc.Problems[0]
		}
		return T("The backup did not pass its check and was not kept; the earlier backups are unchanged. ({{.Problem}})", map[string]any{"Problem": problem})
	case errors.As(err, &nb):
		return T("{{.Path}} is not a Carebook backup.", map[string]any{"Path": nb.Path})
	case errors.Is(err, backup.ErrWrongPassphrase):
		return T("The passphrase does not open these backups. Check the keyboard layout and Caps Lock, and try again.")
	case errors.Is(err, backup.ErrNeedPassphrase):
		return T("The backup is encrypted: its passphrase is needed.")
	case errors.Is(err, backup.ErrShortPassphrase):
		return T("The passphrase must be at least {{.N}} characters long.", map[string]any{"N": backup.MinPassphrase})
	case errors.Is(err, errPassphrasesDiffer):
		return T("The two passphrases differ. Type the same passphrase twice.")
	case errors.As(err, &ro):
		return readOnlyText(ro)
	case errors.As(err, &le):
		return lockedText(le)
	case errors.As(err, &oe2):
		return startupErrorText(oe2)
	case errors.Is(err, data.ErrBusy):
		return T("Another Carebook is writing to this database (an import, or a batch of letters?). Nothing was changed and what you typed is still here: try again in a moment.")
	case errors.Is(err, data.ErrDiskFull):
		return T("The disk is full: nothing was changed. Free some space, then try again.")
	case data.IsDamaged(err):
		return T("The database is damaged: nothing was changed. Check it, and restore the last good backup.")
	case errors.As(err, &out):
		p := map[string]any{"Path": out.Path, "Other": out.Other}
		switch out.Clash {
		case data.ClashDatabase:
			return T("{{.Path}} is part of the Carebook database. Nothing was written: choose another file name.", p)
		case data.ClashDocuments:
			return T("{{.Path}} is inside the folder where Carebook keeps the documents. Nothing was written: choose another folder.", p)
		case data.ClashBackups:
			return T("{{.Path}} is inside the backup folder. Nothing was written: choose another folder.", p)
		case data.ClashFolder:
			return T("{{.Path}} is a folder. Nothing was written: give a file name.", p)
		}
		return T("{{.Path}} would be written twice (also as {{.Other}}). Nothing was written: give each file its own name.", p)
	case errors.As(err, &te):
		switch te.Need {
		case data.NeedReason:
			return T("Please give a reason for this change.")
		case data.NeedOutcome:
			return T("Please choose how the case ended.")
		case data.NeedLive:
			return T("The case is in the Trash. Restore it first.")
		case data.NeedPapers:
			return missingPapersText(te.Missing)
		}
		return T("A case cannot move from “{{.From}}” to “{{.To}}”.", map[string]any{
			"From": StatusLabel(te.From), "To": StatusLabel(te.To)})
	case errors.Is(err, data.ErrConflict):
		return T("Someone else changed this since you opened it. Your text is still in the form: copy what you need, then reopen it.")
	case errors.Is(err, data.ErrNotFound):
		return T("This record no longer exists or is in the Trash.")
	case errors.As(err, &fe):
		return fileErrorText(fe)
	case errors.As(err, &ite):
		return T("The image is {{.Width}} × {{.Height}} pixels: too large to show safely.", map[string]any{"Width": ite.Width, "Height": ite.Height})
	case errors.As(err, &ve):
		var parts []string
		for _, fe := range ve.Fields {
			parts = append(parts, fieldErrorText(fe, nil))
		}
		return strings.Join(parts, "\n")
	case errors.As(err, &field):
		return fieldErrorText(field, nil)
	case errors.As(err, &se):
		if se.Code == "empty" {
			return T("The file is empty.")
		}
		return T("The file cannot be read.")
	case errors.As(err, &bf2):
		return statementFileText(bf2)
	case errors.Is(err, bank.ErrChanged):
		return T("The statement file changed since it was read: open it again.")
	case errors.As(err, &mr):
		return T("No {{.Currency}} rate on or before {{.Date}}: those amounts stay in their own currency and are left out of the totals. Enter the rate in Settings → Exchange rates.",
			map[string]any{"Currency": mr.Currency, "Date": mr.On.Local(Language())})
	case errors.As(err, &nc):
		return T("Case {{.Case}} has no valid consent to publish the story, so no appeal sheet can be printed. Record the family's consent first.",
			map[string]any{"Case": nc.CaseNumber})
	case errors.As(err, &oe):
		if oe.CaseNumber == "" {
			return T("A letter about the outcome is written for one child: choose the child.")
		}
		return T("Case {{.Case}} has no outcome yet (it is at “{{.Status}}”).", map[string]any{"Case": oe.CaseNumber, "Status": StatusLabel(oe.Status)})
	case errors.Is(err, reports.ErrNothingToWrite):
		return T("No donation is waiting for this letter. Nothing would be written.")
	case errors.As(err, new(*hub.AddressError)):
		return hubAddressText(err)
	case errors.As(err, new(*hub.UnreachableError)):
		return hubUnreachableText(err)
	case errors.Is(err, hub.ErrOlder):
		return T("The hub is older than this Carebook: the head office brings it up to date (carebook hub init). Nothing was sent; this computer keeps working offline.")
	case errors.Is(err, hub.ErrNewer):
		return T("The hub was set up by a newer Carebook: update Carebook on this computer. Nothing was sent.")
	case errors.Is(err, hub.ErrOtherFoundation):
		return T("This hub belongs to another foundation: check the hub address in Settings → Hub. Nothing was sent.")
	}
	return T("Something went wrong: {{.Error}}", map[string]any{"Error": err.Error()})
}

// fileErrorText says in the interface language why a file was refused.
func fileErrorText(fe *filestore.Error) string {
	p := map[string]any{"Name": filepath.Base(fe.Path), "Limit": fe.Limit >> 20}
	switch fe.Kind {
	case filestore.IsFolder:
		return T("“{{.Name}}” is a folder. Choose the files inside it instead.", p)
	case filestore.Unreadable:
		return T("“{{.Name}}” cannot be read. Check that it exists and that you may open it.", p)
	case filestore.TooLarge:
		return T("“{{.Name}}” is larger than {{.Limit}} MB, the limit set in Settings.", p)
	case filestore.Empty:
		return T("“{{.Name}}” is empty.", p)
	case filestore.Vanished:
		return T("“{{.Name}}” could not be read to the end. Was it moved, or the USB stick pulled out? Nothing was stored.", p)
	case filestore.DiskFull:
		return T("The disk is full: “{{.Name}}” was not stored. Free some space and try again.", p)
	case filestore.Missing:
		return T("The file of “{{.Name}}” is missing from the files folder. Run the check, or restore the folder from a backup.", p)
	case filestore.Altered:
		return T("The file of “{{.Name}}” was changed on disk and no longer matches. Restore it from a backup.", p)
	case filestore.Locked:
		return T("“{{.Name}}” is encrypted: only someone whose roles may see the documents, signed in, can open it.", p)
	case filestore.NotWritable:
		return T("Cannot write into {{.Path}}. Choose a folder you may write to (is the USB stick full or read-only?).", map[string]any{"Path": fe.Path})
	}
	return T("“{{.Name}}” could not be stored. Nothing was changed.", p)
}

// personErrorText says why signing in or managing people was refused.
func personErrorText(e *data.PersonError) string {
	switch e.Kind {
	case data.PersonUnknown:
		return T("There is nobody called {{.Name}} here.", map[string]any{"Name": e.Detail})
	case data.PersonWrongPass:
		return T("Wrong password. Check the keyboard layout and Caps Lock, and try again.")
	case data.PersonSlowDown:
		return T("Too many wrong passwords: try again in {{.N}} seconds.", map[string]any{"N": int(e.Wait.Seconds()) + 1})
	case data.PersonInactive:
		return T("{{.Name}} is deactivated. An administrator can activate them again in Settings → People.", map[string]any{"Name": e.Detail})
	case data.PersonShortPass:
		return T("The password must be at least {{.N}} characters long.", map[string]any{"N": data.MinPassword})
	case data.PersonNoName:
		return T("Give the person's name.")
	case data.PersonExists:
		return T("There is already a person called {{.Name}}.", map[string]any{"Name": e.Detail})
	case data.PersonNoRole:
		return T("Choose at least one role.")
	case data.PersonLastAdmin:
		return T("This is the last administrator: make someone else administrator first.")
	case data.PersonWrongKey:
		return T("This is not this database's recovery key.")
	case data.PersonNeedSignIn:
		return T("Sign in first.")
	case data.PersonExpired:
		return T("{{.Name}} was given access until a date that has passed. An administrator can extend it in Settings → People.", map[string]any{"Name": e.Detail})
	case data.PersonBackupKey:
		return T("The documents in this backup are encrypted. Give the name and password of one of the people of the backed-up database, or its recovery key.")
	}
	return e.Error()
}
