package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"safar.app/safar/app"
)

// benchHooks are two environment variables for make bench-startup and for
// finding what the app keeps in memory; a reader never sets them:
//
//	SAFAR_BENCH_JOURNEY=N   once the window is up, walk every screen N
//	                        times in Arabic and Dari (app.Journey), then
//	                        print "safar: journey done" on stdout and keep
//	                        running, so that the caller reads the memory.
//	SAFAR_BENCH_PAUSE=D     how long the journey stays on each screen
//	                        (a Go duration; default 15ms, about one
//	                        frame at 60 Hz).
//	SAFAR_HEAPPROFILE=FILE  after the journey, write a heap profile to FILE
//	                        (go tool pprof FILE).
//	SAFAR_CPUPROFILE=FILE   profile the first three seconds of the program,
//	                        start-up included, into FILE.
//	SAFAR_BENCH_TRACE=1     print on stderr when each step of start-up is
//	                        done and the processor time used by then
//	                        ("safar-trace: STEP UNIXNANO CPUNANO"), for
//	                        safar-benchstartup -trace.
func benchHooks(a *app.App) {
	rounds, _ := strconv.Atoi(os.Getenv("SAFAR_BENCH_JOURNEY"))
	if rounds <= 0 {
		return
	}
	go func() {
		// Let the first frame be drawn before the journey starts.
		time.Sleep(500 * time.Millisecond)
		pause := 15 * time.Millisecond
		if d, err := time.ParseDuration(os.Getenv("SAFAR_BENCH_PAUSE")); err == nil {
			pause = d
		}
		visited, err := a.Journey(rounds, pause)
		if err != nil {
			fmt.Fprintln(os.Stderr, "safar:", err)
			os.Exit(1)
		}
		if path := os.Getenv("SAFAR_HEAPPROFILE"); path != "" {
			if err := writeHeapProfile(path); err != nil {
				fmt.Fprintln(os.Stderr, "safar: heap profile:", err)
			}
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("safar: journey done: %d screens; Go heap %.0f MiB in use, %.0f MiB from the OS, %d GCs\n",
			visited, float64(ms.HeapInuse)/(1<<20), float64(ms.HeapSys-ms.HeapReleased)/(1<<20), ms.NumGC)
	}()
}

// tracing is set by SAFAR_BENCH_TRACE.
var tracing = os.Getenv("SAFAR_BENCH_TRACE") != ""

// trace marks that start-up step is done, when tracing.
func trace(step string) {
	if tracing {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru) // every thread's, Mesa's too
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		fmt.Fprintf(os.Stderr, "safar-trace: %s %d %d\n", step, time.Now().UnixNano(), cpu)
	}
}

// tracer is trace for app.Options.Trace: nil when not tracing.
func tracer() func(string) {
	if !tracing {
		return nil
	}
	return trace
}

func init() {
	trace("init")
	path := os.Getenv("SAFAR_CPUPROFILE")
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "safar: cpu profile:", err)
		return
	}
	time.AfterFunc(3*time.Second, func() {
		pprof.StopCPUProfile()
		f.Close()
	})
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
