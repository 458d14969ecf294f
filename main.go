// Command carebook is the case book of a children's medical charity: the
// desktop app, and a command line for work that needs no window.
package main

import (
	"os"

	"fyne.io/fyne/v2/app"

	"carebook/cli"
	"carebook/data"
	_ "carebook/internal/sysenv" // before Fyne reads the locale
	"carebook/ui"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], &cli.Env{
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Window: func(s *data.Store, reopen cli.Reopen) error {
			a := app.NewWithID("org.carebook.app")
			ui.SetLanguage(a.Preferences().String("language"))
			w := ui.New(a, s)
			w.Reopen = reopen
			w.ShowAndRun()
			return nil
		},
		WindowError: func(err error) {
			a := app.NewWithID("org.carebook.app")
			ui.SetLanguage(a.Preferences().String("language"))
			ui.ShowStartupError(a, err)
		},
	}))
}
