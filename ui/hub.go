package ui

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data/hub"
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
	status  *widget.Button
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
	case errors.Is(h.err, hub.ErrOlder) || errors.Is(h.err, hub.ErrNewer) || errors.Is(h.err, hub.ErrOtherFoundation):
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
			if done != nil {
				done(res, err)
			}
		})
	}()
}

// hubPage is Settings → Hub: this office's address of the head office's
// hub, and Sync now.
func hubPage(u *App) *form {
	url, _ := u.store.HubURL(u.ctx)
	f := newForm(u, T("Hub"))
	f.explain(T("With the head office's hub, this office sends its work and takes the others' every few minutes while Carebook is open, whenever it is online; offline it works as ever. The address comes from the head office (carebook hub add-office) and holds a password: keep it secret."))
	e := f.text("hub_url", T("Hub address"), &url, false, false)
	e.Password = true
	e.SetPlaceHolder("postgres://carebook_shy:…@hub.example.org:5432/carebook")
	state := widget.NewLabel("")
	state.Wrapping = fyne.TextWrapWord
	show := func() {
		text, _ := u.hubStatusText()
		u.hub.mu.Lock()
		err := u.hub.err
		u.hub.mu.Unlock()
		if err != nil {
			text += " — " + errorText(err)
		}
		state.SetText(text)
	}
	show()
	now := widget.NewButtonWithIcon(T("Sync now"), theme.ViewRefreshIcon(), nil)
	now.OnTapped = func() {
		now.Disable()
		u.syncHub(func(res hub.SyncResult, err error) {
			now.Enable()
			if err != nil {
				state.SetText(T("Hub: offline") + " — " + errorText(err))
				return
			}
			state.SetText(T("Synced: sent {{.Sent}} changes, took {{.Took}}; {{.Conflicts}} new conflicts.",
				map[string]any{"Sent": res.Pushed, "Took": res.Applied.Rows, "Conflicts": res.Conflict + res.Applied.Conflicts}))
		})
	}
	if url == "" {
		now.Disable()
	}
	f.below = []fyne.CanvasObject{widget.NewSeparator(), container.NewBorder(nil, nil, nil, now, state)}
	f.submit = func() error { return u.store.SetHubURL(u.ctx, url) }
	f.done = func() {
		u.startHub()
		u.pop()
	}
	f.cancelled = u.pop
	return f
}
