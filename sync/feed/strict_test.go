package feed

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func sampleEntry(t *testing.T) []byte {
	t.Helper()
	h := Hash([]byte("x"))
	f := File{SHA256: h, Size: 1, Blob: h, ZSize: 10}
	e := Entry{Publisher: "safar-de", Scope: "de/", Sequence: 3, IndexHash: h, Index: f, Diffs: map[int64]File{2: f}}
	data, err := e.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A duplicated "sequence" installed release 53 and then blocked release 3
// (issue 16 §3): encoding/json keeps the last of two keys.
func TestEntryWithADuplicatedSequenceIsRefused(t *testing.T) {
	data := sampleEntry(t)
	if _, err := ParseEntry("de/entry.json", data); err != nil {
		t.Fatalf("the honest entry: %v", err)
	}
	forged := strings.Replace(string(data), `"sequence": 3,`, `"sequence": 3, "sequence": 53,`, 1)
	e, err := ParseEntry("de/entry.json", []byte(forged))
	if err == nil {
		t.Fatalf("accepted, sequence %d", e.Sequence)
	}
	for _, want := range []string{"de/entry.json", `"sequence" appears twice`, "line 4"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%v; want %q in it", err, want)
		}
	}
	// Unmarshal, which the client calls, is just as strict.
	if _, err := Unmarshal([]byte(forged)); err == nil {
		t.Error("Unmarshal accepted the duplicated sequence")
	}
}

func TestStrictParsingRefuses(t *testing.T) {
	entry := string(sampleEntry(t))
	h := Hash([]byte("x"))
	file := `{"sha256":"` + h + `","size":1,"blob":"` + h + `","zsize":10}`
	tests := []struct {
		name, file, data string
		parse            func(name string, data []byte) error
		want             []string
	}{
		{"entry key in another case", "de/entry.json", strings.Replace(entry, `"sequence": 3`, `"Sequence": 53`, 1), parseEntry,
			[]string{"de/entry.json", `unknown key "Sequence"`}},
		{"entry key folded by encoding/json", "de/entry.json", strings.Replace(entry, `"sequence": 3`, `"ſequence": 53`, 1), parseEntry,
			[]string{`unknown key "ſequence"`}},
		{"entry unknown key", "de/entry.json", strings.Replace(entry, `"sequence": 3`, `"sequence": 3, "extra": true`, 1), parseEntry,
			[]string{`unknown key "extra" in the top level`}},
		{"entry trailing data", "de/entry.json", entry + `{"sequence": 53}`, parseEntry,
			[]string{"de/entry.json", "data after the end"}},
		{"entry trailing garbage", "de/entry.json", entry + "x", parseEntry,
			[]string{"data after the end"}},
		{"entry nested duplicate", "de/entry.json", strings.Replace(entry, `"zsize": 10`, `"zsize": 10, "zsize": 99`, 1), parseEntry,
			[]string{`"zsize" appears twice in "index"`}},
		{"entry diffs duplicate", "de/entry.json", strings.Replace(entry, `"diffs": {`, `"diffs": {"2": `+file+`,`, 1), parseEntry,
			[]string{`"2" appears twice in "diffs" (line`}},
		{"entry wrong type", "de/entry.json", strings.Replace(entry, `"sequence": 3`, `"sequence": "3"`, 1), parseEntry,
			[]string{`"sequence" holds a JSON string; the format has a whole number there`}},
		{"index duplicate path", "index of safar-de", `{"de/a.md":` + file + `,"de/a.md":` + file + `}`, parseIndex,
			[]string{"index of safar-de", `"de/a.md" appears twice in the top level`}},
		{"index unknown key in a file", "index of safar-de", `{"de/a.md":` + strings.Replace(file, `"size"`, `"mode":1,"size"`, 1) + `}`, parseIndex,
			[]string{`unknown key "mode" in "de/a.md" (line 1)`}},
		{"index trailing data", "index of safar-de", `{"de/a.md":` + file + `} []`, parseIndex,
			[]string{"data after the end"}},
		{"diff duplicate key", "diff of safar-de from 2", `{"remove":["de/a.md"],"remove":[]}`, parseDiff,
			[]string{"diff of safar-de from 2", `"remove" appears twice`}},
		{"diff duplicate path", "diff", `{"set":{"de/a.md":` + file + `,"de/a.md":` + file + `}}`, parseDiff,
			[]string{`"de/a.md" appears twice in "set"`}},
		{"diff unknown key", "diff", `{"removed":["de/a.md"]}`, parseDiff,
			[]string{`unknown key "removed"`}},
		{"an HTML error page", "de/entry.json", "<html>\r\n<head><title>404 Not Found</title></head>", parseEntry,
			[]string{"de/entry.json", "is not JSON", "HTML page"}},
		{"cut short", "de/entry.json", entry[:len(entry)/2], parseEntry,
			[]string{"is not JSON", "cut short"}},
		{"not UTF-8", "de/entry.json", "{\"publisher\": \"\xff\"}", parseEntry,
			[]string{"is not JSON", "UTF-8"}},
		{"deep nesting", "index", `{"a":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}`, parseIndex,
			[]string{`nested more than 16 deep at "a" → 0 → 0`}},
		{"empty", "de/entry.json", "", parseEntry,
			[]string{"de/entry.json", "is not JSON: it is empty"}},
	}
	for _, tt := range tests {
		err := tt.parse(tt.file, []byte(tt.data))
		if err == nil {
			t.Errorf("%s: accepted", tt.name)
			continue
		}
		t.Logf("%s: %v", tt.name, err)
		for _, want := range tt.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v; want %q in it", tt.name, err, want)
			}
		}
	}
}

