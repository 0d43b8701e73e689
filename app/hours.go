package app

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"safar.app/safar/app/text"
	"safar.app/safar/content/hours"
)

// openState says in the reader's language whether a place or line is open
// now and when that changes, read on the device's clock. It is nil when the
// hours are unknown: then the raw hours, if any, are all the reader gets.
func (a *App) openState(value string) fyne.CanvasObject {
	if value == "" {
		return nil
	}
	sch, err := hours.Parse(value)
	if err != nil {
		return nil // the checker refuses such hours; never guess at them
	}
	now := a.now()
	var state string
	switch next, ok := sch.NextChange(now); {
	case sch.Always():
		state = a.loc.T("Open247")
	case sch.OpenAt(now) && ok:
		state = a.loc.T("OpenUntil", "Time", a.loc.Time(next))
	case sch.OpenAt(now):
		state = a.loc.T("Open247")
	case !ok:
		state = a.loc.T("ClosedNow")
	default:
		state = a.opensAt(now, next)
	}
	if sch.HolidaysOff() {
		return vbox(a.ui(state, text.Strong), a.ui(a.loc.T("HolidaysMayDiffer"), text.Small))
	}
	return a.ui(state, text.Strong)
}

// opensAt names when a closed place opens: today, tomorrow, or a weekday.
func (a *App) opensAt(now, next time.Time) string {
	clock := a.loc.Time(next)
	y1, m1, d1 := now.Date()
	today := time.Date(y1, m1, d1, 0, 0, 0, 0, now.Location())
	switch days := int(next.Sub(today).Hours()) / 24; days {
	case 0:
		return a.loc.T("OpensToday", "Time", clock)
	case 1:
		return a.loc.T("OpensTomorrow", "Time", clock)
	}
	return a.loc.T("OpensOn", "Day", a.loc.T(fmt.Sprintf("Weekday%d", next.Weekday())), "Time", clock)
}
