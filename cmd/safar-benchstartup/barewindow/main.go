// Command barewindow is the yardstick of make bench-startup: a Fyne window
// with one label and nothing else, built with the same Fyne version and
// tags as Safar, so that Safar's start-up time and memory are read as a
// ratio to what Fyne itself costs on the same machine.
package main

import (
	"fmt"
	"os"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	trace("init")
	a := fyneapp.NewWithID("app.safar.barewindow")
	w := a.NewWindow("Bare")
	trace("window")
	w.SetContent(widget.NewLabel("Hello"))
	// The size Safar opens at, so both draw the same number of pixels.
	w.Resize(fyne.NewSize(420, 760))
	// Fyne starts its run loop once it has drawn the first frame.
	a.Lifecycle().SetOnStarted(func() { trace("run loop") })
	w.ShowAndRun()
}

// trace marks that a step is done, as Safar does (main_bench.go), for
// safar-benchstartup -trace, which sets SAFAR_BENCH_TRACE.
func trace(step string) {
	if os.Getenv("SAFAR_BENCH_TRACE") == "" {
		return
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Fprintf(os.Stderr, "safar-trace: %s %d %d\n", step, time.Now().UnixNano(), ru.Utime.Nano()+ru.Stime.Nano())
}