func parseEntry(name string, data []byte) error { _, err := ParseEntry(name, data); return err }
func parseIndex(name string, data []byte) error { _, err := ParseIndex(name, data); return err }
func parseDiff(name string, data []byte) error  { _, err := ParseDiff(name, data); return err }

func TestNotJSONIsAnErrorOfItsOwn(t *testing.T) {
	_, err := ParseIndex("index", []byte("<!DOCTYPE html><p>502 Bad Gateway"))
	if !errors.Is(err, ErrNotJSON) {
		t.Errorf("%v is not ErrNotJSON", err)
	}
}

// What the publisher writes, the client reads back unchanged.
func TestStrictParsingReadsWhatThePublisherWrites(t *testing.T) {
	h := Hash([]byte("x"))
	f := File{SHA256: h, Size: 1, Blob: h, ZSize: 10}
	index := map[string]File{"de/a.md": f, "de/b/c.toml": f}
	data, _ := json.Marshal(index)
	got, err := ParseIndex("index", data)
	if err != nil || len(got) != 2 || got["de/b/c.toml"] != f {
		t.Errorf("index: %v, %v", got, err)
	}
	d := DiffOf(map[string]File{"de/gone.md": f}, index)
	data, _ = json.Marshal(d)
	gotDiff, err := ParseDiff("diff", data)
	if err != nil || len(gotDiff.Set) != 2 || len(gotDiff.Remove) != 1 {
		t.Errorf("diff: %+v, %v", gotDiff, err)
	}
	e, err := ParseEntry("de/entry.json", sampleEntry(t))
	if err != nil || e.Sequence != 3 || e.Diffs[2] != f {
		t.Errorf("entry: %+v, %v", e, err)
	}
}

func TestPathsAreQuotedAndPlain(t *testing.T) {
	h := Hash([]byte("x"))
	f := File{SHA256: h, Blob: h}
	tests := []struct {
		path string
		want string
	}{
		{"de/a\x00.md", `"de/a\x00.md" holds a control character`},
		{"de/a\n.md", `"de/a\n.md" holds a control character`},
		{"de/a\u202e.md", ""}, // a bidi control is a format character, allowed in names
		{"de//a.md", "not a plain relative path"},
		{"de/./a.md", "not a plain relative path"},
		{"de/x/../../se/a.md", "outside its paths"},
		{"de/a\\..\\b.md", "backslash"},
		{"de/\xffa.md", "not UTF-8"},
	}
	for _, tt := range tests {
		err := CheckFiles("safar-de", "de/", map[string]File{tt.path: f}, nil)
		if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%q: %v, want %q", tt.path, err, tt.want)
		}
		if err != nil && strings.ContainsAny(err.Error(), "\x00\n") {
			t.Errorf("%q: the message holds the raw control character", tt.path)
		}
	}
	e := Entry{Publisher: "safar-de", Scope: "de/", Sequence: 0, IndexHash: h, Index: f}
	if err := e.Check("de/"); err == nil || !strings.Contains(err.Error(), "start at 1") {
		t.Errorf("sequence 0: %v", err)
	}
}
