package app

import (
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
)

// reminderHours are the choices of the check-in reminder; 0 is off.
var reminderHours = []int{0, 2, 4, 8, 12, 24}

// watchers holds the apps whose reminder watcher runs, so it starts once;
// reminded, the due time each app last showed, so it shows once.
var watchers, reminded sync.Map

// reminderPicker turns the check-in reminder on or off.
func (a *App) reminderPicker() fyne.CanvasObject {
	r, err := a.user.CheckinReminder()
	if err != nil {
		return a.errorText(err)
	}
	label := func(h int) string {
		if h == 0 {
			return a.loc.T("CheckinRemindOff")
		}
		return a.loc.T("CheckinRemindEvery", "Hours", strconv.Itoa(h))
	}
	var options []string
	hours := map[string]int{}
	for _, h := range reminderHours {
		options = append(options, label(h))
		hours[label(h)] = h
	}
	pick := widget.NewSelect(options, nil)
	pick.SetSelected(label(int(r.Every / time.Hour)))
	pick.OnChanged = func(s string) {
		if err := a.user.SetCheckinReminder(hours[s], a.now()); err != nil {
			fyne.LogError("save check-in reminder", err)
		}
		a.watchCheckin()
	}
	return vbox(a.ui(a.loc.T("CheckinRemind"), text.Strong), pick)
}

// checkedIn records a check-in the reader sent, which restarts the reminder.
func (a *App) checkedIn() {
	if err := a.user.CheckedIn(a.now()); err != nil {
		fyne.LogError("record check-in", err)
	}
}

// remindCheckin shows the reminder when a check-in is due: at start, when
// Safar is next opened after the time has passed, and from watchCheckin
// while it runs. Each due time is shown once.
func (a *App) remindCheckin() {
	r, err := a.user.CheckinReminder()
	if err != nil || r.Every == 0 {
		return
	}
	a.watchCheckin()
	if !r.Due(a.now()) {
		return
	}
	key := r.Last.Add(r.Every)
	if v, ok := reminded.Load(a); ok && v.(time.Time).Equal(key) {
		return
	}
	reminded.Store(a, key)
	msg := a.loc.T("CheckinDue")
	a.fyne.SendNotification(fyne.NewNotification(a.loc.T("AppName"), msg))
	d := dialog.NewCustomConfirm("", a.loc.T("CheckinDueOpen"), a.loc.T("Close"), a.ui(msg, text.Body), func(open bool) {
		if open {
			a.push(a.contactsScreen(false))
		}
	}, a.win)
	d.Show()
}

// watchCheckin starts, once, a check every minute while Safar runs, so a
// reminder that falls due is shown (and sent as a notification) on time.
func (a *App) watchCheckin() {
	if _, running := watchers.LoadOrStore(a, true); running {
		return
	}
	go func() {
		for range time.Tick(time.Minute) {
			fyne.Do(a.remindCheckin)
		}
	}()
}
