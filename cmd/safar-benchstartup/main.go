// Command safar-benchstartup measures how fast Safar starts and how much
// memory it holds, as ratios to a bare Fyne window with one label built the
// same way (cmd/safar-benchstartup/barewindow). make bench-startup builds both
// and runs it:
//
//	safar-benchstartup -safar BIN -bare BIN [-runs 12] [-journey 10] [-journeys 3] [-trace]
//
// It starts its own Xvfb and, through the X protocol, watches for each
// program's window to be mapped and polls the window's pixels until the
// first frame that is not blank (more than one colour). The programs are
// started in turn, run after run, each run beginning with the next one,
// so that the noise of a shared machine falls on all alike. Safar starts once on an installed data
// folder (content installed, the reader onboarded, in Arabic) and once on
// an empty one (the first run: the language picker).
//
// Peak memory is the kernel's high-water mark of resident memory (VmHWM
// in /proc/PID/status). After the start-up runs, Safar walks every screen
// -journey times in Arabic and Dari (app.Journey, started by the
// SAFAR_BENCH_JOURNEY hook), and its peak and final resident memory are
// compared with the bare window's peak.
//
// It prints one table and exits 1 when a target is missed. With -trace it
// first prints when each step of Safar's start-up was done (medians, from
// exec), as Safar reports them with SAFAR_BENCH_TRACE set, beside the
// window's mapping and first frame: where the time before the first frame
// goes.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"safar.app/safar/content/bundled"
	"safar.app/safar/userdata"
)

// coldShaders is -cold-shaders: start every program without Mesa's shader cache.
var coldShaders bool

// traceEnv, with -trace, asks both programs to say when each step is done.
var traceEnv = "SAFAR_BENCH_TRACE="

// The targets of issue 18, as ratios to the bare window.
const (
	targetInstalled = 1.2
	targetFirstRun  = 1.5
	targetMemory    = 1.3
)

