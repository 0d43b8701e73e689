package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Entries, indexes and diffs are read strictly. encoding/json lets through
// three things a signed file must not hold, because what the signer meant
// then depends on which parser reads it:
//   - a key twice ({"sequence": 3, "sequence": 53}): the last one wins;
//   - a key spelled in another case ("Sequence", even "ſequence"), which
//     fills the same field;
//   - data after the value.
//
// decodeStrict first walks the tokens with encoding/json's own tokenizer,
// guided by the Go type it will fill, and refuses all three, with the line
// and the key; then encoding/json decodes. encoding/json/v2 refuses
// duplicate names by itself, but in Go 1.26 it is still behind
// GOEXPERIMENT=jsonv2, and its stand-alone release
// (github.com/go-json-experiment/json) says its API may still change; the
// walk is small and needs neither.
func decodeStrict(name string, data []byte, v any) error {
	if err := checkStrict(data, reflect.TypeOf(v).Elem()); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // already refused; kept as a second lock
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, explainJSON(data, err))
	}
	return nil
}

// maxDepth bounds nesting: the deepest of these files has four levels, and
// a file of brackets must not take the walk's stack.
const maxDepth = 16

// ErrNotJSON says a file that should be JSON is not: a web server's error
// page, a truncated download, a file of another kind.
var ErrNotJSON = errors.New("is not JSON")

func checkStrict(data []byte, t reflect.Type) error {
	if !utf8.Valid(data) {
		return fmt.Errorf("%w: it is not UTF-8 text", ErrNotJSON)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	w := walker{dec: dec, data: data}
	if err := w.value(t, nil, 0); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("data after the end of the JSON value (%s)", w.line())
	}
	return nil
}

type walker struct {
	dec  *json.Decoder
	data []byte
}

func (w walker) line() string {
	off := int(w.dec.InputOffset())
	if off > len(w.data) {
		off = len(w.data)
	}
	return fmt.Sprintf("line %d", 1+bytes.Count(w.data[:off], []byte("\n")))
}

func (w walker) token() (json.Token, error) {
	tok, err := w.dec.Token()
	if err != nil {
		return nil, explainJSON(w.data, err)
	}
	return tok, nil
}

// value reads one value that is to fill a t (nil: any), at path (the keys
// and positions that lead to it, for messages).
func (w walker) value(t reflect.Type, path []string, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("nested more than %d deep at %s (%s)", maxDepth, where(path), w.line())
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := w.token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for w.dec.More() {
			k, err := w.token()
			if err != nil {
				return err
			}
			key := k.(string) // the tokenizer allows only strings here
			if seen[key] {
				return fmt.Errorf("the key %q appears twice in %s (%s)", key, where(path), w.line())
			}
			seen[key] = true
			var elem reflect.Type
			if t != nil {
				switch t.Kind() {
				case reflect.Struct:
					f, ok := field(t, key)
					if !ok {
						return fmt.Errorf("unknown key %q in %s (%s)", key, where(path), w.line())
					}
					elem = f
				case reflect.Map:
					elem = t.Elem()
				}
			}
			if err := w.value(elem, append(path[:len(path):len(path)], strconvQuote(key)), depth+1); err != nil {
				return err
			}
		}
		_, err := w.token() // '}'
		return err
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.value(elem, append(path[:len(path):len(path)], fmt.Sprint(i)), depth+1); err != nil {
				return err
			}
		}
		_, err := w.token() // ']'
		return err
	}
	return nil
}

// field is the type of t's field whose JSON name is exactly key.
func field(t reflect.Type, key string) (reflect.Type, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if f.IsExported() && name != "-" && name == key {
			return f.Type, true
		}
	}
	return nil, false
}

func where(path []string) string {
	if len(path) == 0 {
		return "the top level"
	}
	return strings.Join(path, " → ")
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

// explainJSON says in words what encoding/json found, with the line.
func explainJSON(data []byte, err error) error {
	lineAt := func(off int64) int {
		if off > int64(len(data)) {
			off = int64(len(data))
		}
		return 1 + bytes.Count(data[:off], []byte("\n"))
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("%w: %s (line %d)%s", ErrNotJSON, strings.TrimPrefix(syn.Error(), "json: "), lineAt(syn.Offset), looksLike(data))
	case len(bytes.TrimSpace(data)) == 0:
		return fmt.Errorf("%w: it is empty", ErrNotJSON)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("%w: it ends in the middle of a value (cut short?)%s", ErrNotJSON, looksLike(data))
	case errors.As(err, &typ):
		return fmt.Errorf("%q holds a JSON %s; the format has a %s there (line %d)", typ.Field, typ.Value, kind(typ.Type), lineAt(typ.Offset))
	}
	return errors.New(strings.TrimPrefix(err.Error(), "json: "))
}

func kind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "whole number"
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Slice, reflect.Array:
		return "list"
	}
	return t.Kind().String()
}

// looksLike names what a file that is not JSON seems to be, when that
// helps: most often a web server's error page served in its place.
func looksLike(data []byte) string {
	head := strings.ToLower(string(bytes.TrimSpace(data[:min(len(data), 512)])))
	if strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") || strings.HasPrefix(head, "<") {
		return "; it looks like an HTML page, such as a web server's error page"
	}
	return ""
}
