package archtest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

const module = "safar.app/safar"

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// packages lists every package of the module with its imports, as go list
// sees them with the tags the project builds with.
func packages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-tags", "ci sqlite_fts5", "-json", "./...")
	cmd.Dir = root(t)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("go list: %v\n%s", err, errOut.String())
	}
	var all []pkg
	dec := json.NewDecoder(&out)
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		all = append(all, p)
	}
	if len(all) < 10 {
		t.Fatalf("go list found only %d packages", len(all))
	}
	return all
}

func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no go.mod two folders up: %v", err)
	}
	return dir
}

// rel is a package's path inside the module: "" for main.
func rel(path string) string { return strings.TrimPrefix(strings.TrimPrefix(path, module), "/") }

func under(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }

// ui are the packages that may use Fyne and the app: main, app and cmd.
func ui(p string) bool { return p == "" || under(p, "app") || under(p, "cmd") }

// TestLayers: no package below app imports Fyne, directly or through
// another package, and nothing outside main, app and cmd imports the app.
func TestLayers(t *testing.T) {
	fyneInApp := false
	for _, p := range packages(t) {
		name := rel(p.ImportPath)
		for _, d := range p.Deps {
			bad := under(d, "fyne.io") || (strings.HasPrefix(d, module+"/") && under(rel(d), "app"))
			if name == "app" && under(d, "fyne.io") {
				fyneInApp = true // the check below sees Fyne where it is
			}
			if bad && !ui(name) {
				t.Errorf("%s depends on %s; only main, app/ and cmd/ may", name, d)
				break
			}
		}
	}
	if !fyneInApp {
		t.Fatal("go list shows no Fyne under app: the layer check sees nothing")
	}
}

// TestArchitectureDocListsEveryPackage: the package table of
// docs/architecture.md names exactly the packages go list finds.
func TestArchitectureDocListsEveryPackage(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root(t), "docs", "architecture.md"))
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	type docRow struct {
		names   []string
		imports string // as the table has it: sorted, comma-separated, or —
	}
	var rows []docRow
	row := regexp.MustCompile("^\\| ((?:`[^`]+`(?: \\(main\\))?(?:, )?)+) \\| [^|]+ \\| ([^|]+) \\|$")
	name := regexp.MustCompile("`([^`]+)`")
	for _, line := range strings.Split(string(data), "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		r := docRow{imports: strings.TrimSpace(m[2])}
		for _, n := range name.FindAllStringSubmatch(m[1], -1) {
			documented[n[1]] = true
			r.names = append(r.names, n[1])
		}
		rows = append(rows, r)
	}
	var missing []string
	listed := map[string]bool{}
	imports := map[string][]string{} // package → the module's packages it imports
	for _, p := range packages(t) {
		n := rel(p.ImportPath)
		if n == "" {
			n = "safar"
		}
		listed[n] = true
		if !documented[n] {
			missing = append(missing, n)
		}
		for _, i := range p.Imports {
			if strings.HasPrefix(i, module+"/") {
				imports[n] = append(imports[n], rel(i))
			}
		}
	}
	// Each row's imports column is what its packages import of the module.
	for _, r := range rows {
		set := map[string]bool{}
		for _, n := range r.names {
			for _, i := range imports[n] {
				set[i] = true
			}
		}
		var want []string
		for i := range set {
			want = append(want, i)
		}
		sort.Strings(want)
		got := "—"
		if len(want) > 0 {
			got = strings.Join(want, ", ")
		}
		if got != r.imports {
			t.Errorf("docs/architecture.md says %v import %q; go list says %q", r.names, r.imports, got)
		}
	}
	var stale []string
	for n := range documented {
		if !listed[n] {
			stale = append(stale, n)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing) > 0 {
		t.Errorf("docs/architecture.md does not list %v: add a row to its package table", missing)
	}
	if len(stale) > 0 {
		t.Errorf("docs/architecture.md lists %v, which go list does not find", stale)
	}
}