func main() {
	safarBin := flag.String("safar", "", "the Safar desktop build")
	bareBin := flag.String("bare", "", "the bare window build (cmd/safar-benchstartup/barewindow)")
	runs := flag.Int("runs", 12, "start-ups of each program")
	rounds := flag.Int("journey", 10, "times the journey visits every screen")
	journeys := flag.Int("journeys", 1, "journeys to run (the median is shown)")
	pause := flag.Duration("pause", 15*time.Millisecond, "how long the journey stays on each screen")
	settle := flag.Duration("settle", time.Second, "wait after the first frame before reading start-up memory")
	keep := flag.Bool("keep", false, "keep the scratch folder (data folders, heap profiles)")
	traceSteps := flag.Bool("trace", false, "print when each step of Safar's start-up was done")
	flag.BoolVar(&coldShaders, "cold-shaders", false, "no shader cache: Mesa compiles every shader on every start")
	var extra envList
	flag.Var(&extra, "env", "KEY=VALUE for Safar's environment, to try a setting (repeatable; e.g. -env GOGC=50)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("safar-benchstartup: ")
	if *safarBin == "" || *bareBin == "" {
		flag.Usage()
		os.Exit(2)
	}
	scratch, err := os.MkdirTemp("", "safar-benchstartup-")
	if err != nil {
		log.Fatal(err)
	}
	if *keep {
		log.Printf("scratch folder: %s", scratch)
	} else {
		defer os.RemoveAll(scratch)
	}
	if *traceSteps {
		traceEnv = "SAFAR_BENCH_TRACE=1"
	}
	if err := run(*safarBin, *bareBin, scratch, *runs, *rounds, *journeys, *settle, append(extra, "SAFAR_BENCH_PAUSE="+pause.String())); err != nil {
		log.Print(err)
		if !*keep {
			os.RemoveAll(scratch)
		}
		os.Exit(1)
	}
}

func run(safarBin, bareBin, scratch string, runs, rounds, journeys int, settle time.Duration, extra []string) error {
	display, stopX, err := startXvfb()
	if err != nil {
		return err
	}
	defer stopX()
	w, err := newWatcher(display)
	if err != nil {
		return err
	}
	defer w.close()

	installed := filepath.Join(scratch, "installed")
	if err := prepareInstalled(installed); err != nil {
		return fmt.Errorf("prepare the installed data folder: %w", err)
	}
	// Fyne keeps preferences under HOME: a scratch HOME keeps the
	// machine's own out of the measurement. The XDG folders are named, not
	// emptied: Mesa reads an empty XDG_CACHE_HOME as a folder it cannot
	// use and then compiles every shader again on every start (about 250
	// ms of processor time for Safar's first frame, less for the bare
	// window's), which no reader's machine does; -cold-shaders measures
	// that way. Both programs share the one cache, as they share the
	// scratch HOME.
	home := filepath.Join(scratch, "home")
	cache := filepath.Join(home, ".cache")
	if coldShaders {
		cache = ""
	}
	env := append(os.Environ(), "DISPLAY="+display, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"), "XDG_CACHE_HOME="+cache, traceEnv)

	safarEnv := append(append([]string(nil), env...), extra...)

	var bare, inst, first []startup
	for i := 0; i < runs; i++ {
		kinds := []struct {
			into *[]startup
			bin  string
			args []string
			env  []string
		}{
			{&bare, bareBin, nil, env},
			{&inst, safarBin, []string{"-data", installed}, safarEnv},
			{&first, safarBin, []string{"-data", filepath.Join(scratch, "first-run-"+strconv.Itoa(i))}, safarEnv},
		}
		// Each run starts with the next kind: the start right after
		// another program's is slower on a busy machine (a window mapped
		// after the bare one took 1.45× as long as the same program's
		// next start), and rotating spreads that over all three.
		for k := range kinds {
			v := kinds[(i+k)%len(kinds)]
			s, err := w.start(v.bin, v.args, v.env, settle)
			if err != nil {
				return fmt.Errorf("%s %s: %w", filepath.Base(v.bin), strings.Join(v.args, " "), err)
			}
			*v.into = append(*v.into, s)
		}
		fmt.Fprintf(os.Stderr, "\rstart-up runs: %d/%d", i+1, runs)
	}
	fmt.Fprintln(os.Stderr)

	var peaks, rss []float64
	for j := 0; j < journeys; j++ {
		jenv := append(safarEnv, "SAFAR_BENCH_JOURNEY="+strconv.Itoa(rounds),
			"SAFAR_HEAPPROFILE="+filepath.Join(scratch, "journey-"+strconv.Itoa(j)+".heap"))
		start := time.Now()
		m, said, err := w.journey(safarBin, []string{"-data", installed}, jenv)
		if err != nil {
			return fmt.Errorf("journey: %w", err)
		}
		peaks = append(peaks, m.hwm)
		rss = append(rss, m.rss)
		fmt.Fprintf(os.Stderr, "journey %d/%d: %s, peak %.0f MiB, resident %.0f MiB (%s)\n", j+1, journeys,
			time.Since(start).Round(time.Second), m.hwm, m.rss, strings.TrimPrefix(said, "safar: "))
	}

	t := table{}
	t.row("exec → window mapped, installed", "ms", mapped(bare), mapped(inst), 0)
	t.row("exec → first frame, installed", "ms", frame(bare), frame(inst), targetInstalled)
	t.row("exec → window mapped, first run", "ms", mapped(bare), mapped(first), 0)
	t.row("exec → first frame, first run", "ms", frame(bare), frame(first), targetFirstRun)
	t.row("peak memory at start-up, installed", "MiB", hwm(bare), hwm(inst), 0)
	if journeys > 0 {
		t.row(fmt.Sprintf("peak memory after the journey (%d×)", rounds), "MiB", hwm(bare), peaks, targetMemory)
		t.row("resident memory after the journey", "MiB", hwm(bare), rss, 0)
	}
	if traced(inst) {
		fmt.Println("\nsteps of start-up, median ms from exec:")
		printSteps(os.Stdout, "bare window", bare)
		printSteps(os.Stdout, "installed", inst)
		printSteps(os.Stdout, "first run", first)
	}
	fmt.Printf("\nmedians of %d start-ups each, interleaved; %d journeys; Xvfb %s\n\n", runs, journeys, display)
	t.print(os.Stdout)
	if len(t.missed) > 0 {
		return fmt.Errorf("targets missed: %s", strings.Join(t.missed, "; "))
	}
	return nil
}

// startXvfb starts a virtual X server on a free display.
func startXvfb() (string, func(), error) {
	r, wr, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	defer r.Close()
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1024x900x24", "-br", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{wr}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		wr.Close()
		return "", nil, fmt.Errorf("start Xvfb (make bench-startup installs it): %w", err)
	}
	wr.Close()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return "", nil, fmt.Errorf("Xvfb did not start: %w", err)
	}
	stop := func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}
	return ":" + strings.TrimSpace(line), stop, nil
}

