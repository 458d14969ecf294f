package ui

import (
	"context"
	"errors"
	neturl "net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/hub"
)

// hubEvery is how often an office with a hub syncs while Carebook is open.
const hubEvery = 5 * time.Minute

// hubState is what the window knows about the hub right now.
type hubState struct {
	mu      sync.Mutex
	url     string
	running bool
	last    time.Time // the last sync that went through
	err     error     // the last attempt's failure (offline), until one succeeds
	status  *button
	stop    context.CancelFunc
}

// hubStatusText is the foot's word on the hub: synced when, offline, or
// conflicts waiting ("" without a hub).
func (u *App) hubStatusText() (string, widget.Importance) {
	h := &u.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.url == "" {
		return "", widget.LowImportance
	}
	open := 0
	if cs, err := u.store.Conflicts(u.ctx, true); err == nil {
		open = len(cs)
	}
	switch {
	case h.running:
		return T("Hub: syncing…"), widget.LowImportance
	case open > 0:
		return TN("Hub: {{.Count}} conflicts to review", open), widget.WarningImportance
	case errors.Is(h.err, hub.ErrOlder) || errors.Is(h.err, hub.ErrNewer) || errors.Is(h.err, hub.ErrOtherFoundation) || errors.As(h.err, new(*hub.AddressError)):
		// online, but this hub cannot be used: the reason is on the hub page
		return T("Hub: not synced, see Settings → Hub"), widget.WarningImportance
	case h.err != nil && h.last.IsZero():
		return T("Hub: offline"), widget.WarningImportance
	case h.err != nil:
		return T("Hub: offline, last synced {{.When}}", map[string]any{"When": whenText(h.last)}), widget.WarningImportance
	case h.last.IsZero():
		return T("Hub: not synced yet"), widget.LowImportance
	}
	return T("Hub: synced {{.When}}", map[string]any{"When": whenText(h.last)}), widget.LowImportance
}

// openHubStatus goes where the foot's word on the hub is acted on: the
// conflicts to review (Exchange), or else Settings → Hub.
func (u *App) openHubStatus() {
	if cs, err := u.store.Conflicts(u.ctx, true); err == nil && len(cs) > 0 {
		u.leave(func() { u.showSectionKey("exchange") }, nil)
		return
	}
	u.leave(func() {
		for i, s := range u.sections {
			if s.key == "settings" {
				u.showSection(i)
			}
		}
		u.push(hubPage(u))
	}, nil)
}

func (u *App) refreshHubStatus() {
	b := u.hub.status
	if b == nil {
		return
	}
	text, imp := u.hubStatusText()
	if text == "" {
		b.Hide()
		return
	}
	b.SetText(text)
	b.Importance = imp
	b.Show()
	b.Refresh()
}

