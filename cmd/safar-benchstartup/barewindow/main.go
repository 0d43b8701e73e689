// Command barewindow is the yardstick of make bench-startup: a Fyne window
// with one label and nothing else, built with the same Fyne version and
// tags as Safar, so that Safar's start-up time and memory are read as a
// ratio to what Fyne itself costs on the same machine.
package main

import (
	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("app.safar.barewindow")
	w := a.NewWindow("Bare")
	w.SetContent(widget.NewLabel("Hello"))
	// The size Safar opens at, so both draw the same number of pixels.
	w.Resize(fyne.NewSize(420, 760))
	w.ShowAndRun()
}