// prepareInstalled makes the data folder of a reader who has used the app:
// the embedded pack installed and the first-run choices made, in Arabic.
func prepareInstalled(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	cs, _, err := bundled.Open(filepath.Join(dir, "content.db"))
	if err != nil {
		return err
	}
	if err := cs.Close(); err != nil {
		return err
	}
	us, err := userdata.Open(filepath.Join(dir, "user.db"))
	if err != nil {
		return err
	}
	s := userdata.Defaults
	s.Lang, s.Country, s.Stage, s.Onboarded = "ar", "de", "first-weeks", true
	if err := us.SaveSettings(s); err != nil {
		us.Close()
		return err
	}
	return us.Close()
}

// envList collects repeated -env flags.
type envList []string

func (e *envList) String() string     { return strings.Join(*e, " ") }
func (e *envList) Set(v string) error { *e = append(*e, v); return nil }

// startup is what one start of a program measured.
type startup struct {
	mapped, frame time.Duration
	hwm           float64 // MiB, after the settle time
	steps         []step  // Safar's own steps, with -trace
}

// step is one step of Safar's start-up: when it was done, from exec, and
// the processor time the program had used by then (all its threads). On a
// shared machine the processor time says more than the clock.
type step struct {
	name    string
	at, cpu time.Duration
}

// parseSteps reads the "safar-trace: STEP UNIXNANO CPUNANO" lines of
// Safar's stderr (main_bench.go), with times from t0.
func parseSteps(stderr string, t0 time.Time) []step {
	var steps []step
	for _, line := range strings.Split(stderr, "\n") {
		rest, ok := strings.CutPrefix(line, "safar-trace: ")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) < 3 {
			continue
		}
		ns, err1 := strconv.ParseInt(f[len(f)-2], 10, 64)
		cpu, err2 := strconv.ParseInt(f[len(f)-1], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		steps = append(steps, step{name: strings.Join(f[:len(f)-2], " "), at: time.Unix(0, ns).Sub(t0), cpu: time.Duration(cpu)})
	}
	return steps
}

func traced(s []startup) bool { return len(s) > 0 && len(s[0].steps) > 0 }

// printSteps prints the median time of each traced step, in the order of
// the first start-up, with the window's mapping and first frame among them.
func printSteps(out io.Writer, kind string, s []startup) {
	at, cpu := map[string][]float64{}, map[string][]float64{}
	var order []string
	for i, st := range s {
		for _, p := range st.steps {
			if i == 0 {
				order = append(order, p.name)
			}
			at[p.name] = append(at[p.name], ms(p.at))
			cpu[p.name] = append(cpu[p.name], ms(p.cpu))
		}
	}
	type row struct {
		name    string
		at, cpu float64 // cpu < 0: not known
	}
	rows := []row{{"window mapped", median(mapped(s)), -1}, {"first frame", median(frame(s)), -1}}
	for _, name := range order {
		rows = append(rows, row{name, median(at[name]), median(cpu[name])})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].at < rows[j].at })
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tclock\tprocessor\t\n", kind)
	for _, r := range rows {
		c := ""
		if r.cpu >= 0 {
			c = fmt.Sprintf("%.0f ms", r.cpu)
		}
		fmt.Fprintf(tw, "  %s\t%.0f ms\t%s\t\n", r.name, r.at, c)
	}
	tw.Flush()
}

