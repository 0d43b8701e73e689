package backup

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"safar.app/safar/userdata"
	"safar.app/safar/userdata/vault"
)

// The crash tests run the vault's changes in a child process (this test
// binary again, TestCrashChild) and kill it with SIGKILL at random moments.
// Afterwards the data folder must open with the old state or the new,
// never a mix, and hold no plaintext.

const (
	passA = "first passphrase"
	passB = "second passphrase"
)

// crashDoc is the k-th document the add child writes: its content can be
// told from its title, so a document whose file and row disagree shows.
func crashDoc(k int) ([]byte, string) {
	title := fmt.Sprintf("crash doc %d", k)
	return pdf(marker + " " + title + strings.Repeat(" padding", 500*(k%5))), title
}

// TestCrashChild is the child: it does one kind of change over and over
// until it is killed. It does nothing in a normal test run.
func TestCrashChild(t *testing.T) {
	op, dir := os.Getenv("SAFAR_CRASH_OP"), os.Getenv("SAFAR_CRASH_DIR")
	if op == "" {
		t.Skip("only run as the crash tests' child")
	}
	marker = os.Getenv("SAFAR_CRASH_MARKER")
	s, st := userdata.OpenFolder(dir)
	if st.Damaged || st.ReadOnly {
		fmt.Println("bad start", st)
		os.Exit(3)
	}
	v := vault.New(s, filepath.Join(dir, userdata.VaultDir), vault.Options{LogN: testLogN, Idle: -1})
	say := func(s string) { fmt.Println(s); os.Stdout.Sync() }
	switch op {
	case "add":
		if err := v.Unlock(passA); err != nil {
			say("unlock: " + err.Error())
			os.Exit(3)
		}
		list, _ := v.List()
		say("ready")
		for k := len(list); ; k++ {
			data, title := crashDoc(k)
			if _, err := v.Add(bytes.NewReader(data), vault.Meta{Title: title, Notes: marker}); err != nil {
				say("add: " + err.Error())
				os.Exit(3)
			}
		}
	case "passphrase":
		cur, next := passA, passB
		if v.Unlock(cur) != nil {
			cur, next = passB, passA
		}
		say("ready")
		for {
			if err := v.ChangePassphrase(cur, next); err != nil {
				say("change: " + err.Error())
				os.Exit(3)
			}
			cur, next = next, cur
		}
	case "restore":
		backups := []string{filepath.Join(os.Getenv("SAFAR_CRASH_BACKUPS"), "x"), filepath.Join(os.Getenv("SAFAR_CRASH_BACKUPS"), "y")}
		start := 0
		if set, _ := s.Settings(); set.Lang == "ti" { // x is in place: restore y first
			start = 1
		}
		say("ready")
		for i := start; ; i++ {
			f, err := os.Open(backups[i%2])
			if err != nil {
				os.Exit(3)
			}
			staged, err := Unpack(f, backupPass, dir)
			f.Close()
			if err != nil {
				say("unpack: " + err.Error())
				os.Exit(3)
			}
			if err := staged.Restore(s); err != nil {
				say("restore: " + err.Error())
				os.Exit(3)
			}
		}
	}
}

// killAt runs the child for op and kills it a random time after it is
// ready. It returns false if the child failed by itself.
func killAt(t *testing.T, op, dir, tmp string, window time.Duration, extraEnv ...string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SAFAR_CRASH_OP="+op, "SAFAR_CRASH_DIR="+dir, "TMPDIR="+tmp, "SAFAR_CRASH_MARKER="+marker)
	cmd.Env = append(cmd.Env, extraEnv...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "ready" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child did not start: %q", lines.Text())
	}
	time.Sleep(rand.N(window))
	cmd.Process.Signal(syscall.SIGKILL)
	rest := new(strings.Builder)
	for lines.Scan() {
		rest.WriteString(lines.Text())
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("child ended by itself (%v): %s", err, rest)
	}
}

func crashRounds(t *testing.T) int {
	if testing.Short() {
		return 10
	}
	if n, err := strconv.Atoi(os.Getenv("SAFAR_CRASH_ROUNDS")); err == nil {
		return n
	}
	return 100
}

// noPlaintext fails if any file under the folders holds the marker.
func noPlaintext(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		filepath.WalkDir(d, func(path string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, []byte(marker)) {
					t.Errorf("plaintext in %s", path)
				}
			}
			return nil
		})
	}
}

func TestCrashDuringAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process hundreds of times; make test runs it in full, and -short only in its race pass")
	}
	f := newFolder(t)
	f.vault.Create(passA)
	f.store.Close()
	tmp := t.TempDir()
	for round := range crashRounds(t) {
		killAt(t, "add", f.dir, tmp, 40*time.Millisecond)
		s, st := userdata.OpenFolder(f.dir)
		if st.Damaged || st.ReadOnly {
			t.Fatalf("round %d: %+v", round, st)
		}
		v := vault.New(s, filepath.Join(f.dir, userdata.VaultDir), vault.Options{LogN: testLogN, Idle: -1})
		if err := v.Unlock(passA); err != nil {
			t.Fatalf("round %d: unlock: %v", round, err)
		}
		list, err := v.List()
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for _, m := range list {
			_, data, err := v.Open(m.ID)
			var k int
			fmt.Sscanf(m.Title, "crash doc %d", &k)
			want, _ := crashDoc(k)
			if err != nil || !bytes.Equal(data, want) {
				t.Fatalf("round %d: %q does not open whole: %v", round, m.Title, err)
			}
		}
		// After unlock's tidy every encrypted file belongs to a listed
		// document: a killed add leaves no half.
		entries, _ := os.ReadDir(v.Dir())
		if len(entries) != len(list) {
			t.Fatalf("round %d: %d files for %d documents", round, len(entries), len(list))
		}
		// Keep the vault small, so rounds stay quick; deleting is a
		// change too.
		for _, m := range list[min(len(list), 10):] {
			if err := v.Delete(m.ID); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
		noPlaintext(t, f.dir, tmp)
	}
}

func TestCrashDuringPassphraseChange(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process hundreds of times; make test runs it in full, and -short only in its race pass")
	}
	f := newFolder(t)
	f.vault.Create(passA)
	m, _ := f.vault.Add(bytes.NewReader(pdf(marker)), vault.Meta{Title: "kept", Notes: marker})
	f.store.Close()
	tmp := t.TempDir()
	seen := map[string]int{}
	for round := range crashRounds(t) {
		killAt(t, "passphrase", f.dir, tmp, 40*time.Millisecond)
		s, _ := userdata.OpenFolder(f.dir)
		v := vault.New(s, filepath.Join(f.dir, userdata.VaultDir), vault.Options{LogN: testLogN, Idle: -1})
		opened := ""
		for _, p := range []string{passA, passB} {
			if v.Unlock(p) == nil {
				opened = p
				break
			}
		}
		if opened == "" {
			t.Fatalf("round %d: neither passphrase opens the vault", round)
		}
		seen[opened]++
		if got, data, err := v.Open(m.ID); err != nil || got.Title != "kept" || !bytes.Equal(data, pdf(marker)) {
			t.Fatalf("round %d: document after a killed change: %v", round, err)
		}
		// Unlock counts failures; clear them so the delay never builds up.
		s.DB().Exec(`DELETE FROM vault_attempt`)
		s.Close()
		noPlaintext(t, f.dir, tmp)
	}
	t.Logf("opened with A %d times, with B %d times", seen[passA], seen[passB])
}

func TestCrashDuringRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process hundreds of times; make test runs it in full, and -short only in its race pass")
	}
	backups := t.TempDir()
	states := map[string]string{}
	for name, n := range map[string]int{"x": 2, "y": 3} {
		src := filled(t, n)
		lang := map[string]string{"x": "ti", "y": "uk"}[name]
		src.store.SaveSettings(userdata.Settings{Lang: lang, TextScale: 1})
		os.WriteFile(filepath.Join(backups, name), src.backup(t), 0o600)
		states[lang] = fmt.Sprint(documents(t, src.vault))
	}
	dst := newFolder(t)
	dst.store.Close()
	tmp := t.TempDir()
	seen := map[string]int{}
	for round := range crashRounds(t) {
		killAt(t, "restore", dst.dir, tmp, 150*time.Millisecond, "SAFAR_CRASH_BACKUPS="+backups)
		if _, err := os.Stat(filepath.Join(dst.dir, "restore.journal")); err == nil {
			seen["killed mid-swap"]++
		} else if st, _ := filepath.Glob(filepath.Join(dst.dir, userdata.StagePrefix+"*")); len(st) > 0 {
			seen["killed while unpacking"]++
		}
		s, st := userdata.OpenFolder(dst.dir)
		if st.Damaged {
			t.Fatalf("round %d: %+v", round, st)
		}
		set, _ := s.Settings()
		v := vault.New(s, filepath.Join(dst.dir, userdata.VaultDir), vault.Options{LogN: testLogN, Idle: -1})
		if set.Lang == "en" { // before the first restore completed
			s.Close()
			seen["none"]++
			continue
		}
		if err := v.Unlock(vaultPass); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if got, want := fmt.Sprint(documents(t, v)), states[set.Lang]; got != want {
			t.Fatalf("round %d: settings of %s but the vault is another state's:\n%s\n%s", round, set.Lang, got, want)
		}
		seen[set.Lang]++
		s.Close()
		noPlaintext(t, dst.dir, tmp)
	}
	t.Logf("states after a kill: %v", seen)
}