// startHub reads this office's hub address and, with one, syncs now and
// every few minutes while the window is open.
func (u *App) startHub() {
	if u.store.Encrypted() && u.store.Person() == nil {
		u.session.hubOnSignIn = true // the documents it sends open only to someone signed in
		return
	}
	url, _ := u.store.HubURL(u.ctx)
	u.hub.mu.Lock()
	u.hub.url = url
	if u.hub.stop != nil {
		u.hub.stop()
		u.hub.stop = nil
	}
	u.hub.mu.Unlock()
	u.refreshHubStatus()
	if url == "" || u.store.ReadOnly() != nil {
		return
	}
	ctx, stop := context.WithCancel(u.ctx)
	u.hub.mu.Lock()
	u.hub.stop = stop
	u.hub.mu.Unlock()
	go func() {
		t := time.NewTicker(hubEvery)
		defer t.Stop()
		for {
			u.syncHub(nil)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// syncHub syncs with the hub in the background; done, if given, is told
// the outcome on the window's thread.
func (u *App) syncHub(done func(hub.SyncResult, error)) {
	h := &u.hub
	h.mu.Lock()
	if h.running || h.url == "" {
		h.mu.Unlock()
		return
	}
	h.running = true
	url := h.url
	h.mu.Unlock()
	fyne.Do(u.refreshHubStatus)
	go func() {
		ctx, cancel := context.WithTimeout(u.ctx, 10*time.Minute)
		res, err := hub.Sync(ctx, u.store, url)
		cancel()
		h.mu.Lock()
		h.running = false
		h.err = err
		if err == nil {
			h.last = time.Now()
		}
		h.mu.Unlock()
		fyne.Do(func() {
			u.refreshHubStatus()
			if err == nil && (res.Applied.Rows > 0 || res.Applied.Conflicts > 0) {
				u.children.reload()
			}
			u.refreshToday() // the hub is synced; conflicts may have come
			if done != nil {
				done(res, err)
			}
		})
	}()
}

// hubPage is Settings → Hub: this office's address of the head office's
// hub, the hub's certificate authority when it has one of its own, and
// Sync now.
func hubPage(u *App) *form {
	stored, _ := u.store.HubURL(u.ctx)
	url, ca := hubAddressParts(stored)
	f := newForm(u, T("Hub"))
	e := f.text("hub_url", T("Hub address"), &url, false, false)
	e.Password = true
	e.SetPlaceHolder("postgres://carebook_shy:…@hub.example.org:5432/carebook")
	reveal := newButtonWithIcon("", theme.VisibilityIcon(), nil)
	reveal.OnTapped = func() {
		e.Password = !e.Password
		if e.Password {
			reveal.SetIcon(theme.VisibilityIcon())
		} else {
			reveal.SetIcon(theme.VisibilityOffIcon())
		}
		e.Refresh()
	}
	f.beside(reveal)
	f.explain(T("The hub is the head office's database on the internet. With it, this office sends its work and takes the others' every few minutes while Carebook is open, whenever it is online; offline it works as ever. The head office gives you the address (carebook hub add-office); it holds a password: keep it secret."))
	caEntry := f.text("hub_ca", T("Hub certificate authority"), &ca, false, false)
	f.explain(T("Only if the head office says its hub has a certificate of its own: the file (.crt) it gives you. Carebook reaches a hub on another computer only encrypted, with its certificate checked."))
	choose := newButtonWithIcon("", theme.FolderOpenIcon(), func() {
		u.chooseFile([]string{".crt", ".pem", ".cer"}, func(path string) { caEntry.SetText(path) })
	})
	f.beside(choose)
	state := widget.NewLabel("")
	state.Wrapping = fyne.TextWrapWord
	var lastErr error
	details := newButton(T("Details"), func() {
		if lastErr != nil {
			u.inform(T("Details"), lastErr.Error())
		}
	})
	show := func(text string, err error) {
		lastErr = err
		if err != nil {
			text += " — " + errorText(err)
			details.Show()
		} else {
			details.Hide()
		}
		state.SetText(text)
	}
	text, _ := u.hubStatusText()
	u.hub.mu.Lock()
	err := u.hub.err
	u.hub.mu.Unlock()
	show(text, err)
	now := newButtonWithIcon(T("Sync now"), theme.ViewRefreshIcon(), nil)
	now.OnTapped = func() {
		now.Disable()
		u.syncHub(func(res hub.SyncResult, err error) {
			now.Enable()
			if err != nil {
				show(T("Hub: not synced"), err)
				return
			}
			show(T("Synced: sent {{.Sent}} changes, took {{.Took}}; {{.Conflicts}} new conflicts.",
				map[string]any{"Sent": res.Pushed, "Took": res.Applied.Rows, "Conflicts": res.Conflict + res.Applied.Conflicts}), nil)
		})
	}
	if stored == "" {
		now.Disable()
	}
	f.below = []fyne.CanvasObject{widget.NewSeparator(), container.NewBorder(nil, nil, nil, container.NewHBox(details, now), state)}
	f.submit = func() error {
		addr := ""
		if strings.TrimSpace(url) != "" {
			var err error
			if addr, err = hub.WithCA(strings.TrimSpace(url), strings.TrimSpace(ca)); err != nil {
				return err
			}
			// Refused here, before it is kept, as it would be at every sync.
			if _, err := hub.Config(addr); err != nil {
				return err
			}
		}
		return u.store.SetHubURL(u.ctx, addr)
	}
	f.done = func() {
		u.startHub()
		u.pop()
	}
	f.cancelled = u.pop
	return f
}

// hubAddressParts splits a stored hub address into the address as the head
// office gave it and the certificate authority file added to it.
func hubAddressParts(stored string) (address, ca string) {
	u, err := neturl.Parse(stored)
	if err != nil || stored == "" {
		return stored, ""
	}
	q := u.Query()
	ca = q.Get("sslrootcert")
	q.Del("sslrootcert")
	u.RawQuery = q.Encode()
	return u.String(), ca
}

// hubAddressText says why a hub address was refused before connecting.
func hubAddressText(err error) string {
	var ae *hub.AddressError
	errors.As(err, &ae)
	p := map[string]any{"Host": ae.Host, "Mode": ae.Mode}
	switch ae.Kind {
	case hub.AddressPlaintext:
		return T("The hub address for {{.Host}} lets the connection go unencrypted (sslmode={{.Mode}}): children's data would cross the internet readable. Nothing was sent. Ask the head office for an address with sslmode=verify-full.", p)
	case hub.AddressUnverified:
		return T("The hub address for {{.Host}} does not check the hub's certificate (sslmode={{.Mode}}): anyone on the way could pose as the hub. Nothing was sent. Ask the head office for an address with sslmode=verify-full.", p)
	case hub.AddressNoCA:
		return T("The file of the hub's certificate authority cannot be read. Choose it again in Settings → Hub.")
	}
	return T("This is not a hub address. It looks like postgres://name:password@hub.example.org:5432/carebook; the head office gives it.")
}

// hubUnreachableText says, in words, why the hub could not be reached; the
// driver's own text stays behind Details.
func hubUnreachableText(err error) string {
	var ue *hub.UnreachableError
	errors.As(err, &ue)
	p := map[string]any{"Host": ue.Host}
	switch ue.Kind {
	case hub.UnreachedLogin:
		return T("The hub at {{.Host}} refused this office's login: the password in the address is wrong or was replaced. Ask the head office for a new address.", p)
	case hub.UnreachedCertificate:
		return T("The hub at {{.Host}} showed a certificate that cannot be trusted, so nothing was sent. If the head office gave you a certificate file, choose it under “Hub certificate authority”; otherwise tell the head office.", p)
	case hub.UnreachedNoDatabase:
		return T("The hub at {{.Host}} has no such database: check the address with the head office.", p)
	}
	return T("The hub at {{.Host}} did not answer. Carebook keeps working and will try again.", p)
}