// lockedBuffer collects a program's output while it runs and can be
// read at the same time.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// memory is a process's resident memory, in MiB.
type memory struct{ hwm, rss float64 }

// watcher sees windows being mapped on the display and reads their pixels.
type watcher struct {
	conn   *xgb.Conn
	mapped chan mapEvent
}

type mapEvent struct {
	win xproto.Window
	at  time.Time
}

func newWatcher(display string) (*watcher, error) {
	xgb.Logger = log.New(io.Discard, "", 0) // it speaks of a missing .Xauthority, which Xvfb does not need
	conn, err := xgb.NewConnDisplay(display)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", display, err)
	}
	root := xproto.Setup(conn).DefaultScreen(conn).Root
	// Top-level windows are the root's children: their MapNotify comes to
	// whoever selects SubstructureNotify on the root.
	if err := xproto.ChangeWindowAttributesChecked(conn, root, xproto.CwEventMask,
		[]uint32{xproto.EventMaskSubstructureNotify}).Check(); err != nil {
		conn.Close()
		return nil, err
	}
	w := &watcher{conn: conn, mapped: make(chan mapEvent, 64)}
	go func() {
		for {
			ev, err := conn.WaitForEvent()
			if ev == nil && err == nil {
				return // the connection is closed
			}
			if m, ok := ev.(xproto.MapNotifyEvent); ok {
				w.mapped <- mapEvent{win: m.Window, at: time.Now()}
			}
		}
	}()
	return w, nil
}

func (w *watcher) close() { w.conn.Close() }

// drain forgets windows mapped by earlier runs.
func (w *watcher) drain() {
	for {
		select {
		case <-w.mapped:
		default:
			return
		}
	}
}

// launch starts bin and waits for its window to be mapped and drawn. It
// returns the program's stderr as it is written, and when it was started.
func (w *watcher) launch(bin string, args, env []string, stdout io.Writer) (*exec.Cmd, startup, *lockedBuffer, time.Time, error) {
	w.drain()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdout = stdout
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	var s startup
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, s, nil, t0, err
	}
	fail := func(err error) (*exec.Cmd, startup, *lockedBuffer, time.Time, error) {
		cmd.Process.Kill()
		cmd.Wait()
		if out := strings.TrimSpace(stderr.String()); out != "" {
			err = fmt.Errorf("%w\n%s", err, out)
		}
		return nil, s, nil, t0, err
	}
	var win xproto.Window
	select {
	case m := <-w.mapped:
		s.mapped, win = m.at.Sub(t0), m.win
	case <-time.After(60 * time.Second):
		return fail(errors.New("no window was mapped within a minute"))
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		drawn, err := w.drawn(win)
		if err != nil {
			return fail(err)
		}
		if drawn {
			s.frame = time.Since(t0)
			break
		}
		if time.Now().After(deadline) {
			return fail(errors.New("the window stayed blank for a minute"))
		}
		time.Sleep(2 * time.Millisecond)
	}
	return cmd, s, stderr, t0, nil
}

// drawn reports whether the window shows more than one colour.
func (w *watcher) drawn(win xproto.Window) (bool, error) {
	g, err := xproto.GetGeometry(w.conn, xproto.Drawable(win)).Reply()
	if err != nil {
		return false, fmt.Errorf("window geometry: %w", err)
	}
	img, err := xproto.GetImage(w.conn, xproto.ImageFormatZPixmap, xproto.Drawable(win),
		0, 0, g.Width, g.Height, 0xffffffff).Reply()
	if err != nil {
		return false, fmt.Errorf("read the window's pixels: %w", err)
	}
	d := img.Data
	for i := 4; i+3 <= len(d); i += 4 {
		// 24-bit colour in 32-bit pixels: the fourth byte is padding.
		if d[i] != d[0] || d[i+1] != d[1] || d[i+2] != d[2] {
			return true, nil
		}
	}
	return false, nil
}

// start measures one start-up, then ends the program.
func (w *watcher) start(bin string, args, env []string, settle time.Duration) (startup, error) {
	cmd, s, stderr, t0, err := w.launch(bin, args, env, io.Discard)
	if err != nil {
		return s, err
	}
	time.Sleep(settle)
	m, err := readMemory(cmd.Process.Pid)
	stop(cmd)
	s.hwm = m.hwm
	s.steps = parseSteps(stderr.String(), t0)
	return s, err
}

// journey starts Safar with the journey hook set and reads its memory
// when the journey is done.
func (w *watcher) journey(bin string, args, env []string) (memory, string, error) {
	r, wr := io.Pipe()
	done := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "journey done") {
				done <- sc.Text()
				break
			}
		}
		io.Copy(io.Discard, r)
	}()
	defer wr.Close()
	cmd, _, _, _, err := w.launch(bin, args, env, wr)
	if err != nil {
		return memory{}, "", err
	}
	defer stop(cmd)
	exited := make(chan error, 1)
	go func() {
		_, err := cmd.Process.Wait()
		exited <- err
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	var said string
	select {
	case said = <-done:
	case <-exited:
		return memory{}, "", errors.New("Safar exited during the journey")
	case <-ctx.Done():
		return memory{}, "", errors.New("the journey did not finish in 30 minutes")
	}
	m, err := readMemory(cmd.Process.Pid)
	return m, said, err
}

func stop(cmd *exec.Cmd) {
	cmd.Process.Signal(syscall.SIGTERM)
	t := time.AfterFunc(5*time.Second, func() { cmd.Process.Kill() })
	cmd.Wait()
	t.Stop()
}

// readMemory reads the peak and current resident memory of a process.
func readMemory(pid int) (memory, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	var m memory
	for _, line := range strings.Split(string(data), "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 64)
		if err != nil {
			continue
		}
		switch key {
		case "VmHWM":
			m.hwm = kb / 1024
		case "VmRSS":
			m.rss = kb / 1024
		}
	}
	if m.hwm == 0 {
		return m, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
	}
	return m, nil
}

func mapped(s []startup) []float64 {
	return collect(s, func(s startup) float64 { return ms(s.mapped) })
}
func frame(s []startup) []float64 { return collect(s, func(s startup) float64 { return ms(s.frame) }) }
func hwm(s []startup) []float64   { return collect(s, func(s startup) float64 { return s.hwm }) }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func collect(s []startup, f func(startup) float64) []float64 {
	out := make([]float64, len(s))
	for i := range s {
		out[i] = f(s[i])
	}
	return out
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// table collects the figures and whether each meets its target.
type table struct {
	rows   [][]string
	missed []string
}

func (t *table) row(name, unit string, bare, safar []float64, target float64) {
	b, s := median(bare), median(safar)
	ratio := s / b
	verdict := ""
	if target > 0 {
		verdict = fmt.Sprintf("≤ %.1f×  ", target)
		if ratio <= target {
			verdict += "met"
		} else {
			verdict += "MISSED"
			t.missed = append(t.missed, fmt.Sprintf("%s %.2f× > %.1f×", name, ratio, target))
		}
	}
	t.rows = append(t.rows, []string{name, fmt.Sprintf("%.0f %s", b, unit), fmt.Sprintf("%.0f %s", s, unit),
		fmt.Sprintf("%.2f×", ratio), verdict})
}

func (t *table) print(out io.Writer) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tbare window\tSafar\tratio\ttarget\t")
	for _, r := range t.rows {
		fmt.Fprintln(tw, strings.Join(r, "\t")+"\t")
	}
	tw.Flush()
}
